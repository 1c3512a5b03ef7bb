/** A chart series' data as the overview gives it: numbers, or tuples of numbers, in an array or a typed array. */
type SeriesData = unknown;

function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * Whether two series data hold the same values (elementwise, one level of tuples deep; NaN equals NaN), so that the
 * overview gives ECharts only the series an edit changed instead of re-processing all of a 24 h record's.
 * @param a - the data last given to the chart
 * @param b - the new data
 * @returns true when every element (and every tuple member) is the same value
 */
export function sameSeriesData(a: SeriesData, b: SeriesData): boolean {
  if (a === b) return true;
  if (!isList(a) || !isList(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (isList(x) && isList(y)) {
      if (x.length !== y.length) return false;
      for (let j = 0; j < x.length; j++) if (!Object.is(x[j], y[j])) return false;
    } else if (!Object.is(x, y)) return false;
  }
  return true;
}
