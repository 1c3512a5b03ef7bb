/**
 * Binary search in an ascending array.
 * @param sorted - ascending values (e.g. beat samples)
 * @param value - the value looked for
 * @returns the first index whose value is ≥ `value` (sorted.length when none is)
 */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
