/**
 * Centred running medians over a record's beat list: the time-local normalisation of the beat model.
 * Beat i's value depends only on beats max(0, i − h) … min(n − 1, i + h), so appending ECG to a record
 * (or analysing it inside a longer file) changes the value only of its last (or first) h beats.
 */

/**
 * Centred running median of a per-beat series, NaN entries left out.
 *
 * Beat i gets the upper median (element ⌊m/2⌋ of the m sorted finite values) of
 * `values[max(0, i − halfBeats) … min(n − 1, i + halfBeats)]`, or `fallback` when that span has no
 * finite value.
 *
 * @param values - one value per beat (e.g. the QRS peak-to-peak range, mV), NaN for unmeasured beats
 * @param halfBeats - h, beats on each side of the centre beat (integer ≥ 0)
 * @param fallback - value of beats whose span holds no finite value
 * @returns Float32Array of n running medians
 * @throws RangeError when `halfBeats` is not an integer ≥ 0
 */
export function runningMedian(values: Float64Array, halfBeats: number, fallback: number): Float32Array {
  checkHalfBeats(halfBeats);
  const n = values.length;
  const out = new Float32Array(n);
  const scratch = new Float64Array(2 * halfBeats + 1);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = Math.max(0, i - halfBeats); j <= Math.min(n - 1, i + halfBeats); j++) {
      const v = values[j] as number;
      if (!Number.isNaN(v)) scratch[m++] = v;
    }
    if (m === 0) {
      out[i] = fallback;
      continue;
    }
    const span = scratch.subarray(0, m).sort();
    out[i] = span[m >> 1] as number;
  }
  return out;
}

/**
 * Centred running median beat: for beats `from … to − 1` of `windows`, the per-sample (and per-lead)
 * upper median over the windows of beats max(0, i − h) … min(m − 1, i + h), m the number of windows.
 * A sorted window per sample slides along the beats (one removal and one insertion per beat), so the
 * cost is about (to − from) × perWindow × (2h + 1) comparisons.
 *
 * @param windows - m × perWindow values (e.g. normalised beat windows, n × samples × leads), no NaN
 * @param perWindow - values per window (samples × leads, ≥ 1)
 * @param halfBeats - h, beats on each side of the centre beat (integer ≥ 0)
 * @param from - first beat whose median beat is returned (0 ≤ from ≤ to)
 * @param to - one past the last such beat (≤ m)
 * @returns Float32Array of (to − from) × perWindow median beats
 * @throws RangeError when `halfBeats` is not an integer ≥ 0 or `from`/`to` are outside the windows
 */
export function runningMedianBeats(windows: Float32Array, perWindow: number, halfBeats: number, from: number, to: number): Float32Array {
  checkHalfBeats(halfBeats);
  const m = Math.floor(windows.length / perWindow);
  if (!(from >= 0 && from <= to && to <= m)) throw new RangeError(`runningMedianBeats: beats ${from}…${to} outside 0…${m}`);
  const out = new Float32Array((to - from) * perWindow);
  if (to === from) return out;
  const capacity = 2 * halfBeats + 1;
  const sorted = new Float32Array(perWindow * capacity);
  let lo = Math.max(0, from - halfBeats);
  let hi = Math.min(m - 1, from + halfBeats);
  for (let k = 0; k < perWindow; k++) {
    const column = sorted.subarray(k * capacity, k * capacity + hi - lo + 1);
    for (let j = lo; j <= hi; j++) column[j - lo] = windows[j * perWindow + k] as number;
    column.sort();
  }
  for (let i = from; i < to; i++) {
    const nextLo = Math.max(0, i - halfBeats);
    const nextHi = Math.min(m - 1, i + halfBeats);
    const count = hi - lo + 1;
    const removes = nextLo > lo;
    const inserts = nextHi > hi;
    const after = count - (removes ? 1 : 0) + (inserts ? 1 : 0);
    for (let k = 0; k < perWindow; k++) {
      const base = k * capacity;
      if (removes && inserts)
        replaceSorted(sorted, base, count, windows[lo * perWindow + k] as number, windows[nextHi * perWindow + k] as number);
      else if (removes) removeSorted(sorted, base, count, windows[lo * perWindow + k] as number);
      else if (inserts) insertSorted(sorted, base, count, windows[nextHi * perWindow + k] as number);
      out[(i - from) * perWindow + k] = sorted[base + (after >> 1)] as number;
    }
    lo = nextLo;
    hi = nextHi;
  }
  return out;
}

function checkHalfBeats(halfBeats: number): void {
  if (!(Number.isInteger(halfBeats) && halfBeats >= 0))
    throw new RangeError(`running median: halfBeats must be an integer ≥ 0, got ${halfBeats}`);
}

/** First position p in sorted[base … base + count) with sorted[p] ≥ value. */
function lowerBoundAt(sorted: Float32Array, base: number, count: number, value: number): number {
  let a = base;
  let b = base + count;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((sorted[mid] as number) < value) a = mid + 1;
    else b = mid;
  }
  return a;
}

function removeSorted(sorted: Float32Array, base: number, count: number, value: number): void {
  const end = base + count - 1;
  for (let p = lowerBoundAt(sorted, base, count, Math.fround(value)); p < end; p++) sorted[p] = sorted[p + 1] as number;
}

function insertSorted(sorted: Float32Array, base: number, count: number, value: number): void {
  const at = lowerBoundAt(sorted, base, count, Math.fround(value));
  for (let p = base + count; p > at; p--) sorted[p] = sorted[p - 1] as number;
  sorted[at] = value;
}

/** Removes `old` and inserts `value` in one pass: only the entries between their positions move. */
function replaceSorted(sorted: Float32Array, base: number, count: number, old: number, value: number): void {
  let p = lowerBoundAt(sorted, base, count, Math.fround(old));
  const v = Math.fround(value);
  if (v >= (sorted[p] as number)) {
    while (p + 1 < base + count && (sorted[p + 1] as number) < v) {
      sorted[p] = sorted[p + 1] as number;
      p++;
    }
  } else {
    while (p > base && (sorted[p - 1] as number) > v) {
      sorted[p] = sorted[p - 1] as number;
      p--;
    }
  }
  sorted[p] = v;
}
