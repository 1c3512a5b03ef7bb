/**
 * Chooses the VF detector's tuned settings (VF_DETECTOR_CONFIG.windowS, tcscMinPercent, leakageMax, acfMax, maxPeakToPeakMv)
 * on the vfdb tuning fold only (HOLTER_RHYTHM_SETS.vfdbTuning); the held-out fold is never read.
 *
 * Usage: npx tsx scripts/tune-vf-detector.ts
 *
 * Data: ../shared/data/vfdb, lead 0, reference VF/VFL spans from the `.atr` rhythm annotations
 * (readReferenceRhythmSpans 'VF'). For each window length on the grid the per-second features are
 * computed once; every (tcscMinPercent, leakageMax, acfMax, maxPeakToPeakMv) combination is scored by the pooled VF time F1 (duration
 * Se and +P of compareRhythmEpisodes), ties going to the higher episode Se. Prints the best pair per
 * window length and the overall choice, which is then copied into VF_DETECTOR_CONFIG by hand.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HOLTER_RHYTHM_SETS } from '../src/main/core/evaluate/holter-rhythm-sets';
import { readReferenceRhythmSpans } from '../src/main/core/evaluate/reference-rhythm-spans';
import { compareRhythmEpisodes, poolRhythmEpisodeComparisons } from '../src/main/core/evaluate/rhythm-episode-compare';
import { VF_DETECTOR_CONFIG, vfFeatures, vfSpansFromFeatures } from '../src/main/core/rhythm/vf-detector';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

const WINDOWS_S = [4, 6, 8, 10];
const PEAK_TO_PEAK_MAX_MV = [Infinity, 6, 5, 4, 3];

function main(): void {
  const vfdb = resolve('../shared/data/vfdb');
  if (!existsSync(vfdb)) throw new Error(`tune-vf-detector: ${vfdb} is absent`);
  const records = HOLTER_RHYTHM_SETS.vfdbTuning.map((name) => {
    const record = readRecord(join(vfdb, `${name}.hea`));
    return {
      name,
      lead: toPhysical(record, 0),
      fsHz: record.fsHz,
      reference: readReferenceRhythmSpans(join(vfdb, `${name}.atr`), record.nSamples, 'VF'),
    };
  });
  let overall = { windowS: NaN, tcsc: NaN, leak: NaN, acf: NaN, ptp: NaN, f1: -1, episodeSe: 0, se: 0, ppv: 0 };
  console.log(`tuning fold: ${HOLTER_RHYTHM_SETS.vfdbTuning.join(' ')}`);
  console.log('windowS  tcscMin%  leakageMax  acfMax  maxPtP_mV  time F1  time Se  time +P  episode Se');
  for (const windowS of WINDOWS_S) {
    const config = { ...VF_DETECTOR_CONFIG, windowS };
    const features = records.map((r) => vfFeatures(r.lead, r.fsHz, config));
    let best = { ...overall, f1: -1 };
    for (let tcsc = 10; tcsc <= 80; tcsc += 2) {
      for (let leak = 0.3; leak <= 1.0001; leak += 0.05) {
        for (let acf = 0.5; acf <= 1.0001; acf += 0.05) {
          for (const ptp of PEAK_TO_PEAK_MAX_MV) {
            const c = { ...config, tcscMinPercent: tcsc, leakageMax: leak, acfMax: acf, maxPeakToPeakMv: ptp };
            const pooled = poolRhythmEpisodeComparisons(
              records.map((r, i) => compareRhythmEpisodes(r.reference, vfSpansFromFeatures(features[i]!, r.lead.length, r.fsHz, c))),
            );
            const se = pooled.durationSensitivity;
            const ppv = Number.isNaN(pooled.durationPositivePredictivity) ? 0 : pooled.durationPositivePredictivity;
            const f1 = se + ppv > 0 ? (2 * se * ppv) / (se + ppv) : 0;
            if (f1 > best.f1 || (f1 === best.f1 && pooled.episodeSensitivity > best.episodeSe)) {
              best = { windowS, tcsc, leak, acf, ptp, f1, episodeSe: pooled.episodeSensitivity, se, ppv };
            }
          }
        }
      }
    }
    console.log(
      `${String(windowS).padStart(7)}  ${String(best.tcsc).padStart(8)}  ${best.leak.toFixed(3).padStart(10)}  ${best.acf.toFixed(2).padStart(6)}  ${String(best.ptp).padStart(9)}  ${best.f1.toFixed(4)}   ${best.se.toFixed(3)}    ${best.ppv.toFixed(3)}    ${best.episodeSe.toFixed(3)}`,
    );
    if (best.f1 > overall.f1) overall = best;
  }
  console.log(
    `chosen: windowS ${overall.windowS}, tcscMinPercent ${overall.tcsc}, leakageMax ${overall.leak.toFixed(3)}, acfMax ${overall.acf.toFixed(2)}, maxPeakToPeakMv ${overall.ptp} (tuning-fold time F1 ${overall.f1.toFixed(4)})`,
  );
}

main();
