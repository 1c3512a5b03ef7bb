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
 *    fold (HOLTER_RHYTHM_SETS.vfdbHeldOut, never tuned on), on the tuning fold, on all 22, and on
 *    mitdb 207 (ventricular flutter, 360 Hz; another database, never tuned on).
 * Reference spans: readReferenceRhythmSpans ('AF': `(AFIB`; 'VF': `(VF`, `(VFL`, `(VFIB`, `[`…`]`).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BeatClassifier } from '../src/main/core/beats/classifier';
import { HOLTER_RHYTHM_SETS } from '../src/main/core/evaluate/holter-rhythm-sets';
import {
  compareRhythmEpisodes,
  poolRhythmEpisodeComparisons,
  type RhythmEpisodeComparison,
} from '../src/main/core/evaluate/rhythm-episode-compare';
import { detectAfSpans, type AfDetectorInput } from '../src/main/core/rhythm/af-detector';
import type { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { detectVfSpans } from '../src/main/core/rhythm/vf-detector';
import { holterAfRecord, loadHolterModels } from './holter-af-inputs';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';
import { readReferenceRhythmSpans } from '../src/main/core/evaluate/reference-rhythm-spans';

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
  for (const name of HOLTER_RHYTHM_SETS.mitdbAf) {
    const af = await holterAfRecord(join(mitdb, `${name}.hea`), join(mitdb, `${name}.atr`), beatModel, rhythmModel);
    const { base, beatLabels, windows, reference } = af;
    const { nSamples } = base;
    const inputs: Record<(typeof variants)[number], AfDetectorInput> = {
      'RR only': base,
      'RR + beat labels': { ...base, beatLabels },
      'RR + beat labels + CNN': { ...base, beatLabels, windows },
    };
    for (const variant of variants) {
      const c = compareRhythmEpisodes(reference, detectAfSpans(inputs[variant]));
      const result = results.get(variant)!;
      result.comparisons.push(c);
      result.burden.push(
        `${name} ${((100 * (c.detectedSamples - c.referenceSamples)) / nSamples).toFixed(1)} pp (reference ${((100 * c.referenceSamples) / nSamples).toFixed(1)} %, detected ${((100 * c.detectedSamples) / nSamples).toFixed(1)} %)`,
      );
    }
  }
  for (const variant of variants) {
    const result = results.get(variant)!;
    const what = `mitdb AF records (${HOLTER_RHYTHM_SETS.mitdbAf.join(' ')}), ${variant}`;
    printPooled(what, 'AF', poolRhythmEpisodeComparisons(result.comparisons));
    for (const line of result.burden) console.log(`${what}: AF burden error ${line}`);
  }
}

/** VF comparison of one record: lead 0 through detectVfSpans against its `.atr` VF spans. */
function compareVf(dir: string, name: string): RhythmEpisodeComparison {
  const record = readRecord(join(dir, `${name}.hea`));
  const reference = readReferenceRhythmSpans(join(dir, `${name}.atr`), record.nSamples, 'VF');
  return compareRhythmEpisodes(reference, detectVfSpans(toPhysical(record, 0), record.fsHz));
}

function evaluateVf(vfdb: string, mitdb: string): void {
  const byRecord = new Map<string, RhythmEpisodeComparison>();
  for (const name of [...HOLTER_RHYTHM_SETS.vfdbTuning, ...HOLTER_RHYTHM_SETS.vfdbHeldOut]) byRecord.set(name, compareVf(vfdb, name));
  const pool = (names: readonly string[]): RhythmEpisodeComparison => poolRhythmEpisodeComparisons(names.map((n) => byRecord.get(n)!));
  printPooled('vfdb held-out fold (never tuned on)', 'VF', pool(HOLTER_RHYTHM_SETS.vfdbHeldOut));
  printPooled('vfdb tuning fold', 'VF', pool(HOLTER_RHYTHM_SETS.vfdbTuning));
  printPooled('vfdb all 22 records (half tuned on)', 'VF', pool([...byRecord.keys()]));
  if (existsSync(join(mitdb, '207.hea'))) printPooled('mitdb 207 (another database, never tuned on)', 'VF', compareVf(mitdb, '207'));
}

async function main(): Promise<void> {
  const mitdb = resolve('../shared/data/mitdb');
  const vfdb = resolve('../shared/data/vfdb');
  if (existsSync(mitdb)) {
    const { backend, beatModel, rhythmModel } = await loadHolterModels(
      'eval-holter-rhythm',
      'Score the Holter AF detector on the mitdb AF records and the VF detector on vfdb.',
    );
    console.log(`tfjs backend ${backend.name}`);
    await evaluateAf(mitdb, beatModel, rhythmModel);
  } else console.log(`mitdb AF records: skipped (${mitdb} absent)`);
  if (existsSync(vfdb)) evaluateVf(vfdb, mitdb);
  else console.log(`vfdb: skipped (${vfdb} absent)`);
}

await main();
