/**
 * Evaluates the pipeline's QRS detector (src/main/core/qrs/detector.ts) on the MIT-BIH Arrhythmia Database
 * with the EC57 beat-by-beat scorer.
 *
 * Usage: npx tsx scripts/eval-qrs.ts [--data DIR] [--out DIR] [--records 100,101,...] [--lead N]
 *   --data     folder with RECORDS, REC.hea/.dat/.atr (default ../shared/data/mitdb beside the repo)
 *   --out      write REC.qrs (MIT annotation files, all beats 'N') there, for WFDB `bxb -a atr qrs`
 *   --records  comma-separated subset of records (default: all in RECORDS)
 *   --lead     signal to detect on (default 0)
 *
 * Prints, per record, reference beats / TP / FN / FP and QRS Se, +P for the EC57 window (from 5:00) and from
 * time 0 (150 ms match window, bxb rules), then gross and average Se / +P and the total detection time.
 */
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareBeats, type BeatMark, type RecordComparison } from '../src/main/core/evaluate/compare-beats';
import { summarize, type Ec57Summary } from '../src/main/core/evaluate/summarize';
import { detectQrs, QRS_DETECTOR_NAME } from '../src/main/core/qrs/detector';
import { readAnnotations, writeAnnotations, type Annotation } from '../src/main/core/wfdb/annotations';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

const values = new Command()
  .name('npm run eval:qrs --')
  .description('Score the QRS detector against the reference beat annotations (EC57 rules).')
  .option('--data <dir>', 'mitdb folder', resolve(process.cwd(), '..', 'shared', 'data', 'mitdb'))
  .option('--out <dir>', 'also write REC.qrs annotation files (for bxb)')
  .option('--records <list>', 'comma-separated record names (default: the RECORDS file)')
  .option('--lead <n>', 'signal to detect on', '0')
  .parse()
  .opts<{ data: string; out?: string; records?: string; lead: string }>();

const dataDir = values.data;
if (!existsSync(join(dataDir, 'RECORDS'))) {
  console.error(`eval-qrs: no RECORDS file in ${dataDir} (use --data DIR)`);
  process.exit(2);
}
const lead = Number(values.lead);
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

console.log('record |  EC57: ref    TP  FN  FP   Se %   +P % | from 0: ref    TP  FN  FP   Se %   +P % | detect s');
for (const rec of records) {
  const record = readRecord(join(dataDir, `${rec}.hea`));
  const signal = toPhysical(record, lead);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const beats = detectQrs(signal, record.fsHz);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  detectSeconds += seconds;
  detectCpuSeconds += (cpu.user + cpu.system) / 1e6;
  totalSamples += signal.length;
  const reference = readAnnotations(join(dataDir, `${rec}.atr`));
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
    const anns: Annotation[] = Array.from(beats, (sample) => ({ sample, symbol: 'N', subtype: 0, chan: lead, num: 0, aux: null }));
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
console.log(
  `detector ${QRS_DETECTOR_NAME}: ${detectSeconds.toFixed(2)} s wall, ${detectCpuSeconds.toFixed(2)} s CPU for ${(totalSamples / fsHz / 3600).toFixed(2)} h of signal ${lead}` +
    `; scoring: bxb rules, 150 ms window, class mapping de-chazal`,
);
if (values.out) console.log(`wrote ${records.length} annotation files REC.qrs to ${values.out}`);
