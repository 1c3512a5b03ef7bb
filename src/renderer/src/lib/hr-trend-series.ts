/**
 * Turns the record's heart-rate trend (`record:overview` hrTrend) into chart points on a time axis.
 */

/** Bin widths offered to the server, in s, from finest to coarsest. */
const BIN_CHOICES_S: readonly number[] = Object.freeze([1, 2, 5, 10, 15, 30, 60, 120, 300, 600]);

/** Most points the overview chart should draw. */
export const MAX_TREND_POINTS = 2000;

/**
 * The finest trend bin that keeps the overview at or under {@link MAX_TREND_POINTS} points.
 * @param durationS - record length, in s
 * @returns bin width in s (1 s for short records, 60 s for 24 h, 600 s at most)
 */
export function chooseTrendBinS(durationS: number): number {
  for (const binS of BIN_CHOICES_S) if (durationS / binS <= MAX_TREND_POINTS) return binS;
  return BIN_CHOICES_S[BIN_CHOICES_S.length - 1] as number;
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
