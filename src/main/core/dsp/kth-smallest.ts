/**
 * The k-th smallest of `values` (0-based) by quickselect, Hoare's partition (C. A. R. Hoare, "Algorithm 65: FIND",
 * CACM 4(7):321, 1961): O(n) on average, in place.
 * @param values - the values (no NaN); reordered
 * @param k - rank, 0 ≤ k < values.length
 * @returns the value that sorting `values` would put at index k; `values` is left with every entry before index k ≤ it
 *   and every entry after it ≥ it
 */
export function kthSmallest(values: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}
