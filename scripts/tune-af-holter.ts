/**
 * Chooses the AF detector's Holter settings (AF_DETECTOR_CONFIG.thresholdPerS, cnnWeight,
 * excludedBeatLabels) on Holter records that are not the AF evaluation set.
 *
 * Usage: npx tsx scripts/tune-af-holter.ts [--beat-model DIR] [--rhythm-model DIR]
 *
 * Tuning set: the 40 mitdb records without `(AFIB` (every record of ../shared/data/mitdb/RECORDS not
 * in HOLTER_RHYTHM_SETS.mitdbAf: AF-free Holter excerpts with ectopy, paced rhythms and noise) and the
 * vfdb records with `(AFIB` episodes (HOLTER_RHYTHM_SETS.vfdbAfTuning). Inputs as in the analysis
 * (holterAfRecord: lead 0, our QRS detector, beat-model labels, rhythm-model windows). Every
 * combination on the grid is scored by the pooled AF time F1 (compareRhythmEpisodes); then, at the best
 * of them, every (mergeGapS, minEpisodeS) pair is scored the same way (stage 2). The best is printed and
 * copied into AF_DETECTOR_CONFIG by hand. The other settings stay as tune-af-detector.ts chose them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HOLTER_RHYTHM_SETS } from '../src/main/core/evaluate/holter-rhythm-sets';
import { compareRhythmEpisodes, poolRhythmEpisodeComparisons } from '../src/main/core/evaluate/rhythm-episode-compare';
import { AF_DETECTOR_CONFIG, detectAfSpans, type AfDetectorConfig } from '../src/main/core/rhythm/af-detector';
import { holterAfRecord, loadHolterModels, type HolterAfRecord } from './holter-af-inputs';

const THRESHOLDS_PER_S = [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.864, 1];
const CNN_WEIGHTS = [0, 0.125, 0.25, 0.375, 0.5, 1, 1.75];
const EXCLUDED = [[], ['V', 'F']];
const MERGE_GAP_S = [0, 5, 10, 20, 30, 60];
const MIN_EPISODE_S = [0, 5, 10, 15, 30, 60];

async function main(): Promise<void> {
  const { beatModel, rhythmModel } = await loadHolterModels(
    'tune-af-holter',
    'Choose the AF detector settings on AF-free mitdb records and vfdb AF records.',
  );
  const mitdb = resolve('../shared/data/mitdb');
  const vfdb = resolve('../shared/data/vfdb');
  const evaluation = new Set<string>(HOLTER_RHYTHM_SETS.mitdbAf);
  const mitdbNames = readFileSync(join(mitdb, 'RECORDS'), 'utf8')
    .trim()
    .split(/\s+/)
    .filter((n) => !evaluation.has(n));
  const records: HolterAfRecord[] = [];
  for (const name of mitdbNames)
    records.push(await holterAfRecord(join(mitdb, `${name}.hea`), join(mitdb, `${name}.atr`), beatModel, rhythmModel));
  for (const name of HOLTER_RHYTHM_SETS.vfdbAfTuning)
    records.push(await holterAfRecord(join(vfdb, `${name}.hea`), join(vfdb, `${name}.atr`), beatModel, rhythmModel));
  console.log(`tuning set: mitdb ${mitdbNames.join(' ')}; vfdb ${HOLTER_RHYTHM_SETS.vfdbAfTuning.join(' ')}`);
  const score = (
    config: AfDetectorConfig,
    label: string,
  ): { label: string; config: AfDetectorConfig; f1: number; se: number; ppv: number } => {
    const pooled = poolRhythmEpisodeComparisons(
      records.map((r) =>
        compareRhythmEpisodes(r.reference, detectAfSpans({ ...r.base, beatLabels: r.beatLabels, windows: r.windows }, config)),
      ),
    );
    const se = pooled.durationSensitivity;
    const ppv = Number.isNaN(pooled.durationPositivePredictivity) ? 0 : pooled.durationPositivePredictivity;
    return { label, config, f1: se + ppv > 0 ? (2 * se * ppv) / (se + ppv) : 0, se, ppv };
  };
  const rows: ReturnType<typeof score>[] = [];
  for (const excludedBeatLabels of EXCLUDED) {
    for (const thresholdPerS of THRESHOLDS_PER_S) {
      for (const cnnWeight of CNN_WEIGHTS) {
        const config = { ...AF_DETECTOR_CONFIG, excludedBeatLabels, thresholdPerS, cnnWeight, mergeGapS: 0, minEpisodeS: 0 };
        rows.push(score(config, `excluded [${excludedBeatLabels.join(',')}] thresholdPerS ${thresholdPerS} cnnWeight ${cnnWeight}`));
      }
    }
  }
  rows.sort((a, b) => b.f1 - a.f1);
  console.log('stage 1, top 15 by pooled AF time F1 (Se, +P):');
  for (const r of rows.slice(0, 15)) console.log(`  ${r.label}: F1 ${r.f1.toFixed(4)} (Se ${r.se.toFixed(3)}, +P ${r.ppv.toFixed(3)})`);
  const best = rows[0]!;
  const spanRows: ReturnType<typeof score>[] = [];
  for (const mergeGapS of MERGE_GAP_S)
    for (const minEpisodeS of MIN_EPISODE_S)
      spanRows.push(score({ ...best.config, mergeGapS, minEpisodeS }, `${best.label} mergeGapS ${mergeGapS} minEpisodeS ${minEpisodeS}`));
  // stable sort: among equal F1 the earlier (smaller) gap and duration stay first
  spanRows.sort((a, b) => b.f1 - a.f1);
  console.log('stage 2, top 10 by pooled AF time F1 (Se, +P):');
  for (const r of spanRows.slice(0, 10)) console.log(`  ${r.label}: F1 ${r.f1.toFixed(4)} (Se ${r.se.toFixed(3)}, +P ${r.ppv.toFixed(3)})`);
  console.log(`chosen: ${spanRows[0]!.label}`);
}

await main();
