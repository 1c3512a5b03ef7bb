/**
 * Tunables of {@link detectAfSpans}. The first five are the settings of Petrėnas et al. 2015; the
 * others handle what a Holter adds (ectopic beats, detector errors, the CNN's window probability).
 */
export interface AfDetectorConfig {
  /** smoothing factor of the forward–backward exponential averagers, 0 < alpha < 1 (Petrėnas α) */
  readonly alpha: number;
  /** RR intervals in the irregularity window, ≥ 2 (Petrėnas N) */
  readonly windowBeats: number;
  /** two RR intervals of the window count as different when they differ by at least this, in s (Petrėnas γ) */
  readonly gammaS: number;
  /** bigeminy suppression: below this smoothed bigeminy index the decision signal is the index itself (Petrėnas δ, dimensionless) */
  readonly bigeminyDelta: number;
  /** AF when the decision signal (pairwise-irregularity fraction over the RR trend) exceeds this, in 1/s (Petrėnas η) */
  readonly thresholdPerS: number;
  /** RR intervals shorter than this are not used (double detections), in s */
  readonly minRrS: number;
  /** RR intervals longer than this are not used and never AF (pauses, missed beats, dropouts), in s */
  readonly maxRrS: number;
  /** beat labels (AAMI) whose RR intervals on either side are not used: ventricular beats carry no atrial rhythm */
  readonly excludedBeatLabels: readonly string[];
  /** weight of the CNN window's logit(P(A)) added to ln(decision / threshold); 0 ignores the CNN */
  readonly cnnWeight: number;
  /** the CNN probability is clipped to [cnnClip, 1 − cnnClip] before its logit, so no window alone can veto or force AF */
  readonly cnnClip: number;
  /** confidence of one RR interval = logistic(confidenceSlope · evidence), evidence = ln(decision/threshold) + CNN term */
  readonly confidenceSlope: number;
  /** AF spans separated by less than this are joined, in s */
  readonly mergeGapS: number;
  /** AF spans shorter than this (after joining) are dropped, in s */
  readonly minEpisodeS: number;
}

/**
 * Default AF detector settings. α, N, γ, δ are Petrėnas et al. 2015's published values, used as
 * published. thresholdPerS was chosen on the PhysioNet/CinC 2017 training records (RR intervals from
 * our QRS detector; the rhythm model's tune and validation records left out), cnnWeight and
 * confidenceSlope on the rhythm model's tune split (records the CNN was not trained on), both by
 * `npx tsx scripts/tune-af-detector.ts`; no mitdb record was used. minRrS/maxRrS (300 bpm / 20 bpm),
 * the excluded labels (V, F) and the span rules were set from physiology before any scoring.
 */
export const AF_DETECTOR_CONFIG: Readonly<AfDetectorConfig> = Object.freeze({
  alpha: 0.02,
  windowBeats: 8,
  gammaS: 0.03,
  bigeminyDelta: 2e-4,
  thresholdPerS: 0.725,
  minRrS: 0.2,
  maxRrS: 3,
  excludedBeatLabels: Object.freeze(['V', 'F']),
  cnnWeight: 0,
  cnnClip: 0.01,
  confidenceSlope: 1,
  mergeGapS: 0,
  minEpisodeS: 0,
});

/** The CNN's per-window AF probability, as RhythmClassifier.classifyWindows gives it. */
export interface AfWindowProbabilities {
  /** first sample of each window, ascending, in samples of the record's fsHz */
  readonly startSample: Int32Array | readonly number[];
  /** window length, in seconds (> 0) */
  readonly windowS: number;
  /** P(A) of each window, 0..1, one per startSample */
  readonly afProbability: Float32Array | readonly number[];
}

/** Input of {@link detectAfSpans}. */
export interface AfDetectorInput {
  /** detected beat positions, strictly ascending, 0-based samples in [0, nSamples) */
  readonly beatSamples: Int32Array | readonly number[];
  /** AAMI class of each beat (N, S, V, F, Q), one per beat; without it every interval is used */
  readonly beatLabels?: readonly string[];
  /** sampling rate, in Hz (0 < fsHz ≤ 100 000) */
  readonly fsHz: number;
  /** record length, in samples */
  readonly nSamples: number;
  /** optional CNN window probabilities fused with the RR evidence */
  readonly windows?: AfWindowProbabilities;
}

/** One detected AF span. */
export interface AfSpan {
  /** first sample: the beat that opens the first irregular RR interval */
  readonly onsetSample: number;
  /** last sample, exclusive: the beat that closes the last irregular RR interval */
  readonly endSample: number;
  /** mean per-interval confidence over the span, in (0, 1); see {@link AfDetectorConfig.confidenceSlope} */
  readonly confidence: number;
}

/** Largest number of beats accepted: 14 days at 300 bpm; cost is linear in beats. */
const MAX_BEATS = 6_048_000;

/** Per-interval output of the detector, exported for tuning and tests. */
export interface AfEvidence {
  /** for each RR interval k (beats k−1 → k, k = 1 … n−1, stored at index k−1): evidence = ln(decision / threshold) + CNN term; NaN where the interval is not used */
  readonly evidence: Float64Array;
}

function forwardBackward(x: Float64Array, alpha: number): Float64Array {
  const n = x.length;
  const y = new Float64Array(n);
  if (n === 0) return y;
  let state = x[0] as number;
  for (let i = 0; i < n; i++) y[i] = state = (1 - alpha) * state + alpha * (x[i] as number);
  state = y[n - 1] as number;
  for (let i = n - 1; i >= 0; i--) y[i] = state = (1 - alpha) * state + alpha * (y[i] as number);
  return y;
}

function median3(r: Float64Array): Float64Array {
  const out = Float64Array.from(r);
  for (let i = 1; i + 1 < r.length; i++) {
    const a = r[i - 1] as number;
    const b = r[i] as number;
    const c = r[i + 1] as number;
    out[i] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
  return out;
}

/** Petrėnas 2015's decision signal O(n) over a series of RR intervals (s), in 1/s. */
function decisionSignal(r: Float64Array, config: AfDetectorConfig): Float64Array {
  const n = r.length;
  const { windowBeats: w, gammaS, alpha } = config;
  const rm = median3(r);
  const trend = forwardBackward(r, alpha);
  const irregular = new Float64Array(n);
  const bigeminy = new Float64Array(n);
  let sumR = 0;
  let sumRm = 0;
  for (let i = 0; i < n; i++) {
    sumR += r[i] as number;
    sumRm += rm[i] as number;
    if (i >= w) {
      sumR -= r[i - w] as number;
      sumRm -= rm[i - w] as number;
    }
    const first = Math.max(0, i - w + 1);
    let count = 0;
    for (let j = first; j < i; j++) for (let k = j + 1; k <= i; k++) if (Math.abs((rm[j] as number) - (rm[k] as number)) >= gammaS) count++;
    irregular[i] = (2 * count) / (w * (w - 1));
    bigeminy[i] = (sumRm / sumR - 1) ** 2;
  }
  const irregularSmooth = forwardBackward(irregular, alpha);
  const bigeminySmooth = forwardBackward(bigeminy, alpha);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = bigeminySmooth[i] as number;
    out[i] = b >= config.bigeminyDelta ? (irregularSmooth[i] as number) / (trend[i] as number) : b;
  }
  return out;
}

function validate(input: AfDetectorInput, config: AfDetectorConfig): void {
  const { beatSamples, beatLabels, fsHz, nSamples, windows } = input;
  if (!(fsHz > 0 && fsHz <= 100_000)) throw new RangeError(`detectAfSpans: sampling rate ${fsHz} Hz is outside (0, 100000]`);
  if (!Number.isInteger(nSamples) || nSamples < 0)
    throw new RangeError(`detectAfSpans: record length ${nSamples} is not a non-negative integer`);
  if (beatSamples.length > MAX_BEATS) throw new RangeError(`detectAfSpans: ${beatSamples.length} beats exceed the limit of ${MAX_BEATS}`);
  for (let i = 0; i < beatSamples.length; i++) {
    const s = beatSamples[i] as number;
    if (!Number.isInteger(s) || s < 0 || s >= nSamples || (i > 0 && s <= (beatSamples[i - 1] as number))) {
      throw new RangeError(`detectAfSpans: beat ${i} at sample ${s} is not an integer in [0, ${nSamples}) after the previous beat`);
    }
  }
  if (beatLabels !== undefined && beatLabels.length !== beatSamples.length) {
    throw new RangeError(`detectAfSpans: ${beatLabels.length} beat labels for ${beatSamples.length} beats`);
  }
  if (windows !== undefined) {
    if (windows.afProbability.length !== windows.startSample.length) {
      throw new RangeError(`detectAfSpans: ${windows.afProbability.length} window probabilities for ${windows.startSample.length} windows`);
    }
    if (!(windows.windowS > 0)) throw new RangeError(`detectAfSpans: window length ${windows.windowS} s is not positive`);
  }
  if (
    !(config.alpha > 0 && config.alpha < 1) ||
    !Number.isInteger(config.windowBeats) ||
    config.windowBeats < 2 ||
    config.windowBeats > 64
  ) {
    throw new RangeError(
      `detectAfSpans: alpha ${config.alpha} must be in (0, 1) and windowBeats ${config.windowBeats} an integer in 2..64`,
    );
  }
  if (
    !(config.thresholdPerS > 0) ||
    !(config.minRrS >= 0 && config.maxRrS > config.minRrS) ||
    !(config.cnnClip > 0 && config.cnnClip < 0.5)
  ) {
    throw new RangeError('detectAfSpans: thresholdPerS must be > 0, 0 ≤ minRrS < maxRrS, and cnnClip in (0, 0.5)');
  }
}

/** CNN term of each interval: cnnWeight · logit(P(A)) of the window whose centre is nearest the interval's closing beat; 0 without windows. */
function cnnTerms(input: AfDetectorInput, config: AfDetectorConfig): Float64Array {
  const { beatSamples, windows, fsHz } = input;
  const terms = new Float64Array(Math.max(0, beatSamples.length - 1));
  if (windows === undefined || windows.startSample.length === 0 || config.cnnWeight === 0) return terms;
  const half = (windows.windowS * fsHz) / 2;
  const lo = config.cnnClip;
  let w = 0;
  const centre = (i: number): number => (windows.startSample[i] as number) + half;
  for (let k = 1; k < beatSamples.length; k++) {
    const s = beatSamples[k] as number;
    while (w + 1 < windows.startSample.length && Math.abs(centre(w + 1) - s) <= Math.abs(centre(w) - s)) w++;
    if (Math.abs(centre(w) - s) > half) continue;
    const p = Math.min(1 - lo, Math.max(lo, windows.afProbability[w] as number));
    terms[k - 1] = config.cnnWeight * Math.log(p / (1 - p));
  }
  return terms;
}

/**
 * Per-interval AF evidence (the step of {@link detectAfSpans} before spans are formed).
 * @param input - beats, labels, rate, length, optional CNN windows (see {@link AfDetectorInput})
 * @param config - settings, defaults {@link AF_DETECTOR_CONFIG}
 * @returns evidence per RR interval, > 0 means AF; NaN for intervals not used
 * @throws RangeError as {@link detectAfSpans}
 */
export function afEvidence(input: AfDetectorInput, config: Readonly<AfDetectorConfig> = AF_DETECTOR_CONFIG): AfEvidence {
  validate(input, config);
  const { beatSamples, beatLabels, fsHz } = input;
  const nIntervals = Math.max(0, beatSamples.length - 1);
  const evidence = new Float64Array(nIntervals).fill(NaN);
  const used: number[] = [];
  const rr: number[] = [];
  const excluded = new Set(config.excludedBeatLabels);
  for (let k = 1; k < beatSamples.length; k++) {
    const rrS = ((beatSamples[k] as number) - (beatSamples[k - 1] as number)) / fsHz;
    if (rrS < config.minRrS || rrS > config.maxRrS) continue;
    if (beatLabels !== undefined && (excluded.has(beatLabels[k] as string) || excluded.has(beatLabels[k - 1] as string))) continue;
    used.push(k - 1);
    rr.push(rrS);
  }
  if (rr.length < config.windowBeats) return { evidence };
  const decision = decisionSignal(Float64Array.from(rr), config);
  const cnn = cnnTerms(input, config);
  used.forEach((index, j) => {
    const o = Math.max(decision[j] as number, Number.MIN_VALUE);
    evidence[index] = Math.log(o / config.thresholdPerS) + (cnn[index] as number);
  });
  return { evidence };
}

/**
 * Detects atrial fibrillation at beat resolution from the RR intervals of detected beats, with the
 * low-complexity detector of Petrėnas, Marozas & Sörnmo 2015: 3-point median filter of the RR series
 * (ectopic beats), RR trend by a forward–backward exponential averager, the fraction of pairs of the
 * last N median-filtered intervals differing by at least γ, smoothed and divided by the RR trend, and
 * bigeminy suppression (the smoothed squared ratio of median-filtered to raw RR sums; below δ the
 * rhythm is taken as bigeminy and the decision signal is that small index). Intervals that touch a
 * beat labelled with an excluded class (V, F) or lie outside [minRrS, maxRrS] are left out of the series;
 * a left-out interval takes the decision of the nearest used one before it (after it at the record
 * start), except that one longer than maxRrS is never AF. When CNN windows are given, the evidence
 * ln(O/η) gains cnnWeight · logit(P(A)) of the nearest window. AF intervals form spans from their first
 * opening beat to their last closing beat; spans closer than mergeGapS are joined and those shorter
 * than minEpisodeS dropped. Offline (non-causal) over the whole beat series; memory is linear in beats.
 *
 * Source: Petrėnas A, Marozas V, Sörnmo L. Low-complexity detection of atrial fibrillation in
 * continuous long-term monitoring. Comput Biol Med 65:184–191, 2015, doi:10.1016/j.compbiomed.2015.05.019.
 *
 * @param input - beats (samples, strictly ascending), optional AAMI labels, fsHz, nSamples, optional CNN windows
 * @param config - settings, defaults {@link AF_DETECTOR_CONFIG}
 * @returns AF spans in time order, disjoint, in samples, each with a confidence in (0, 1); [] with fewer than windowBeats usable intervals
 * @throws RangeError for a rate outside (0, 100 kHz], a bad length, beats not strictly ascending integers in
 *   [0, nSamples), more than 6,048,000 beats, labels or window probabilities whose count does not match, or a config out of range
 */
export function detectAfSpans(input: AfDetectorInput, config: Readonly<AfDetectorConfig> = AF_DETECTOR_CONFIG): AfSpan[] {
  const { evidence } = afEvidence(input, config);
  const { beatSamples, fsHz } = input;
  const n = evidence.length;
  const isAf = new Uint8Array(n);
  let last = -1;
  for (let i = 0; i < n; i++) {
    const e = evidence[i] as number;
    if (!Number.isNaN(e)) last = e > 0 ? 1 : 0;
    const tooLong = ((beatSamples[i + 1] as number) - (beatSamples[i] as number)) / fsHz > config.maxRrS;
    isAf[i] = last === 1 && !tooLong ? 1 : 0;
  }
  const firstUsed = evidence.findIndex((e) => !Number.isNaN(e));
  for (let i = 0; i < firstUsed; i++) {
    const tooLong = ((beatSamples[i + 1] as number) - (beatSamples[i] as number)) / fsHz > config.maxRrS;
    isAf[i] = (evidence[firstUsed] as number) > 0 && !tooLong ? 1 : 0;
  }
  const runs: { first: number; last: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (isAf[i] !== 1) continue;
    const run = runs[runs.length - 1];
    if (run !== undefined && run.last === i - 1) run.last = i;
    else runs.push({ first: i, last: i });
  }
  const joined: { first: number; last: number }[] = [];
  for (const run of runs) {
    const prev = joined[joined.length - 1];
    if (prev !== undefined && ((beatSamples[run.first] as number) - (beatSamples[prev.last + 1] as number)) / fsHz < config.mergeGapS)
      prev.last = run.last;
    else joined.push({ ...run });
  }
  return joined.flatMap((run) => {
    const onsetSample = beatSamples[run.first] as number;
    const endSample = beatSamples[run.last + 1] as number;
    if ((endSample - onsetSample) / fsHz < config.minEpisodeS) return [];
    let sum = 0;
    let count = 0;
    for (let i = run.first; i <= run.last; i++) {
      const e = evidence[i] as number;
      if (Number.isNaN(e)) continue;
      sum += 1 / (1 + Math.exp(-config.confidenceSlope * e));
      count++;
    }
    return [{ onsetSample, endSample, confidence: count > 0 ? sum / count : 0.5 }];
  });
}
