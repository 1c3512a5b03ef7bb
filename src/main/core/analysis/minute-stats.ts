import type { ClassCounts } from '../../../shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { DEFAULT_HR_TREND_CONFIG, forEachHeartRate, type HrTrendConfig } from './hr-trend';

/** Width of one aggregate bin, in s. */
export const MINUTE_S = 60;

/**
 * Per-minute aggregates of an analysis, computed once when it is stored, so that the overview of a
 * multi-day record (770k beats for 7 days) needs 10,080 rows, not every beat. Minute m covers
 * [60·m, 60·(m+1)) s; an RR interval belongs to the minute of its closing beat (as in hrTrend).
 */
export interface MinuteStats {
  /** usable RR intervals (DEFAULT_HR_TREND_CONFIG range) ending in each minute */
  rrCount: Uint32Array;
  /** sum of their instantaneous heart rates, bpm (mean = hrSumBpm / rrCount) */
  hrSumBpm: Float64Array;
  /** lowest and highest instantaneous heart rate in each minute, bpm; NaN where rrCount is 0 */
  hrMinBpm: Float32Array;
  hrMaxBpm: Float32Array;
  /** beats of each AAMI class in each minute */
  counts: Record<AamiClass, Uint32Array>;
}

/** Number of minute bins of a record. */
export function minuteCount(nSamples: number, fsHz: number): number {
  return Math.max(0, Math.ceil(nSamples / fsHz / MINUTE_S));
}

/** Minute bin of a sample (the last bin for samples at or past the record's end). */
export function minuteOf(sample: number, fsHz: number, nMinutes: number): number {
  return Math.max(0, Math.min(nMinutes - 1, Math.floor(sample / fsHz / MINUTE_S)));
}

/**
 * Aggregates beats into minutes.
 * @param beatSamples - sorted R-peak sample indices
 * @param beatLabels - the class of each beat (as stored: human labels where a reviewer set one)
 * @param fsHz - sampling frequency, in Hz (> 0)
 * @param nSamples - record length, in samples
 * @param config - the usable RR range (default: the HR trend's, 200–3000 ms)
 * @param artefact - optional, one flag per beat (1 = marked artefact): an artefact beat is not counted and the RR
 *   intervals on both sides of it are left out
 * @returns the per-minute aggregates, {@link minuteCount} bins
 * @throws RangeError when the label and beat counts differ or fsHz is not positive
 */
export function minuteStats(
  beatSamples: Int32Array,
  beatLabels: readonly AamiClass[],
  fsHz: number,
  nSamples: number,
  config: Readonly<HrTrendConfig> = DEFAULT_HR_TREND_CONFIG,
  artefact?: Uint8Array,
): MinuteStats {
  if (!(fsHz > 0)) throw new RangeError(`minuteStats: fsHz must be positive, got ${fsHz}`);
  if (beatLabels.length !== beatSamples.length)
    throw new RangeError(`minuteStats: ${beatLabels.length} labels for ${beatSamples.length} beats`);
  const n = minuteCount(nSamples, fsHz);
  const stats: MinuteStats = {
    rrCount: new Uint32Array(n),
    hrSumBpm: new Float64Array(n),
    hrMinBpm: new Float32Array(n).fill(NaN),
    hrMaxBpm: new Float32Array(n).fill(NaN),
    counts: Object.fromEntries(AAMI_CLASSES.map((c) => [c, new Uint32Array(n)])) as Record<AamiClass, Uint32Array>,
  };
  if (n === 0) return stats;
  forEachHeartRate(beatSamples, fsHz, config, artefact, (end, bpm) => addHeartRate(stats, minuteOf(end, fsHz, n), bpm));
  beatSamples.forEach((sample, i) => {
    if (artefact?.[i] === 1) return;
    const counts = stats.counts[beatLabels[i] as AamiClass];
    const m = minuteOf(sample, fsHz, n);
    counts[m] = (counts[m] as number) + 1;
  });
  return stats;
}

/**
 * Adds one RR interval's instantaneous heart rate to a minute's HR aggregates (count, sum, min, max).
 * @param stats - updated in place
 * @param minute - the minute of the interval's closing beat (0 ≤ minute < the number of minutes)
 * @param bpm - the rate, in bpm
 */
export function addHeartRate(stats: MinuteStats, minute: number, bpm: number): void {
  stats.rrCount[minute] = (stats.rrCount[minute] as number) + 1;
  stats.hrSumBpm[minute] = (stats.hrSumBpm[minute] as number) + bpm;
  if (!(bpm >= (stats.hrMinBpm[minute] as number))) stats.hrMinBpm[minute] = bpm;
  if (!(bpm <= (stats.hrMaxBpm[minute] as number))) stats.hrMaxBpm[minute] = bpm;
}

/**
 * Heart-rate trend over bins of whole minutes, from the aggregates: bin k's mean is the mean of the
 * instantaneous rates of the RR intervals ending in its minutes (the value hrTrend gives for
 * binS = 60 · minutesPerBin, up to float rounding).
 * @param stats - from {@link minuteStats}
 * @param minutesPerBin - bin width, in minutes (≥ 1, integer)
 * @returns Float32Array of ceil(minutes / minutesPerBin) bins, bpm; NaN where no RR interval
 */
export function trendFromMinutes(stats: MinuteStats, minutesPerBin: number): Float32Array {
  const n = stats.rrCount.length;
  const out = new Float32Array(Math.ceil(n / minutesPerBin));
  for (let b = 0; b < out.length; b++) {
    let sum = 0;
    let count = 0;
    for (let m = b * minutesPerBin; m < Math.min(n, (b + 1) * minutesPerBin); m++) {
      sum += stats.hrSumBpm[m] as number;
      count += stats.rrCount[m] as number;
    }
    out[b] = count > 0 ? sum / count : NaN;
  }
  return out;
}

/** Beats per class over the whole record, from the aggregates. */
export function totalCounts(stats: MinuteStats): ClassCounts {
  const totals: ClassCounts = { N: 0, S: 0, V: 0, F: 0, Q: 0 };
  for (const c of AAMI_CLASSES) for (const v of stats.counts[c]) totals[c] += v;
  return totals;
}
