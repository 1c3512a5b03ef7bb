/**
 * Percentile bootstrap interval of a statistic: the statistic is recomputed on `resamples` resamples
 * drawn by `draw` (each a statistic of data resampled with replacement, see resampleIndices), and
 * the interval is the (1 − level)/2 and (1 + level)/2 quantiles of those values.
 *
 * Source: B. Efron, R. J. Tibshirani, An Introduction to the Bootstrap, Chapman & Hall 1993, ch. 13.
 *
 * @param draw - computes the statistic on one fresh resample
 * @param resamples - number of resamples (integer ≥ 1; cost is linear in it)
 * @param level - coverage, in (0, 1), e.g. 0.95
 * @returns the lower and upper end
 * @throws RangeError for an invalid resample count or level
 */
export function bootstrapInterval(draw: () => number, resamples: number, level = 0.95): { low: number; high: number } {
  if (!Number.isInteger(resamples) || resamples < 1 || resamples > 1e6) {
    throw new RangeError(`bootstrapInterval: resamples must be an integer in [1, 1e6], got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapInterval: level must be in (0, 1), got ${level}`);
  const values = Array.from({ length: resamples }, draw).sort((a, b) => a - b);
  const at = (q: number): number => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))] as number;
  return { low: at((1 - level) / 2), high: at((1 + level) / 2) };
}

/**
 * Indices of one bootstrap resample: n draws with replacement from 0 … n − 1.
 * @param n - sample size (≥ 0)
 * @param random - uniform [0, 1) generator (e.g. seededRandom)
 * @returns n indices
 */
export function resampleIndices(n: number, random: () => number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(random() * n));
}
