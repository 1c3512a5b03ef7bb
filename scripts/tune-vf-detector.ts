/**
 * Chooses the VF detector's tuned settings (VF_DETECTOR_CONFIG.windowS, tcscMinPercent, leakageMax, acfMax,
 * maxPeakToPeakMv, tdMinFraction, then mergeGapS and minEpisodeS) on the vfdb tuning fold only
 * (HOLTER_RHYTHM_SETS.vfdbTuning); the held-out fold is never read.
 *
 * Usage: npx tsx scripts/tune-vf-detector.ts
 *
 * Data: ../shared/data/vfdb, lead 0, reference VF/VFL spans from the `.atr` rhythm annotations
 * (readReferenceRhythmSpans 'VF'). For each window length on the grid the per-second features are
 * computed once. Stage 1: every (tcscMinPercent, leakageMax, acfMax, maxPeakToPeakMv, tdMinFraction)
 * combination, with no joining and no minimum duration, is scored by the pooled VF time F1 (duration Se
 * and +P of compareRhythmEpisodes), ties going to the higher episode Se. Stage 2: at each window's best
 * thresholds, every (mergeGapS, minEpisodeS) pair is scored the same way. Prints the best per window
 * length and the overall choice, which is then copied into VF_DETECTOR_CONFIG by hand.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HOLTER_RHYTHM_SETS } from '../src/main/core/evaluate/holter-rhythm-sets';
import { readReferenceRhythmSpans } from '../src/main/core/evaluate/reference-rhythm-spans';
import { compareRhythmEpisodes, poolRhythmEpisodeComparisons } from '../src/main/core/evaluate/rhythm-episode-compare';
import {
  VF_DETECTOR_CONFIG,
  vfFeatures,
  vfSpansFromFeatures,
  type VfDetectorConfig,
  type VfFeatures,
} from '../src/main/core/rhythm/vf-detector';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';

const WINDOWS_S = [4, 6, 8, 10];
const TCSC_MIN_PERCENT = Array.from({ length: 26 }, (_, i) => 20 + 2 * i);
const LEAKAGE_MAX = Array.from({ length: 11 }, (_, i) => 0.3 + 0.05 * i);
const ACF_MAX = Array.from({ length: 7 }, (_, i) => 0.7 + 0.05 * i);
const PEAK_TO_PEAK_MAX_MV = [Infinity, 6, 5, 4, 3];
const TD_MIN_FRACTION = [0, 0.1, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.2];
const MERGE_GAP_S = [0, 1, 2, 3, 4, 6];
const MIN_EPISODE_S = [0, 2, 3, 4, 6, 8];

interface TuningRecord {
  lead: Float32Array;
  fsHz: number;
  reference: ReturnType<typeof readReferenceRhythmSpans>;
}

interface Score {
  config: VfDetectorConfig;
  f1: number;
  se: number;
  ppv: number;
  episodeSe: number;
  episodePpv: number;
}

function score(records: readonly TuningRecord[], features: readonly VfFeatures[], config: VfDetectorConfig): Score {
  const pooled = poolRhythmEpisodeComparisons(
    records.map((r, i) => compareRhythmEpisodes(r.reference, vfSpansFromFeatures(features[i]!, r.lead.length, r.fsHz, config))),
  );
  const se = pooled.durationSensitivity;
  const ppv = Number.isNaN(pooled.durationPositivePredictivity) ? 0 : pooled.durationPositivePredictivity;
  return {
    config,
    f1: se + ppv > 0 ? (2 * se * ppv) / (se + ppv) : 0,
    se,
    ppv,
    episodeSe: pooled.episodeSensitivity,
    episodePpv: Number.isNaN(pooled.episodePositivePredictivity) ? 0 : pooled.episodePositivePredictivity,
  };
}

const better = (a: Score, b: Score | null): boolean => b === null || a.f1 > b.f1 || (a.f1 === b.f1 && a.episodeSe > b.episodeSe);

function line(s: Score): string {
  const c = s.config;
  return `windowS ${c.windowS}, tcscMinPercent ${c.tcscMinPercent}, leakageMax ${c.leakageMax.toFixed(2)}, acfMax ${c.acfMax.toFixed(2)}, maxPeakToPeakMv ${c.maxPeakToPeakMv}, tdMinFraction ${c.tdMinFraction}, mergeGapS ${c.mergeGapS}, minEpisodeS ${c.minEpisodeS}: time F1 ${s.f1.toFixed(4)} (Se ${s.se.toFixed(3)}, +P ${s.ppv.toFixed(3)}), episode Se ${s.episodeSe.toFixed(3)}, +P ${s.episodePpv.toFixed(3)}`;
}

function main(): void {
  const vfdb = resolve('../shared/data/vfdb');
  if (!existsSync(vfdb)) throw new Error(`tune-vf-detector: ${vfdb} is absent`);
  const records: TuningRecord[] = HOLTER_RHYTHM_SETS.vfdbTuning.map((name) => {
    const record = readRecord(join(vfdb, `${name}.hea`));
    return {
      lead: toPhysical(record, 0),
      fsHz: record.fsHz,
      reference: readReferenceRhythmSpans(join(vfdb, `${name}.atr`), record.nSamples, 'VF'),
    };
  });
  console.log(`tuning fold: ${HOLTER_RHYTHM_SETS.vfdbTuning.join(' ')}`);
  let overall: Score | null = null;
  for (const windowS of WINDOWS_S) {
    const base: VfDetectorConfig = { ...VF_DETECTOR_CONFIG, windowS, mergeGapS: 0, minEpisodeS: 0 };
    const features = records.map((r) => vfFeatures(r.lead, r.fsHz, base));
    let best: Score | null = null;
    for (const tcscMinPercent of TCSC_MIN_PERCENT)
      for (const leakageMax of LEAKAGE_MAX)
        for (const acfMax of ACF_MAX)
          for (const maxPeakToPeakMv of PEAK_TO_PEAK_MAX_MV)
            for (const tdMinFraction of TD_MIN_FRACTION) {
              const s = score(records, features, { ...base, tcscMinPercent, leakageMax, acfMax, maxPeakToPeakMv, tdMinFraction });
              if (better(s, best)) best = s;
            }
    console.log(`stage 1, ${line(best!)}`);
    for (const mergeGapS of MERGE_GAP_S)
      for (const minEpisodeS of MIN_EPISODE_S) {
        const s = score(records, features, { ...best!.config, mergeGapS, minEpisodeS });
        if (better(s, best)) best = s;
      }
    console.log(`stage 2, ${line(best!)}`);
    if (better(best!, overall)) overall = best;
  }
  console.log(`chosen: ${line(overall!)}`);
}

main();
