/**
 * Evaluates the pipeline's QRS detector (multi-lead: src/main/core/qrs/multi-lead.ts, Hamilton 2002 on every
 * lead fused by a quality-weighted vote) on the MIT-BIH Arrhythmia Database with the EC57 beat-by-beat scorer,
 * then on the nst electrode-motion records (eval-qrs-noise-stress.ts) and the nstdb em noise record through the whole
 * analysis (eval-qrs-unreadable.ts).
 *
 * Usage: npx tsx scripts/eval-qrs.ts [--data DIR] [--nstdb DIR] [--out DIR] [--records 100,101,...] [--lead N]
 *   --data     folder with RECORDS, REC.hea/.dat/.atr (default ../shared/data/mitdb beside the repo)
 *   --nstdb    folder with the nstdb noise record em (default ../shared/data/nstdb; skipped when absent)
 *   --out      write REC.qrs (MIT annotation files, all beats 'N') there, for WFDB `bxb -a atr qrs`
 *   --records  comma-separated subset of records (default: all in RECORDS)
 *   --lead     detect on this one signal only (Hamilton 2002 alone; default: all signals, fused)
 *
 * Prints, per record, reference beats / TP / FN / FP and QRS Se, +P for the EC57 window (from 5:00) and from
 * time 0 (150 ms match window, bxb rules), then gross and average Se / +P and the total detection time, then the
 * noise stress figures.
 */
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareBeats, type BeatMark, type RecordComparison } from '../src/main/core/evaluate/compare-beats';
import { summarize, type Ec57Summary } from '../src/main/core/evaluate/summarize';
import { detectQrs, QRS_DETECTOR_NAME } from '../src/main/core/qrs/detector';
import { detectQrsMultiLead } from '../src/main/core/qrs/multi-lead';
import { unreadableSpans } from '../src/main/core/qrs/unreadable-spans';
import { scoringClassOfSymbol } from '../src/main/core/evaluate/beat-class-mapping';
import { evalNoiseStress } from './eval-qrs-noise-stress';
import { evalUnreadable } from './eval-qrs-unreadable';
import { readAnnotations, writeAnnotations, type Annotation } from '../src/main/core/wfdb/annotations';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

const values = new Command()
  .name('npm run eval:qrs --')
  .description('Score the QRS detector against the reference beat annotations (EC57 rules).')
  .option('--data <dir>', 'mitdb folder', resolve(process.cwd(), '..', 'shared', 'data', 'mitdb'))
  .option('--nstdb <dir>', 'nstdb folder (noise record em)', resolve(process.cwd(), '..', 'shared', 'data', 'nstdb'))
  .option('--out <dir>', 'also write REC.qrs annotation files (for bxb)')
  .option('--records <list>', 'comma-separated record names (default: the RECORDS file)')
  .option('--lead <n>', 'detect on this signal only (default: every signal, fused)')
  .parse()
  .opts<{ data: string; nstdb: string; out?: string; records?: string; lead?: string }>();

const dataDir = values.data;
if (!existsSync(join(dataDir, 'RECORDS'))) {
  console.error(`eval-qrs: no RECORDS file in ${dataDir} (use --data DIR)`);
  process.exit(2);
}
const lead = values.lead === undefined ? null : Number(values.lead);
const records = values.records?.split(',') ?? readFileSync(join(dataDir, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
if (values.out) mkdirSync(values.out, { recursive: true });

const pct = (v: number | null): string => (v === null ? '     -' : v.toFixed(2).padStart(6));
const windows = [
  { name: 'EC57 (from 5:00)', startSec: 300 },
  { name: 'from 0', startSec: 0 },
] as const;
const results: RecordComparison[][] = windows.map(() => []);
let detectSeconds = 0;
let detectCpuSeconds = 0;
let totalSamples = 0;
let unreadableBeats = 0;
let referenceBeats = 0;

console.log('record |  EC57: ref    TP  FN  FP   Se %   +P % | from 0: ref    TP  FN  FP   Se %   +P % | detect s');
for (const rec of records) {
  const record = readRecord(join(dataDir, `${rec}.hea`));
  const signals = lead === null ? record.adc.map((_, i) => toPhysical(record, i)) : [toPhysical(record, lead)];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const multi = signals.length === 1 ? null : detectQrsMultiLead(signals, record.fsHz);
  const beats = multi?.beats ?? detectQrs(signals[0] as Float32Array, record.fsHz);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  detectSeconds += seconds;
  detectCpuSeconds += (cpu.user + cpu.system) / 1e6;
  totalSamples += record.nSamples;
  const reference = readAnnotations(join(dataDir, `${rec}.atr`));
  if (multi !== null) {
    const spans = unreadableSpans(multi.leads, multi.windowSamples, 0, record.nSamples);
    const ec57Beats = reference.filter((a) => {
      const cls = scoringClassOfSymbol(a.symbol, 'de-chazal');
      return a.sample >= 300 * record.fsHz && cls !== null && cls !== 'O';
    });
    referenceBeats += ec57Beats.length;
    unreadableBeats += ec57Beats.filter((a) => spans.some((u) => u.onsetSample <= a.sample && a.sample < u.endSample)).length;
  }
  const test: BeatMark[] = Array.from(beats, (sample) => ({ sample, cls: 'N' }));
  let line = rec.padEnd(6) + ' |';
  windows.forEach((w, k) => {
    const c = compareBeats(reference, test, record.fsHz, { recordName: rec, startSec: w.startSec, endSample: record.nSamples });
    results[k]?.push(c);
    const q = c.stats.qrs;
    line += `${String(q.tp + q.fn).padStart(11)} ${String(q.tp).padStart(5)} ${String(q.fn).padStart(3)} ${String(q.fp).padStart(3)} ${pct(q.sePct)} ${pct(q.ppvPct)} |`;
  });
  console.log(`${line} ${seconds.toFixed(3).padStart(8)}`);
  if (values.out) {
    const anns: Annotation[] = Array.from(beats, (sample) => ({ sample, symbol: 'N', subtype: 0, chan: lead ?? 0, num: 0, aux: null }));
    writeAnnotations(join(values.out, `${rec}.qrs`), anns);
  }
}

const describe = (s: Ec57Summary): string => {
  const g = s.gross.qrs;
  const a = s.average.qrs;
  return `gross Se ${pct(g.sePct)} % +P ${pct(g.ppvPct)} % (TP ${g.tp}, FN ${g.fn}, FP ${g.fp}); average Se ${pct(a.sePct)} % +P ${pct(a.ppvPct)} %`;
};
const worst = (cs: RecordComparison[]): string =>
  [...cs]
    .sort((x, y) => y.stats.qrs.fn + y.stats.qrs.fp - (x.stats.qrs.fn + x.stats.qrs.fp))
    .slice(0, 8)
    .map((c) => `${c.recordName} (FN ${c.stats.qrs.fn}, FP ${c.stats.qrs.fp})`)
    .join(', ');
console.log('');
windows.forEach((w, k) => {
  const cs = results[k] ?? [];
  console.log(`${w.name.padEnd(17)} ${records.length} records: ${describe(summarize(cs))}`);
  console.log(`${''.padEnd(17)} most errors: ${worst(cs)}`);
});
const fsHz = readRecord(join(dataDir, `${records[0]}.hea`)).fsHz;
const detectorName = lead === null ? `${QRS_DETECTOR_NAME} on every signal, fused (multi-lead)` : `${QRS_DETECTOR_NAME} on signal ${lead}`;
console.log(
  `detector ${detectorName}: ${detectSeconds.toFixed(2)} s wall, ${detectCpuSeconds.toFixed(2)} s CPU for ${(totalSamples / fsHz / 3600).toFixed(2)} h of recording` +
    `; scoring: bxb rules, 150 ms window, class mapping de-chazal`,
);
if (lead === null) {
  console.log(
    `reference beats (EC57 window) inside unreadable stretches (the signal-quality stage labels Q): ${unreadableBeats} beats of ${referenceBeats} (${((100 * unreadableBeats) / Math.max(1, referenceBeats)).toFixed(2)} %)`,
  );
}
if (values.out) console.log(`wrote ${records.length} annotation files REC.qrs to ${values.out}`);
if (existsSync(join(values.nstdb, 'em.hea')) && existsSync(join(dataDir, '118.hea')) && existsSync(join(dataDir, '119.hea'))) {
  evalNoiseStress(dataDir, values.nstdb, pct);
  await evalUnreadable(values.nstdb);
} else {
  console.log(`noise stress figures skipped: no em.hea in ${values.nstdb} or no 118/119 in ${dataDir}`);
}
