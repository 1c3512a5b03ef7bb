/**
 * `npm run eval:beats` — scores the QRS detector + AAMI beat classifier on MIT-BIH DS2 (de Chazal et al.
 * 2004 inter-patient test set, doi:10.1109/TBME.2004.827359) with the EC57 beat-by-beat scorer (150 ms
 * match window, de Chazal class mapping), once with detected R peaks and once with the reference R
 * positions ("oracle detection", which isolates the classifier's errors), each scored from 5:00 (EC57)
 * and from 0. DS2 is evaluated for reporting only: nothing is chosen on it.
 *
 * Usage: npx tsx scripts/eval-beats.ts [--data DIR] [--model DIR] [--backend auto|wasm|cpu|native]
 *        [--records 100,103,...] [--json FILE]
 * Prints per-record N/S/V Se, +P, F1 (detected, from 5:00) and the gross figures of all four runs.
 */
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BeatClassifier } from '../src/main/core/beats/classifier';
import { readReferenceBeats } from '../src/main/core/beats/reference-beats';
import { compareBeats, type BeatMark, type RecordComparison } from '../src/main/core/evaluate/compare-beats';
import type { DetectionStats, Ec57Statistics } from '../src/main/core/evaluate/ec57-statistics';
import { summarize } from '../src/main/core/evaluate/summarize';
import { initBackend, type BackendPreference } from '../src/main/core/ml/backend';
import { detectQrs } from '../src/main/core/qrs/hamilton-2002';
import { readAnnotations } from '../src/main/core/wfdb/annotations';
import { AAMI_CLASSES } from '../src/shared/labels';

/** DS2 of de Chazal et al. 2004 (paced records excluded). */
const DS2_RECORDS = Object.freeze([
  '100',
  '103',
  '105',
  '111',
  '113',
  '117',
  '121',
  '123',
  '200',
  '202',
  '210',
  '212',
  '213',
  '214',
  '219',
  '221',
  '222',
  '228',
  '231',
  '232',
  '233',
  '234',
]);

const args = new Command()
  .name('npm run eval:beats --')
  .description('Score the QRS detector + AAMI beat classifier on MIT-BIH DS2 with the EC57 beat-by-beat scorer.')
  .option('--data <dir>', 'mitdb folder', '../shared/data/mitdb')
  .option('--model <dir>', 'beat model folder', 'resources/models/beats')
  .option('--backend <name>', 'tfjs backend preference: auto, native, wasm or cpu', 'auto')
  .option('--records <list>', 'comma-separated record names (default: DS2)')
  .option('--json <file>', 'also write the summaries as JSON')
  .parse()
  .opts<{ data: string; model: string; backend: string; records?: string; json?: string }>();

type RunName = 'detected, from 5:00' | 'detected, from 0' | 'oracle, from 5:00' | 'oracle, from 0';
const RUNS: ReadonlyArray<{ name: RunName; oracle: boolean; startSec: number }> = [
  { name: 'detected, from 5:00', oracle: false, startSec: 300 },
  { name: 'detected, from 0', oracle: false, startSec: 0 },
  { name: 'oracle, from 5:00', oracle: true, startSec: 300 },
  { name: 'oracle, from 0', oracle: true, startSec: 0 },
];

function pct(value: number | null): string {
  return value === null ? '    -' : value.toFixed(1).padStart(5);
}

function triple(s: DetectionStats): string {
  return `${pct(s.sePct)} ${pct(s.ppvPct)} ${pct(s.f1Pct)}`;
}

function line(stats: Ec57Statistics): string {
  return `QRS ${triple(stats.qrs)} | N ${triple(stats.byClass.N)} | S ${triple(stats.sveb)} | V ${triple(stats.veb)}`;
}

const HEADER = '          Se    +P    F1 |     Se    +P    F1 |     Se    +P    F1 |     Se    +P    F1';

async function main(): Promise<void> {
  const backend = await initBackend({ prefer: args.backend as BackendPreference });
  const classifier = await BeatClassifier.load(resolve(args.model));
  const records = args.records?.split(',') ?? [...DS2_RECORDS];
  const comparisons: Record<RunName, RecordComparison[]> = {
    'detected, from 5:00': [],
    'detected, from 0': [],
    'oracle, from 5:00': [],
    'oracle, from 0': [],
  };
  let classifiedBeats = 0;
  let classifySeconds = 0;
  console.log(`eval-beats: model ${classifier.meta.name} ${classifier.meta.version} (${classifier.meta.created}), backend ${backend.name}`);
  console.log(`per record, detected R peaks, scored from 5:00 (EC57), de Chazal mapping\nrecord ${HEADER}`);
  for (const name of records) {
    const headerPath = join(resolve(args.data), `${name}.hea`);
    const ref = readReferenceBeats(headerPath);
    const reference = readAnnotations(join(resolve(args.data), `${name}.atr`));
    const detected = detectQrs(ref.leadMv, ref.fsHz);
    const recordLength = ref.leadMv.length;
    for (const oracle of [false, true]) {
      const peaks = oracle ? ref.beatSamples : detected;
      const t0 = performance.now();
      const result = await classifier.classify([ref.leadMv], ref.fsHz, peaks);
      classifySeconds += (performance.now() - t0) / 1000;
      classifiedBeats += peaks.length;
      const marks: BeatMark[] = Array.from(peaks, (sample, i) => ({ sample, cls: AAMI_CLASSES[result.labels[i] as number] ?? 'Q' }));
      for (const run of RUNS.filter((r) => r.oracle === oracle)) {
        comparisons[run.name].push(
          compareBeats(reference, marks, ref.fsHz, {
            recordName: name,
            startSec: run.startSec,
            endSample: recordLength,
            mapping: 'de-chazal',
          }),
        );
      }
    }
    const main = comparisons['detected, from 5:00'].at(-1) as RecordComparison;
    console.log(`${name.padEnd(6)} ${line(main.stats)}`);
  }
  console.log(
    `\ngross statistics over ${records.length} DS2 records (de Chazal mapping; S = SVEB and V = VEB with bxb's false-positive rules)`,
  );
  console.log(`run                  ${HEADER}`);
  const summaries = Object.fromEntries(RUNS.map((run) => [run.name, summarize(comparisons[run.name])]));
  for (const run of RUNS) console.log(`${run.name.padEnd(20)} ${line(summaries[run.name]!.gross)}`);
  console.log(
    `\nclassifier: ${classifiedBeats} beats in ${classifySeconds.toFixed(1)} s = ${(classifiedBeats / classifySeconds).toFixed(0)} beats/s on ${backend.name} (resampling included)`,
  );
  if (args.json !== undefined) {
    writeFileSync(args.json, JSON.stringify({ backend: backend.name, model: classifier.meta.created, records, summaries }, null, 1));
  }
}

await main();
