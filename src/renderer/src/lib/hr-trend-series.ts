/**
 * Turns the record's heart-rate trend (`record:overview` hrTrend) into chart points on a time axis.
 */
import { minTrendBinS } from '../../../shared/api-bounds';

/** Bin widths offered to the server, in s, from finest to coarsest. */
const BIN_CHOICES_S: readonly number[] = Object.freeze([1, 2, 5, 10, 15, 30, 60, 120, 300, 600]);

/** Most points the overview chart should draw. */
export const MAX_TREND_POINTS = 1500;

/**
 * The finest trend bin that keeps the overview at or under {@link MAX_TREND_POINTS} points.
 * @param durationS - record length, in s
 * @returns bin width in s (1 s for short records, 60 s for 24 h, 600 s up to
 *   about 35 days; beyond, the whole seconds that keep the trend within the
 *   contract's `MAX_TREND_BINS`)
 */
export function chooseTrendBinS(durationS: number): number {
  for (const binS of BIN_CHOICES_S) if (durationS / binS <= MAX_TREND_POINTS) return binS;
  return Math.max(BIN_CHOICES_S[BIN_CHOICES_S.length - 1] as number, Math.ceil(minTrendBinS(durationS)));
}

/** Tick steps offered for the heart-rate axis, in bpm. */
const HR_STEPS_BPM: readonly number[] = Object.freeze([10, 20, 40, 50, 100]);

/**
 * A heart-rate axis that shows every trend value on at most 4 intervals of a round step, starting and ending on ticks.
 * @param hrBpm - the trend, NaN bins ignored
 * @returns bounds and tick step in bpm; 40–120 by 20 when the trend has no value
 */
export function hrAxisRange(hrBpm: Float32Array): { minBpm: number; maxBpm: number; stepBpm: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of hrBpm) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo > hi) return { minBpm: 40, maxBpm: 120, stepBpm: 20 };
  const rangeFor = (stepBpm: number) => {
    const minBpm = Math.max(0, Math.floor(lo / stepBpm) * stepBpm);
    return { minBpm, maxBpm: Math.max(minBpm + stepBpm, Math.ceil(hi / stepBpm) * stepBpm), stepBpm };
  };
  for (const step of HR_STEPS_BPM) {
    const range = rangeFor(step);
    if ((range.maxBpm - range.minBpm) / step <= 4) return range;
  }
  return rangeFor(HR_STEPS_BPM[HR_STEPS_BPM.length - 1] as number);
}

/**
 * Chart points of a heart-rate trend: one point per bin at the bin's centre, `null` where the bin has no heart rate
 * so the line breaks there instead of bridging the gap.
 * @param hrBpm - bin k covers [k·binS, (k+1)·binS) s; NaN where no RR interval ended in the bin
 * @param binS - bin width, in s (> 0)
 * @returns `[timeS, bpm | null]` pairs, in bin order
 */
export function hrTrendPoints(hrBpm: Float32Array, binS: number): [number, number | null][] {
  const points: [number, number | null][] = [];
  for (let k = 0; k < hrBpm.length; k++) {
    const bpm = hrBpm[k] as number;
    points.push([(k + 0.5) * binS, Number.isFinite(bpm) ? bpm : null]);
  }
  return points;
}

/** Per-bin heart-rate extremes over the record (the stored per-minute aggregates), bins as in `hrTrend`. */
export interface HrRangeTrend {
  /** Bin width, in s. */
  binS: number;
  /** Lowest heart rate in each bin, in bpm; NaN where the bin has none. */
  minBpm: Float32Array;
  /** Highest heart rate in each bin, in bpm; NaN where the bin has none. */
  maxBpm: Float32Array;
}

/**
 * The min–max band of a heart-rate trend as two stacked chart series: the lower edge, and the band's height on top.
 * @param range - per-bin extremes
 * @returns `[timeS, bpm | null]` pairs at the bins' centres for each series; null where either extreme is missing
 */
export function hrRangeBand(range: HrRangeTrend): { lower: [number, number | null][]; height: [number, number | null][] } {
  const lower: [number, number | null][] = [];
  const height: [number, number | null][] = [];
  const n = Math.min(range.minBpm.length, range.maxBpm.length);
  for (let k = 0; k < n; k++) {
    const lo = range.minBpm[k] as number;
    const hi = range.maxBpm[k] as number;
    const ok = Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo;
    const t = (k + 0.5) * range.binS;
    lower.push([t, ok ? lo : null]);
    height.push([t, ok ? hi - lo : null]);
  }
  return { lower, height };
}
