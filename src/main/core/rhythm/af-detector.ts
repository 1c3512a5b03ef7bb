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
  /**
   * edge refinement: a span's first and last intervals move outwards while, and inwards until, the
   * unsmoothed pairwise-irregularity fraction of the N intervals centred on them is at least this (0..1)
   */
  readonly edgeIrregularity: number;
  /** AF spans separated by less than this are joined, in s */
  readonly mergeGapS: number;
  /** AF spans shorter than this (after joining) are dropped, in s */
  readonly minEpisodeS: number;
}

/**
 * Default AF detector settings; no mitdb AF record (HOLTER_RHYTHM_SETS.mitdbAf) was used to choose any.
 * α, N, γ, δ are Petrėnas et al. 2015's published values, used as published. thresholdPerS (0.5),
 * cnnWeight (0.25) and excludedBeatLabels (V, F rather than none) were chosen together by
 * `npx tsx scripts/tune-af-holter.ts` (grid, best pooled AF time F1 0.694) on Holter records outside
 * the evaluation set: the 40 AF-free mitdb records and the vfdb records with AF (423, 609, 615).
 * edgeIrregularity (0.60) and confidenceSlope (0.6) were chosen by `npx tsx scripts/tune-af-detector.ts`
 * on PhysioNet/CinC 2017 records (A records AF, N and O not; edgeIrregularity on the rhythm model's
 * training records, the slope by maximum likelihood on its tune split, with the strip-tuned threshold
 * 0.908 and weight 1.00 that script also prints; the validation split was not read), so confidence is
 * not calibrated on Holters. minRrS/maxRrS (300 / 20 bpm), cnnClip and the span rules were set before
 * any scoring. minEpisodeS (30 s) is the clinical definition of an AF episode (2020 ESC AF guideline,
 * Hindricks G et al., Eur Heart J 42(5):373–498, 2021, doi:10.1093/eurheartj/ehaa612: AF lasting at least
 * 30 s is diagnostic); on the tune-af-holter.ts set it raises the pooled AF time F1 from 0.704 to 0.724
 * (stage 2 of that script, mergeGapS 0 best with it). That script's stage 2 prefers 60 s (F1 0.757),
 * the longest on its grid, but its AF positives are three vfdb records with long episodes, so it cannot
 * weigh the short paroxysms a Holter also holds; the clinical 30 s was kept. Re-run both scripts when
 * the beat or rhythm model changes.
 */
export const AF_DETECTOR_CONFIG: Readonly<AfDetectorConfig> = Object.freeze({
  alpha: 0.02,
  windowBeats: 8,
  gammaS: 0.03,
  bigeminyDelta: 2e-4,
  thresholdPerS: 0.5,
  minRrS: 0.2,
  maxRrS: 3,
  excludedBeatLabels: Object.freeze(['V', 'F']),
  cnnWeight: 0.25,
  cnnClip: 0.01,
  confidenceSlope: 0.6,
  edgeIrregularity: 0.6,
  mergeGapS: 0,
  minEpisodeS: 30,
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
  /** for each interval, the unsmoothed fraction of differing pairs among the N used intervals centred on it, 0..1; NaN where not used */
  readonly irregularity: Float64Array;
}

/** Mean of x[from … from + count) (clipped to x), walking forwards or backwards. */
function edgeMean(x: Float64Array, count: number, backwards: boolean): number {
  const m = Math.min(x.length, count);
  let sum = 0;
  for (let i = 0; i < m; i++) sum += x[backwards ? x.length - 1 - i : i] as number;
  return sum / m;
}

/**
 * Exponential averager y(n) = (1 − α) y(n−1) + α x(n) run forwards then backwards (zero phase), each
 * pass started at the mean of its first ⌈1/α⌉ inputs so that short series are not pulled to 0 at the edges.
 * `y` may be `x` itself (each input is read before its output is written): on a 7-day record every
 * series is 770k doubles, 6 MB.
 */
function forwardBackward(x: Float64Array, alpha: number, y: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  if (n === 0) return y;
  const settle = Math.ceil(1 / alpha);
  let state = edgeMean(x, settle, false);
  for (let i = 0; i < n; i++) y[i] = state = (1 - alpha) * state + alpha * (x[i] as number);
  state = edgeMean(y, settle, true);
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

/** Petrėnas 2015's decision signal O(n) over a series of RR intervals (s), in 1/s, and the unsmoothed irregularity M(n). */
function decisionSignal(r: Float64Array, config: AfDetectorConfig): { decision: Float64Array; irregular: Float64Array } {
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
    const pairs = ((i - first + 1) * (i - first)) / 2;
    irregular[i] = pairs > 0 ? count / pairs : 0;
    bigeminy[i] = (sumRm / sumR - 1) ** 2;
  }
  // both indices need a full window (with an odd count of alternating intervals the bigeminy sums
  // differ, and a few pairs give a coarse fraction): the first windowBeats − 1 take the first full one's
  const full = Math.min(n, w) - 1;
  for (let i = 0; i < full; i++) {
    irregular[i] = irregular[full] as number;
    bigeminy[i] = bigeminy[full] as number;
  }
  // the smoothed series go into the median-filtered series (no longer read) and over the raw bigeminy
  // index, the decision over the trend (trend[i] is read before out[i] is written)
  const irregularSmooth = forwardBackward(irregular, alpha, rm);
  const bigeminySmooth = forwardBackward(bigeminy, alpha, bigeminy);
  const out = trend;
  for (let i = 0; i < n; i++) {
    const b = bigeminySmooth[i] as number;
    out[i] = b >= config.bigeminyDelta ? (irregularSmooth[i] as number) / (trend[i] as number) : b;
  }
  return { decision: out, irregular };
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
  const irregularity = new Float64Array(nIntervals).fill(NaN);
  // the used intervals' indices and RR series, in arrays of the most there can be
  const used = new Int32Array(nIntervals);
  const rrAll = new Float64Array(nIntervals);
  let nUsed = 0;
  const excluded = new Set(config.excludedBeatLabels);
  for (let k = 1; k < beatSamples.length; k++) {
    const rrS = ((beatSamples[k] as number) - (beatSamples[k - 1] as number)) / fsHz;
    if (rrS < config.minRrS || rrS > config.maxRrS) continue;
    if (beatLabels !== undefined && (excluded.has(beatLabels[k] as string) || excluded.has(beatLabels[k - 1] as string))) continue;
    used[nUsed] = k - 1;
    rrAll[nUsed++] = rrS;
  }
  if (nUsed < config.windowBeats) return { evidence: new Float64Array(nIntervals).fill(NaN), irregularity };
  const { decision, irregular } = decisionSignal(rrAll.subarray(0, nUsed), config);
  // the evidence is built over the CNN terms: each used interval adds its log decision, the others become NaN
  const evidence = cnnTerms(input, config);
  const ahead = Math.floor(config.windowBeats / 2);
  let next = 0;
  for (let j = 0; j < nUsed; j++) {
    const index = used[j] as number;
    while (next < index) evidence[next++] = NaN;
    const o = Math.max(decision[j] as number, Number.MIN_VALUE);
    evidence[index] = Math.log(o / config.thresholdPerS) + (evidence[index] as number);
    irregularity[index] = irregular[Math.min(nUsed - 1, j + ahead)] as number;
    next = index + 1;
  }
  evidence.fill(NaN, next);
  return { evidence, irregularity };
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
 * start), except that one longer than maxRrS, or more than N intervals away from a used one, is never AF
 * (so isolated PVCs in AF stay inside the episode but a ventricular run does not). When CNN windows
 * are given, the evidence ln(O/η) gains cnnWeight · logit(P(A)) of the nearest window. AF intervals
 * form runs; since the smoothing blurs onsets and offsets by tens of beats, each run's edges are then
 * moved to beat resolution on the unsmoothed irregularity of the N intervals centred on each interval
 * (outwards to the last interval where it is ≥ edgeIrregularity, crossing dips of up to N/2 intervals,
 * then inwards while it is below; a run where it never reaches the level is dropped). Spans run from
 * the run's opening beat to its closing beat; spans closer than mergeGapS are joined and those shorter
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
  const { evidence, irregularity } = afEvidence(input, config);
  const { beatSamples, fsHz } = input;
  const n = evidence.length;
  const tooLong = (i: number): boolean => ((beatSamples[i + 1] as number) - (beatSamples[i] as number)) / fsHz > config.maxRrS;
  const firstUsed = evidence.findIndex((e) => !Number.isNaN(e));
  if (firstUsed < 0) return [];
  const isAf = new Uint8Array(n);
  let last = (evidence[firstUsed] as number) > 0 ? 1 : 0;
  let unused = 0;
  for (let i = 0; i < n; i++) {
    const e = evidence[i] as number;
    if (Number.isNaN(e)) unused++;
    else {
      last = e > 0 ? 1 : 0;
      unused = 0;
    }
    isAf[i] = last === 1 && !tooLong(i) && unused <= config.windowBeats ? 1 : 0;
  }
  const runs: Run[] = [];
  for (let i = 0; i < n; i++) {
    if (isAf[i] !== 1) continue;
    const run = runs[runs.length - 1];
    if (run !== undefined && run.last === i - 1) run.last = i;
    else runs.push({ first: i, last: i });
  }
  const refined = mergeRuns(
    runs.flatMap((run) => refineEdges(run, irregularity, tooLong, config.edgeIrregularity, Math.floor(config.windowBeats / 2))),
  );
  const joined: Run[] = [];
  for (const run of refined) {
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

/** A run of AF intervals, first..last inclusive (interval i joins beats i and i + 1). */
interface Run {
  first: number;
  last: number;
}

/**
 * Moves a run's edges to beat resolution: outwards to the farthest interval whose centred irregularity
 * is at least `level`, crossing at most `tolerance` consecutive used intervals below it and at most
 * 2 · `tolerance` consecutive unused ones (never one longer than maxRrS), then inwards over intervals
 * below it. A run in which no used interval reaches `level` is dropped.
 * @returns the refined run, or [] when dropped
 */
function refineEdges(run: Run, irregularity: Float64Array, tooLong: (i: number) => boolean, level: number, tolerance: number): Run[] {
  const qualifies = (i: number): boolean => !Number.isNaN(irregularity[i] as number) && (irregularity[i] as number) >= level;
  const grow = (from: number, step: -1 | 1): number => {
    let edge = from;
    let misses = 0;
    let unused = 0;
    for (
      let i = from + step;
      i >= 0 && i < irregularity.length && !tooLong(i) && misses <= tolerance && unused <= 2 * tolerance;
      i += step
    ) {
      if (Number.isNaN(irregularity[i] as number)) unused++;
      else if (qualifies(i)) {
        edge = i;
        misses = 0;
        unused = 0;
      } else misses++;
    }
    return edge;
  };
  let first = grow(run.first, -1);
  let last = grow(run.last, 1);
  while (first < last && !Number.isNaN(irregularity[first] as number) && !qualifies(first)) first++;
  while (last > first && !Number.isNaN(irregularity[last] as number) && !qualifies(last)) last--;
  for (let i = first; i <= last; i++) if (qualifies(i)) return [{ first, last }];
  return [];
}

/** Merges runs (sorted by first) that overlap or touch after refinement. */
function mergeRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    const prev = out[out.length - 1];
    if (prev !== undefined && run.first <= prev.last + 1) prev.last = Math.max(prev.last, run.last);
    else out.push({ ...run });
  }
  return out;
}
