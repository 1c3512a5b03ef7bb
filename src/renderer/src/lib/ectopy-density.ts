/**
 * Ectopy density for the overview: supraventricular (S) and ventricular (V) beats per bin over the whole record.
 */

/** S and V beat counts per bin (the analysis's stored per-minute aggregates): bin k covers [k·binS, (k+1)·binS) s. */
export interface EctopyDensity {
  /** Bin width, in s. */
  binS: number;
  /** S beats in each bin. */
  sPerBin: Float32Array;
  /** V beats in each bin. */
  vPerBin: Float32Array;
}

/**
 * Chart points of the density, as beats per minute whatever the bin width.
 * @param density - counts per bin
 * @returns `[timeS, beats per min]` at the bins' centres for S and for V, and the largest rate (≥ 1, for the axis)
 */
export function ectopyRates(density: EctopyDensity): { s: [number, number][]; v: [number, number][]; maxPerMin: number } {
  const perMin = 60 / density.binS;
  const points = (counts: Float32Array): [number, number][] =>
    Array.from(counts, (count, k) => [(k + 0.5) * density.binS, Number.isFinite(count) ? count * perMin : 0]);
  const s = points(density.sPerBin);
  const v = points(density.vPerBin);
  let maxPerMin = 1;
  for (const [, rate] of [...s, ...v]) maxPerMin = Math.max(maxPerMin, rate);
  return { s, v, maxPerMin };
}
