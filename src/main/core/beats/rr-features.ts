/**
 * RR-interval features per beat, the inputs that make supraventricular ectopic (S) beats separable
 * across patients: the prematurity of a beat relative to the patient's own rhythm.
 *
 * Source: P. de Chazal, M. O'Dwyer, R. B. Reilly, "Automatic classification of heartbeats using ECG
 * morphology and heartbeat interval features", IEEE TBME 51(7):1196–1206, 2004,
 * doi:10.1109/TBME.2004.827359 (pre-RR, post-RR, local and average RR); the ratios normalise them
 * per patient as in T. Mar et al., IEEE TBME 58(8):2168–2177, 2011, doi:10.1109/TBME.2011.2113395.
 * The recent-rhythm features (pre-RR over the median of the preceding intervals, and their median
 * absolute deviation over that median) follow the local-rhythm normalisation of the inter-patient
 * methods that separate premature beats from the irregular rhythm of atrial fibrillation: the median
 * is robust to the ectopic beats among the preceding intervals, and the dispersion is large in AF,
 * where an N beat can be as premature as an S beat (S. Sarkar, D. Ritscher, R. Mehra, "A detector for
 * a chronic implantable atrial tachyarrhythmia monitor", IEEE TBME 55(3):1219–1224, 2008,
 * doi:10.1109/TBME.2007.903707, irregularity of successive RR; Mondéjar-Guerra et al., Biomed.
 * Signal Process. Control 47:41–48, 2019, doi:10.1016/j.bspc.2018.08.007, RR normalised per patient).
 */

import { kthSmallest } from '../dsp/kth-smallest';
import { lowerBound } from '../analysis/lower-bound';

/** Parameters of the RR features (times in seconds); defaults in {@link RR_FEATURE_CONFIG}. */
export interface RrFeatureConfig {
  /** number of RR intervals averaged for the local mean, centred on the beat */
  localIntervals: number;
  /** total width of the centred window for the long-term mean RR, s */
  longWindowS: number;
  /** RR intervals are clamped to [minRrS, maxRrS], s */
  minRrS: number;
  maxRrS: number;
  /** ratio features are clamped to [0, maxRatio] */
  maxRatio: number;
  /** number of RR intervals before the beat's own pre-RR for the recent median and dispersion */
  recentIntervals: number;
}

/** Tunable parameters of the RR features (times in seconds). */
export const RR_FEATURE_CONFIG: Readonly<RrFeatureConfig> = Object.freeze({
  /** number of RR intervals averaged for the local mean, centred on the beat (5 before, 5 after) */
  localIntervals: 10,
  /** total width of the centred window for the long-term mean RR, in s (5 minutes) */
  longWindowS: 300,
  /** every RR interval is clamped to [minRrS, maxRrS] before use, in s */
  minRrS: 0.15,
  maxRrS: 3,
  /** every ratio feature is clamped to [0, maxRatio] */
  maxRatio: 4,
  /** RR intervals before the beat's own pre-RR for the recent median and dispersion (causal) */
  recentIntervals: 10,
});

/** Names of the features, in column order of {@link computeRrFeatures}'s output. */
export const RR_FEATURE_NAMES = Object.freeze([
  'preRrS',
  'postRrS',
  'localRrS',
  'longRrS',
  'preOverLocal',
  'postOverPre',
  'preOverLong',
  'localOverLong',
  'preOverRecentMedian',
  'recentMadOverMedian',
] as const);

/** Number of RR features per beat (columns of {@link computeRrFeatures}'s output). */
export const RR_FEATURE_COUNT = RR_FEATURE_NAMES.length;

/**
 * Computes the RR features of every beat of a beat train.
 *
 * With R peaks r₀ < r₁ < … at `fsHz`, interval k (1 ≤ k < n) is RR_k = (r_k − r_{k−1}) / fsHz seconds,
 * clamped to [minRrS, maxRrS]. For beat i:
 * - `preRrS` = RR_i (for the first beat, RR_1);
 * - `postRrS` = RR_{i+1} (for the last beat, its pre-RR);
 * - `localRrS` = mean of the intervals RR_k with i − 4 ≤ k ≤ i + 5 (the 10 intervals joining beats
 *   i − 5 … i + 5), restricted to the intervals that exist;
 * - `longRrS` = mean of the intervals RR_k whose beat r_k lies within ±150 s of r_i (a 5-min window
 *   centred on the beat), or the beat's pre-RR when there is none;
 * - the ratios pre/local, post/pre, pre/long, local/long, each clamped to [0, maxRatio];
 * - `preOverRecentMedian` = pre-RR / m and `recentMadOverMedian` = median_k |RR_k − m| / m, with m the
 *   median of the `recentIntervals` intervals before the pre-RR (RR_k, i − recentIntervals ≤ k ≤ i − 1,
 *   those that exist; upper median for an even count), both clamped to [0, maxRatio]; with no such
 *   interval (beats 0 and 1) m = pre-RR and the dispersion is 0. Causal: appending beats changes
 *   neither.
 * With fewer than two beats there is no interval: every feature of the lone beat uses 1 s
 * (so every ratio is 1), a neutral value.
 *
 * The window means are differences of the running sums of the clamped intervals ({@link rrPrefixSums}),
 * so the rows of some beats ({@link rrFeatureRows}) equal, bit for bit, those of the whole train.
 *
 * @param rPeaks - R-peak sample indices, 0-based, strictly increasing (not checked: unsorted input
 *   gives clamped, meaningless values but no error)
 * @param fsHz - sampling frequency of `rPeaks`, in Hz (> 0)
 * @param config - feature parameters, default {@link RR_FEATURE_CONFIG}
 * @returns Float32Array of n × {@link RR_FEATURE_COUNT}, row-major, columns in
 *   {@link RR_FEATURE_NAMES} order; times in seconds, ratios dimensionless
 * @throws RangeError when `fsHz` is not a positive finite number
 */
export function computeRrFeatures(rPeaks: Int32Array, fsHz: number, config: Readonly<RrFeatureConfig> = RR_FEATURE_CONFIG): Float32Array {
  return rrFeatureRows(rPeaks, rrPrefixSums(rPeaks, fsHz, config), fsHz, 0, rPeaks.length, config);
}

function checkRate(fsHz: number): void {
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) throw new RangeError(`computeRrFeatures: fsHz must be positive, got ${fsHz}`);
}

/** RR_k in s, clamped (k ≥ 1). */
function clampedRr(rPeaks: Int32Array, k: number, fsHz: number, config: Readonly<RrFeatureConfig>): number {
  return Math.min(config.maxRrS, Math.max(config.minRrS, ((rPeaks[k] as number) - (rPeaks[k - 1] as number)) / fsHz));
}

/**
 * The running sums of a beat train's clamped RR intervals, what {@link rrFeatureRows} reads the window
 * means from: prefix[k] = Σ RR_j for 1 ≤ j < k (prefix[0] = prefix[1] = 0), summed in beat order. Kept
 * for a whole record instead of its feature rows: 8 bytes a beat against 40 (a 7-day record: 6 against 31 MB).
 * @param rPeaks - R-peak sample indices, strictly increasing
 * @param fsHz - sampling frequency, in Hz (> 0)
 * @param config - feature parameters, default {@link RR_FEATURE_CONFIG}
 * @returns Float64Array of n + 1 sums, in s
 * @throws RangeError when `fsHz` is not a positive finite number
 */
export function rrPrefixSums(rPeaks: Int32Array, fsHz: number, config: Readonly<RrFeatureConfig> = RR_FEATURE_CONFIG): Float64Array {
  checkRate(fsHz);
  const n = rPeaks.length;
  const prefix = new Float64Array(n + 1);
  for (let k = 1; k < n; k++) prefix[k + 1] = (prefix[k] as number) + clampedRr(rPeaks, k, fsHz, config);
  return prefix;
}

/**
 * The RR feature rows of beats first … end − 1 of a beat train, as {@link computeRrFeatures} gives them
 * for the whole train (same values bit for bit).
 * @param rPeaks - the whole train's R-peak sample indices, strictly increasing
 * @param prefix - {@link rrPrefixSums} of `rPeaks` with the same fsHz and config
 * @param fsHz - sampling frequency, in Hz (> 0)
 * @param first - first beat, 0 ≤ first ≤ end
 * @param end - beat after the last, ≤ rPeaks.length
 * @param config - feature parameters, default {@link RR_FEATURE_CONFIG}
 * @returns Float32Array of (end − first) × {@link RR_FEATURE_COUNT}, row-major
 * @throws RangeError when `fsHz` is not a positive finite number, the range is not inside the train,
 *   or `prefix` is not n + 1 long
 */
export function rrFeatureRows(
  rPeaks: Int32Array,
  prefix: Float64Array,
  fsHz: number,
  first: number,
  end: number,
  config: Readonly<RrFeatureConfig> = RR_FEATURE_CONFIG,
): Float32Array {
  checkRate(fsHz);
  const n = rPeaks.length;
  if (!(Number.isInteger(first) && Number.isInteger(end) && first >= 0 && first <= end && end <= n))
    throw new RangeError(`rrFeatureRows: beats [${first}, ${end}) are not inside the ${n} beats`);
  if (prefix.length !== n + 1) throw new RangeError(`rrFeatureRows: ${prefix.length} running sums for ${n} beats`);
  const out = new Float32Array((end - first) * RR_FEATURE_COUNT);
  if (first === end) return out;
  const rr = (k: number): number => clampedRr(rPeaks, k, fsHz, config);
  const clampRatio = (ratio: number): number => Math.min(config.maxRatio, Math.max(0, ratio));
  const sumRr = (from: number, to: number): number => (prefix[to + 1] as number) - (prefix[from] as number);
  const halfLocalBefore = Math.floor(config.localIntervals / 2) - 1;
  const halfLocalAfter = Math.ceil(config.localIntervals / 2);
  const halfLongSamples = (config.longWindowS / 2) * fsHz;
  // the long window only moves forwards: its start for beat `first` (the first interval whose beat is
  // ≥ centre − half) is searched for, its end grows from the beat itself in the loop
  const firstCentre = rPeaks[first] as number;
  let longFrom = Math.max(1, lowerBound(rPeaks, firstCentre - halfLongSamples));
  let longTo = first;
  const recent = new Float64Array(Math.max(1, config.recentIntervals));
  const deviations = new Float64Array(recent.length);
  for (let i = first; i < end; i++) {
    const row = (i - first) * RR_FEATURE_COUNT;
    if (n < 2) {
      out.fill(1, row, row + RR_FEATURE_COUNT);
      continue;
    }
    const pre = i >= 1 ? rr(i) : rr(1);
    const post = i + 1 < n ? rr(i + 1) : pre;
    const localFrom = Math.max(1, i - halfLocalBefore);
    const localTo = Math.min(n - 1, i + halfLocalAfter);
    const local = sumRr(localFrom, localTo) / (localTo - localFrom + 1);
    const centre = rPeaks[i] as number;
    while (longFrom < n && (rPeaks[longFrom] as number) < centre - halfLongSamples) longFrom++;
    while (longTo + 1 < n && (rPeaks[longTo + 1] as number) <= centre + halfLongSamples) longTo++;
    const long = longTo >= longFrom ? sumRr(longFrom, longTo) / (longTo - longFrom + 1) : pre;
    out[row] = pre;
    out[row + 1] = post;
    out[row + 2] = local;
    out[row + 3] = long;
    out[row + 4] = clampRatio(pre / local);
    out[row + 5] = clampRatio(post / pre);
    out[row + 6] = clampRatio(pre / long);
    out[row + 7] = clampRatio(local / long);
    const recentFrom = Math.max(1, i - config.recentIntervals);
    const count = Math.max(0, i - recentFrom);
    if (count === 0) {
      out[row + 8] = 1;
      out[row + 9] = 0;
      continue;
    }
    for (let k = 0; k < count; k++) recent[k] = rr(recentFrom + k);
    const median = kthSmallest(recent.subarray(0, count), count >> 1);
    for (let k = 0; k < count; k++) deviations[k] = Math.abs((recent[k] as number) - median);
    out[row + 8] = clampRatio(pre / median);
    out[row + 9] = clampRatio(kthSmallest(deviations.subarray(0, count), count >> 1) / median);
  }
  return out;
}
