/**
 * Scores the Holter AF and VF detectors against the MIT-BIH reference rhythm annotations.
 *
 * Usage: npx tsx scripts/eval-holter-rhythm.ts [--beat-model DIR] [--rhythm-model DIR]
 *
 * 1. AF on the 8 mitdb records with `(AFIB` episodes (HOLTER_RHYTHM_SETS.mitdbAf), lead 0 (MLII),
 *    beats from our QRS detector (detectQrs). Three variants of detectAfSpans, each on its own lines:
 *    RR only; RR with the beat classifier's AAMI labels (intervals touching V/F beats left out); and
 *    the full detector, labels plus the rhythm CNN's per-window P(A) (classifyWindows, meta stride).
 *    These records were never used to choose a setting. Printed: AF time Se/+P and AF episode Se/+P
 *    (compareRhythmEpisodes, pooled over records: gross), and each record's burden error in
 *    percentage points (detected AF time − reference AF time, over the record length).
 * 2. VF/VFL on vfdb, lead 0, detectVfSpans: VF time Se/+P and VF episode Se (and +P) on the held-out
 *    fold (HOLTER_RHYTHM_SETS.vfdbHeldOut, never tuned on), on the tuning fold, and on all 22.
 * Reference spans: readReferenceRhythmSpans ('AF': `(AFIB`; 'VF': `(VF`, `(VFL`, `(VFIB`, `[`…`]`).
 */
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AAMI_CLASSES } from '../src/shared/labels';
import { BeatClassifier } from '../src/main/core/beats/classifier';
import { HOLTER_RHYTHM_SETS } from '../src/main/core/evaluate/holter-rhythm-sets';
import { readReferenceRhythmSpans } from '../src/main/core/evaluate/reference-rhythm-spans';
import {
  compareRhythmEpisodes,
  poolRhythmEpisodeComparisons,
  type RhythmEpisodeComparison,
} from '../src/main/core/evaluate/rhythm-episode-compare';
import { initBackend } from '../src/main/core/ml/backend';
import { detectQrs } from '../src/main/core/qrs/detector';
import { detectAfSpans, type AfDetectorInput } from '../src/main/core/rhythm/af-detector';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { RHYTHM_LABELS } from '../src/main/core/rhythm/rhythm-labels';
import { detectVfSpans } from '../src/main/core/rhythm/vf-detector';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

const pct = (v: number): string => (Number.isNaN(v) ? 'n/a' : `${(100 * v).toFixed(1)} %`);

function printPooled(what: string, rhythm: string, pooled: RhythmEpisodeComparison): void {
  console.log(`${what}: ${rhythm} time Se ${pct(pooled.durationSensitivity)}`);
  console.log(`${what}: ${rhythm} time +P ${pct(pooled.durationPositivePredictivity)}`);
  console.log(
    `${what}: ${rhythm} episode Se ${pct(pooled.episodeSensitivity)} (${pooled.referenceDetected} of ${pooled.referenceEpisodes})`,
  );
  console.log(
    `${what}: ${rhythm} episode +P ${pct(pooled.episodePositivePredictivity)} (${pooled.detectedTrue} of ${pooled.detectedEpisodes})`,
  );
}

async function evaluateAf(mitdb: string, beatModel: BeatClassifier, rhythmModel: RhythmClassifier): Promise<void> {
  const variants = ['RR only', 'RR + beat labels', 'RR + beat labels + CNN'] as const;
  const results = new Map<string, { comparisons: RhythmEpisodeComparison[]; burden: string[] }>(
    variants.map((v) => [v, { comparisons: [], burden: [] }]),
  );
  const aIndex = RHYTHM_LABELS.indexOf('A');
  for (const name of HOLTER_RHYTHM_SETS.mitdbAf) {
    const record = readRecord(join(mitdb, `${name}.hea`));
    const lead = toPhysical(record, 0);
    const beats = detectQrs(lead, record.fsHz);
    const beatLabels = Array.from(
      (await beatModel.classify([lead, toPhysical(record, 1)], record.fsHz, beats)).labels,
      (l) => AAMI_CLASSES[l] as string,
    );
    const windows = await rhythmModel.classifyWindows(lead, record.fsHz);
    const afProbability = Array.from(windows.startSample, (_, w) => windows.probabilities[w * RHYTHM_LABELS.length + aIndex] as number);
    const reference = readReferenceRhythmSpans(join(mitdb, `${name}.atr`), record.nSamples, 'AF');
    const base: AfDetectorInput = { beatSamples: beats, fsHz: record.fsHz, nSamples: record.nSamples };
    const inputs: Record<(typeof variants)[number], AfDetectorInput> = {
      'RR only': base,
      'RR + beat labels': { ...base, beatLabels },
      'RR + beat labels + CNN': {
        ...base,
        beatLabels,
        windows: { startSample: windows.startSample, windowS: windows.windowS, afProbability },
      },
    };
    for (const variant of variants) {
      const c = compareRhythmEpisodes(reference, detectAfSpans(inputs[variant]));
      const result = results.get(variant)!;
      result.comparisons.push(c);
      result.burden.push(
        `${name} reference ${((100 * c.referenceSamples) / record.nSamples).toFixed(1)} %, detected ${((100 * c.detectedSamples) / record.nSamples).toFixed(1)} %, error ${((100 * (c.detectedSamples - c.referenceSamples)) / record.nSamples).toFixed(1)} pp`,
      );
    }
  }
  for (const variant of variants) {
    const result = results.get(variant)!;
    const what = `mitdb AF records (${HOLTER_RHYTHM_SETS.mitdbAf.join(' ')}), ${variant}`;
    printPooled(what, 'AF', poolRhythmEpisodeComparisons(result.comparisons));
    for (const line of result.burden) console.log(`${what}: AF burden ${line}`);
  }
}

function evaluateVf(vfdb: string): void {
  const byRecord = new Map<string, RhythmEpisodeComparison>();
  for (const name of [...HOLTER_RHYTHM_SETS.vfdbTuning, ...HOLTER_RHYTHM_SETS.vfdbHeldOut]) {
    const record = readRecord(join(vfdb, `${name}.hea`));
    const reference = readReferenceRhythmSpans(join(vfdb, `${name}.atr`), record.nSamples, 'VF');
    byRecord.set(name, compareRhythmEpisodes(reference, detectVfSpans(toPhysical(record, 0), record.fsHz)));
  }
  const pool = (names: readonly string[]): RhythmEpisodeComparison => poolRhythmEpisodeComparisons(names.map((n) => byRecord.get(n)!));
  printPooled('vfdb held-out fold (never tuned on)', 'VF', pool(HOLTER_RHYTHM_SETS.vfdbHeldOut));
  printPooled('vfdb tuning fold', 'VF', pool(HOLTER_RHYTHM_SETS.vfdbTuning));
  printPooled('vfdb all 22 records (half tuned on)', 'VF', pool([...byRecord.keys()]));
}

async function main(): Promise<void> {
  const options = new Command()
    .name('eval-holter-rhythm')
    .description('Score the Holter AF detector on the mitdb AF records and the VF detector on vfdb.')
    .option('--beat-model <dir>', 'beat model folder', 'resources/models/beats')
    .option('--rhythm-model <dir>', 'rhythm model folder', 'resources/models/rhythm')
    .parse()
    .opts<{ beatModel: string; rhythmModel: string }>();
  const mitdb = resolve('../shared/data/mitdb');
  const vfdb = resolve('../shared/data/vfdb');
  if (existsSync(mitdb)) {
    const backend = await initBackend();
    console.log(`tfjs backend ${backend.name}`);
    await evaluateAf(mitdb, await BeatClassifier.load(options.beatModel), await RhythmClassifier.load(options.rhythmModel));
  } else console.log(`mitdb AF records: skipped (${mitdb} absent)`);
  if (existsSync(vfdb)) evaluateVf(vfdb);
  else console.log(`vfdb: skipped (${vfdb} absent)`);
}

await main();
