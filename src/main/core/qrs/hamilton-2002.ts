/**
 * QRS detector after P. S. Hamilton's open-source ECG analysis (OSEA) detector and the decision rules of
 * Hamilton & Tompkins 1986, with every length derived from the sampling rate (OSEA is written for 200 Hz).
 *
 * Sources:
 * - P. S. Hamilton, "Open source ECG analysis", Computers in Cardiology 29:101–104, 2002.
 *   doi:10.1109/CIC.2002.1166717 (filters, peak detector, median QRS and noise levels, pre-blanking,
 *   8-s learning and re-learning, search back, baseline-shift check)
 * - P. S. Hamilton, W. J. Tompkins, "Quantitative investigation of QRS detection rules using the MIT/BIH
 *   arrhythmia database", IEEE Trans Biomed Eng 33(12):1157–1165, 1986. doi:10.1109/TBME.1986.325695
 *   (detection threshold between noise and QRS levels, search back, T-wave rule)
 * - J. Pan, W. J. Tompkins, "A real-time QRS detection algorithm", IEEE Trans Biomed Eng 32(3):230–236, 1985.
 *   doi:10.1109/TBME.1985.325532 (derivative / integration chain, T-wave slope rule)
 */

/** Tunable parameters of {@link detectQrs}; durations in ms or s as named, ratios unitless. */
export interface QrsDetectorConfig {
  /** Length of each of the two cascaded moving averages of the low-pass filter, in ms (first zero at 1/length). */
  lowpassWindowMs: number;
  /** Length of the moving average subtracted by the high-pass filter, in ms. */
  highpassWindowMs: number;
  /** Lag of the first-difference derivative, in ms. */
  derivativeLagMs: number;
  /** Moving-window integration length, in ms (about the widest QRS). */
  integrationWindowMs: number;
  /** A peak of the integrated signal is declared this long after its maximum at the latest, in ms. */
  peakTimeoutMs: number;
  /** Only the largest peak within this interval is kept (one QRS per interval), in ms. */
  preBlankMs: number;
  /** Number of QRS peaks, noise peaks and RR intervals in the running medians. */
  historyLength: number;
  /** Detection threshold = noise level + this fraction × (QRS level − noise level). */
  thresholdFraction: number;
  /** Learning period that seeds the QRS level with the largest peak of each second, in s. */
  learningS: number;
  /** With no QRS for this long, the levels are re-learnt from the peaks of the last seconds, in s. */
  relearnAfterS: number;
  /** Search back starts once the time since the last QRS exceeds this multiple of the median RR interval. */
  searchBackRrFactor: number;
  /** Search back takes the largest noise peak if above this fraction of the detection threshold. */
  searchBackThresholdFraction: number;
  /** Noise peaks closer than this to the last QRS are not search-back candidates (T waves), in ms. */
  searchBackMinDelayMs: number;
  /** A peak closer than this to the last QRS is a T wave when its slope is below `tWaveSlopeRatio` of the QRS's, in ms. */
  tWaveWindowMs: number;
  /** Slope ratio of the T-wave rule. */
  tWaveSlopeRatio: number;
  /** Width of the window, centred on the mark, where the slopes are measured, in ms. */
  slopeWindowMs: number;
  /** A QRS needs its steepest rising and falling slopes this close together, in ms (baseline-shift rule)... */
  slopePairMaxMs: number;
  /** ...and each at least this fraction of the other. */
  slopeBalanceRatio: number;
  /** Peaks whose band-passed QRS window spans less than this, peak to peak, are ignored, in mV. */
  minQrsAmplitudeMv: number;
  /** The mark is searched this far beyond the integration window that produced the peak, each side, in ms. */
  rSearchMarginMs: number;
}

/**
 * Default parameters. From OSEA (Hamilton 2002): the filter lengths, 95 ms peak timeout, 8-value median
 * levels, 8-s learning, search back at 1.5 RR and half the threshold, the baseline-shift check (220 ms window,
 * slopes within 150 ms and 1/8 of each other). From Hamilton & Tompkins 1986: the 360 ms T-wave rule.
 * Chosen here, on the MIT-BIH Arrhythmia Database, which is also the evaluation set (so the QRS figures of
 * `npm run eval:qrs` are not independent of these four): threshold coefficient 0.4 (OSEA: 0.475 with medians,
 * 0.3125 with means); pre-blanking 250 ms (OSEA: 200 ms; the longer interval drops P waves 200–250 ms before a
 * QRS and limits detection to 240 bpm); re-learning after 5 s without a QRS (OSEA: 8 s; faster recovery after
 * artefacts, still safe in the database's pauses of up to 6 s); minimum QRS amplitude 0.05 mV (OSEA: 0.15 mV on
 * its integrated signal).
 */
export const DEFAULT_QRS_CONFIG: Readonly<QrsDetectorConfig> = Object.freeze({
  lowpassWindowMs: 25,
  highpassWindowMs: 125,
  derivativeLagMs: 10,
  integrationWindowMs: 80,
  peakTimeoutMs: 95,
  preBlankMs: 250,
  historyLength: 8,
  thresholdFraction: 0.4,
  learningS: 8,
  relearnAfterS: 5,
  searchBackRrFactor: 1.5,
  searchBackThresholdFraction: 0.5,
  searchBackMinDelayMs: 360,
  tWaveWindowMs: 360,
  tWaveSlopeRatio: 0.5,
  slopeWindowMs: 220,
  slopePairMaxMs: 150,
  slopeBalanceRatio: 0.125,
  minQrsAmplitudeMv: 0.05,
  rSearchMarginMs: 30,
});

/** Samples filtered per call of the filter chain (bounds the integral buffer). */
const PROCESS_BLOCK = 8192;

/** Name of this detector, stored with analyses. */
export const QRS_DETECTOR_NAME = 'hamilton-2002';

/** Lengths in samples derived from the config and fsHz. */
interface Lengths {
  lowpass: number;
  /** Odd, so that the high-pass filter has an integer delay. */
  highpass: number;
  derivative: number;
  integration: number;
  peakTimeout: number;
  preBlank: number;
  searchBackMinDelay: number;
  tWaveWindow: number;
  slopeHalfWindow: number;
  slopePairMax: number;
  rSearchMargin: number;
  second: number;
  learningSeconds: number;
  relearnSeconds: number;
  relearnAfter: number;
  /** Noise peaks kept for re-examination after re-learning: at most one per pre-blanking interval. */
  pendingCapacity: number;
  /** Delay of the band-passed signal behind the input, in samples. */
  bandpassDelay: number;
  /** Ring buffer size (a power of two) for the band-passed and low-passed signals: the reach of a mark back in time plus one processing block. */
  ring: number;
}

function toSamples(ms: number, fsHz: number, min = 1): number {
  return Math.max(min, Math.round((ms * fsHz) / 1000));
}

function lengthsFor(c: QrsDetectorConfig, fsHz: number): Lengths {
  const lowpass = toSamples(c.lowpassWindowMs, fsHz);
  const highpass = 2 * Math.floor(toSamples(c.highpassWindowMs, fsHz) / 2) + 1;
  const bandpassDelay = lowpass - 1 + (highpass - 1) / 2;
  const integration = toSamples(c.integrationWindowMs, fsHz);
  const derivative = toSamples(c.derivativeLagMs, fsHz);
  const peakTimeout = toSamples(c.peakTimeoutMs, fsHz);
  const preBlank = toSamples(c.preBlankMs, fsHz);
  const slopeHalfWindow = toSamples(c.slopeWindowMs / 2, fsHz);
  const rSearchMargin = toSamples(c.rSearchMarginMs, fsHz, 0);
  // Oldest sample still needed when a held peak is released: the mark window and the slope window around it.
  const reach = bandpassDelay + derivative + integration + 2 * rSearchMargin + peakTimeout + preBlank + slopeHalfWindow + 2;
  let ring = 1;
  while (ring <= reach + PROCESS_BLOCK) ring *= 2; // the chain runs up to one block ahead of the peak logic
  const second = Math.max(1, Math.round(fsHz));
  return {
    lowpass,
    highpass,
    derivative,
    integration,
    peakTimeout,
    preBlank,
    searchBackMinDelay: toSamples(c.searchBackMinDelayMs, fsHz),
    tWaveWindow: toSamples(c.tWaveWindowMs, fsHz),
    slopeHalfWindow,
    slopePairMax: toSamples(c.slopePairMaxMs, fsHz),
    rSearchMargin,
    second,
    learningSeconds: Math.max(1, Math.round(c.learningS)),
    relearnSeconds: Math.max(1, Math.round(c.relearnAfterS)),
    relearnAfter: Math.max(1, Math.round(c.relearnAfterS * fsHz)),
    pendingCapacity: Math.ceil(((c.relearnAfterS + 1) * 1000) / Math.max(1, c.preBlankMs)) + 1,
    bandpassDelay,
    ring,
  };
}

/**
 * Hamilton's filter chain, run over consecutive blocks of the input: low-pass (two cascaded moving averages),
 * high-pass (input delayed to the centre of a moving average, minus that average), first difference, absolute
 * value, moving-window integration. The band-passed and low-passed signals of the last `ring` samples are
 * kept, indexed by input sample number & (ring − 1). Before the first sample the input is taken as constant at
 * `initialMv` (no start-up transient); NaN input holds the last valid value. The window lengths come from `L` on
 * every call; the running state's fields are declared with a number: a field declared without one is first defined
 * as undefined, V8 then keeps it boxed, and the filter loop ran about a quarter slower.
 */
class FilterChain {
  /** Band-passed signal; entry (i & mask) is input sample i, valid for i < processed − bandpassDelay. */
  readonly bandpassed: Float32Array;
  /** Low-passed signal; entry (i & mask) is input sample i, valid for i ≤ processed − lowpass. */
  readonly lowpassed: Float32Array;
  /** Each stage's input history (a power-of-two length longer than every filter window), entry (n & (length − 1)) holding the value at step n: input, first moving average, low-passed, band-passed, |difference|. */
  private readonly inputs: Float64Array;
  private readonly firstAverages: Float64Array;
  private readonly lowpassHistory: Float64Array;
  private readonly bandpassHistory: Float64Array;
  private readonly slopes: Float64Array;
  private n = 0;
  private lastValid = 0;
  private sumLp1 = 0;
  private sumLp2 = 0;
  private sumHp = 0;
  private sumMwi = 0;

  constructor(
    private readonly L: Lengths,
    initialMv: number,
  ) {
    this.bandpassed = new Float32Array(L.ring);
    this.lowpassed = new Float32Array(L.ring).fill(initialMv);
    let history = 1;
    while (history <= Math.max(L.lowpass, L.highpass, L.derivative, L.integration)) history *= 2;
    this.inputs = new Float64Array(history).fill(initialMv);
    this.firstAverages = new Float64Array(history).fill(initialMv);
    this.lowpassHistory = new Float64Array(history).fill(initialMv);
    this.bandpassHistory = new Float64Array(history);
    this.slopes = new Float64Array(history);
    this.sumLp1 = initialMv * L.lowpass;
    this.sumLp2 = initialMv * L.lowpass;
    this.sumHp = initialMv * L.highpass;
    this.lastValid = initialMv;
  }

  /**
   * Filters input[from, to) (the input continues where the previous call stopped) and writes the integral of
   * each sample to integralOut[0, to − from). Locals hold the state inside the loop; it is stored back at the end.
   * Each moving sum adds the stage's new value and drops the one its window length ago, read from the
   * stage's history ring (one power-of-two mask for all stages instead of a wrapped index per window).
   */
  process(input: Float32Array, from: number, to: number, integralOut: Float64Array): void {
    const { inputs, firstAverages, lowpassHistory, bandpassHistory, slopes, bandpassed, lowpassed } = this;
    const { lowpass: nLp, highpass: nHp, derivative: nDer, integration: nMwi, bandpassDelay: bpDelay } = this.L;
    const mask = this.L.ring - 1;
    const historyMask = inputs.length - 1;
    const hpCentre = (nHp - 1) / 2;
    const lpDelay = nLp - 1;
    const lpScale = 1 / nLp;
    const hpScale = 1 / nHp;
    const mwiScale = 1 / nMwi;
    let { n, lastValid, sumLp1, sumLp2, sumHp, sumMwi } = this;
    for (let k = from; k < to; k++, n++) {
      const raw = input[k] as number;
      const x = raw === raw ? raw : lastValid;
      lastValid = x;
      const here = n & historyMask;

      sumLp1 += x - (inputs[(n - nLp) & historyMask] as number);
      inputs[here] = x;
      const y1 = sumLp1 * lpScale;
      sumLp2 += y1 - (firstAverages[(n - nLp) & historyMask] as number);
      firstAverages[here] = y1;
      const lp = sumLp2 * lpScale;
      lowpassed[(n - lpDelay) & mask] = lp;

      // high-pass: the low-passed value at the centre of the last nHp, minus their mean
      sumHp += lp - (lowpassHistory[(n - nHp) & historyMask] as number);
      lowpassHistory[here] = lp;
      const bp = (lowpassHistory[(n - hpCentre) & historyMask] as number) - sumHp * hpScale;
      bandpassed[(n - bpDelay) & mask] = bp;

      const diff = bp - (bandpassHistory[(n - nDer) & historyMask] as number);
      bandpassHistory[here] = bp;
      const d = Math.abs(diff);
      sumMwi += d - (slopes[(n - nMwi) & historyMask] as number);
      slopes[here] = d;
      integralOut[k - from] = Math.max(0, sumMwi) * mwiScale; // rounding can leave the sum a hair below 0
    }
    this.n = n;
    this.lastValid = lastValid;
    this.sumLp1 = sumLp1;
    this.sumLp2 = sumLp2;
    this.sumHp = sumHp;
    this.sumMwi = sumMwi;
  }
}

/** The last `length` values of a quantity and their median. */
class RunningMedian {
  private readonly values: Float64Array;
  /** The same values in ascending order (each add moves one entry). */
  private readonly sorted: Float64Array;
  private next = 0;
  median = 0;

  constructor(length: number) {
    this.values = new Float64Array(length);
    this.sorted = new Float64Array(length);
  }

  /** Replaces the history with `seed` (repeated cyclically if shorter). */
  reset(seed: ArrayLike<number>): void {
    for (let i = 0; i < this.values.length; i++) this.values[i] = seed[i % seed.length] as number;
    this.next = 0;
    this.sorted.set(this.values);
    this.sorted.sort();
    this.update();
  }

  add(v: number): void {
    const { sorted } = this;
    const old = this.values[this.next] as number;
    this.values[this.next] = v;
    if (++this.next === this.values.length) this.next = 0;
    // the old value leaves its place and v slides in from there: the order stays sorted
    let p = 0;
    while (p + 1 < sorted.length && (sorted[p] as number) !== old) p++;
    while (p > 0 && (sorted[p - 1] as number) > v) {
      sorted[p] = sorted[p - 1] as number;
      p--;
    }
    while (p + 1 < sorted.length && (sorted[p + 1] as number) < v) {
      sorted[p] = sorted[p + 1] as number;
      p++;
    }
    sorted[p] = v;
    this.update();
  }

  private update(): void {
    const k = this.sorted.length;
    const hi = this.sorted[k >> 1] as number;
    this.median = k % 2 === 1 ? hi : ((this.sorted[(k >> 1) - 1] as number) + hi) / 2;
  }
}

/** Hamilton & Tompkins's decision rules, applied to the held peaks in time order. */
class Decider {
  readonly beats: number[] = [];
  private readonly qrsLevel: RunningMedian;
  private readonly noiseLevel: RunningMedian;
  private readonly rr: RunningMedian;
  private threshold = 0;
  private hasQrs = false;
  /** Loop index of the last QRS's integral peak (or of the last re-learning). */
  private lastQrsPeak = 0;
  private lastQrsSlope = 0;
  /** Loop index after which search back is to be tried (Infinity: nothing to search for). */
  searchBackDue = Infinity;
  private sbHeight = 0;
  private sbPeak = 0;
  private sbMark = 0;
  private sbSlope = 0;
  /** Noise peaks since the last QRS or re-learning, 4 values each (height, peak, mark, slope), oldest overwritten. */
  private readonly pending: Float64Array;
  private pendingCount = 0;
  private pendingNext = 0;
  /** Largest peak of each second since the last QRS, for re-learning. */
  private readonly secondMaxima: Float64Array;
  private secondCount = 0;
  private secondMax = 0;
  private secondStart = 0;

  constructor(
    private readonly c: QrsDetectorConfig,
    private readonly L: Lengths,
    seedLevels: ArrayLike<number>,
  ) {
    this.qrsLevel = new RunningMedian(c.historyLength);
    this.noiseLevel = new RunningMedian(c.historyLength);
    this.rr = new RunningMedian(c.historyLength);
    this.secondMaxima = new Float64Array(L.relearnSeconds);
    this.pending = new Float64Array(4 * L.pendingCapacity);
    this.relearn(seedLevels);
  }

  private relearn(levels: ArrayLike<number>): void {
    this.qrsLevel.reset(levels);
    this.noiseLevel.reset([0]);
    this.rr.reset([this.L.second]);
    this.sbHeight = 0;
    this.lastQrsSlope = 0;
    this.updateThreshold();
  }

  private updateThreshold(): void {
    const noise = this.noiseLevel.median;
    this.threshold = noise + this.c.thresholdFraction * (this.qrsLevel.median - noise);
  }

  private accept(height: number, peak: number, mark: number, slope: number): void {
    this.qrsLevel.add(height);
    if (this.hasQrs) this.rr.add(peak - this.lastQrsPeak);
    this.updateThreshold();
    this.beats.push(mark);
    this.hasQrs = true;
    this.lastQrsPeak = peak;
    this.lastQrsSlope = slope;
    this.sbHeight = 0;
    this.searchBackDue = Infinity;
    this.pendingCount = 0;
    this.secondCount = 0;
    this.secondMax = 0;
    this.secondStart = peak;
  }

  /** Collects the largest peak of each second; after `relearnAfterS` without a QRS, re-learns the levels from them. */
  private trackSeconds(height: number, peak: number): void {
    while (peak - this.secondStart >= this.L.second) {
      this.secondMaxima[this.secondCount % this.secondMaxima.length] = this.secondMax;
      this.secondCount++;
      this.secondMax = 0;
      this.secondStart += this.L.second;
      if (this.secondCount >= this.secondMaxima.length && this.secondStart - this.lastQrsPeak >= this.L.relearnAfter) {
        const lastQrs = this.hasQrs ? this.lastQrsPeak : -Infinity;
        this.relearn(this.secondMaxima);
        this.secondCount = 0;
        this.hasQrs = false;
        this.lastQrsPeak = this.secondStart;
        this.replayPending(lastQrs);
      }
    }
    if (height > this.secondMax) this.secondMax = height;
  }

  /**
   * After re-learning, re-examines the noise peaks held since the last QRS against the new threshold, like search
   * back (each at least `searchBackMinDelayMs` after the previous QRS): the signal is processed offline, so beats
   * missed while the levels were wrong, e.g. after large artefacts, are recovered.
   * @param lastQrs - loop index of the QRS before re-learning (−Infinity if none)
   */
  private replayPending(lastQrs: number): void {
    const count = this.pendingCount;
    const capacity = this.pending.length / 4;
    const first = (this.pendingNext - count + capacity) % capacity;
    let previous = lastQrs;
    for (let k = 0; k < count; k++) {
      const j = 4 * ((first + k) % capacity);
      const height = this.pending[j] as number;
      const peak = this.pending[j + 1] as number;
      if (height > this.threshold && peak - previous >= this.L.searchBackMinDelay) {
        this.accept(height, peak, this.pending[j + 2] as number, this.pending[j + 3] as number);
        previous = peak;
      }
    }
    this.pendingCount = 0;
  }

  private isTWave(peak: number, slope: number): boolean {
    return this.hasQrs && peak - this.lastQrsPeak < this.L.tWaveWindow && slope < this.c.tWaveSlopeRatio * this.lastQrsSlope;
  }

  private hold(height: number, peak: number, mark: number, slope: number): void {
    const capacity = this.pending.length / 4;
    const j = 4 * this.pendingNext;
    this.pending[j] = height;
    this.pending[j + 1] = peak;
    this.pending[j + 2] = mark;
    this.pending[j + 3] = slope;
    this.pendingNext = (this.pendingNext + 1) % capacity;
    if (this.pendingCount < capacity) this.pendingCount++;
  }

  /**
   * Classifies one held peak as QRS, or as noise (kept for search back), or ignores it (baseline shift).
   * @param height - peak of the integrated signal
   * @param peak - loop index of that peak
   * @param mark - sample index of the QRS mark
   * @param slope - steepest low-passed slope around the mark
   * @param baselineShift - whether the slopes look like a baseline shift (or the mark is in a gap)
   */
  evaluate(height: number, peak: number, mark: number, slope: number, baselineShift: boolean): void {
    this.trackSeconds(height, peak);
    if (baselineShift) {
      this.scheduleSearchBack();
      return;
    }
    if (height > this.threshold && !this.isTWave(peak, slope)) {
      this.accept(height, peak, mark, slope);
      return;
    }
    this.hold(height, peak, mark, slope);
    this.noiseLevel.add(height);
    this.updateThreshold();
    if (height > this.sbHeight && peak - this.lastQrsPeak >= this.L.searchBackMinDelay) {
      this.sbHeight = height;
      this.sbPeak = peak;
      this.sbMark = mark;
      this.sbSlope = slope;
    }
    this.scheduleSearchBack();
  }

  /** Search back, called once the loop index passes `searchBackDue`: takes the best noise peak if high enough. */
  searchBack(index: number): void {
    if (index > this.searchBackDue && this.sbHeight > this.c.searchBackThresholdFraction * this.threshold) {
      this.accept(this.sbHeight, this.sbPeak, this.sbMark, this.sbSlope);
    }
    this.searchBackDue = Infinity; // re-armed by the next evaluation, which may lower the threshold
  }

  /** Due time of search back: 1.5 median RR intervals (plus the integration window) after the last QRS. */
  private scheduleSearchBack(): void {
    this.searchBackDue = this.sbHeight > 0 ? this.lastQrsPeak + this.c.searchBackRrFactor * this.rr.median + this.L.integration : Infinity;
  }
}

/**
 * The peak detector and pre-blanking over the integrated signal: a peak is declared when the integral falls below half
 * its maximum or `peakTimeout` samples after it; a declared peak is held until no larger one has come for `preBlank`
 * samples, then released. Its state carries over from one block of the integral to the next.
 */
class PeakDetector {
  private peakMax = 0;
  /** Loop index of the current peak's maximum (meaningful while peakMax > 0). */
  private peakAt = 0;
  private previous = 0;
  private heldHeight = 0;
  private heldPeak = 0;
  private heldSince = 0;

  constructor(private readonly L: Lengths) {}

  /**
   * Scans the integral of loop indices [blockStart, blockEnd) (integral[0] is blockStart), releasing held peaks and
   * running the decider's search back when due. A peak is being tracked while peakMax > 0 (a new maximum is above the
   * previous value, which is ≥ 0), `peakTimeout` samples after its maximum at the latest.
   */
  scan(
    integral: Float64Array,
    blockStart: number,
    blockEnd: number,
    decider: Decider,
    release: (height: number, peak: number, now: number) => void,
  ): void {
    const { peakTimeout, preBlank } = this.L;
    let { peakMax, peakAt, previous, heldHeight, heldPeak, heldSince } = this;
    let releaseAt = heldHeight > 0 ? heldSince + preBlank : Infinity;
    // the decider's due time changes only when it is called: kept in a local between calls
    let searchBackDue = decider.searchBackDue;
    for (let i = blockStart; i < blockEnd; i++) {
      const v = integral[i - blockStart] as number;
      if (v > peakMax && v > previous) {
        peakMax = v;
        peakAt = i;
      } else if (peakMax > 0 && (v < peakMax / 2 || i - peakAt >= peakTimeout)) {
        if (heldHeight === 0 || peakMax > heldHeight) {
          heldHeight = peakMax;
          heldPeak = peakAt;
          heldSince = i;
          releaseAt = i + preBlank;
        }
        peakMax = 0;
      }
      previous = v;
      if (i >= releaseAt) {
        release(heldHeight, heldPeak, i);
        heldHeight = 0;
        releaseAt = Infinity;
        searchBackDue = decider.searchBackDue;
      }
      if (i > searchBackDue) {
        decider.searchBack(i);
        searchBackDue = decider.searchBackDue;
      }
    }
    this.peakMax = peakMax;
    this.peakAt = peakAt;
    this.previous = previous;
    this.heldHeight = heldHeight;
    this.heldPeak = heldPeak;
    this.heldSince = heldSince;
  }
}

function firstValid(signalMv: Float32Array): number {
  for (let i = 0; i < signalMv.length; i++) {
    const v = signalMv[i] as number;
    if (v === v) return v;
  }
  return 0;
}

/** Largest integrated peak of each second of the first `learningS` seconds (fewer for a shorter signal). */
function learnLevels(signalMv: Float32Array, L: Lengths, initialMv: number): Float64Array {
  const nSeconds = Math.max(1, Math.min(L.learningSeconds, Math.floor(signalMv.length / L.second)));
  const end = Math.min(signalMv.length, nSeconds * L.second);
  const integral = new Float64Array(end);
  new FilterChain(L, initialMv).process(signalMv, 0, end, integral);
  const maxima = new Float64Array(nSeconds);
  for (let i = 0; i < end; i++) {
    const k = Math.min(nSeconds - 1, Math.floor(i / L.second));
    if ((integral[i] as number) > (maxima[k] as number)) maxima[k] = integral[i] as number;
  }
  return maxima;
}

/**
 * Detects QRS complexes in one ECG lead.
 *
 * The signal is band-passed (two 25 ms moving averages, minus a 125 ms moving average), differentiated,
 * rectified and integrated over 80 ms. Peaks of the integrated signal, the largest in any 250 ms, are QRS
 * complexes when they exceed a threshold 0.4 of the way from the median of the last 8 noise peaks to the
 * median of the last 8 QRS peaks, unless their steepest rising and falling slopes are not a balanced pair
 * within 150 ms (baseline shift), or they come within 360 ms of the last QRS with less than half its slope
 * (T wave), or their band-passed QRS spans less than 0.05 mV. Once 1.5 median RR intervals pass without a QRS,
 * the largest noise peak from 360 ms after the last QRS is taken if above half the threshold (search back).
 * The QRS level is seeded from the first 8 s (the signal is processed offline, so beats in those 8 s are
 * detected too) and re-learnt after 5 s without a QRS, when the noise peaks held since the last QRS are
 * re-examined against the new threshold. Each mark is the largest band-passed excursion in the QRS window,
 * delay-compensated: the R peak, or the S of a QS complex. All lengths are derived from `fsHz`.
 *
 * Sources: Hamilton 2002 (doi:10.1109/CIC.2002.1166717); Hamilton & Tompkins 1986
 * (doi:10.1109/TBME.1986.325695); Pan & Tompkins 1985 (doi:10.1109/TBME.1985.325532).
 *
 * @param signalMv - one lead, in mV; NaN marks invalid samples (gaps), which hold the last valid value and
 *   receive no marks
 * @param fsHz - sampling frequency, in Hz
 * @param config - overrides of {@link DEFAULT_QRS_CONFIG}
 * @returns 0-based sample indices of the QRS marks, ascending and unique; empty for empty, flat or too
 *   small input
 * @throws TypeError when the signal is not a Float32Array; RangeError when fsHz is not a positive finite number
 */
export function detectQrs(signalMv: Float32Array, fsHz: number, config: Partial<QrsDetectorConfig> = {}): Int32Array {
  if (!(signalMv instanceof Float32Array)) throw new TypeError('detectQrs: the signal must be a Float32Array in mV');
  if (!(fsHz > 0) || !Number.isFinite(fsHz))
    throw new RangeError(`detectQrs: sampling frequency must be a positive number of Hz, got ${fsHz}`);
  const n = signalMv.length;
  if (n === 0) return new Int32Array(0);
  const c: QrsDetectorConfig = { ...DEFAULT_QRS_CONFIG, ...config };
  const L = lengthsFor(c, fsHz);
  const initialMv = firstValid(signalMv);
  const chain = new FilterChain(L, initialMv);
  const decider = new Decider(c, L, learnLevels(signalMv, L, initialMv));
  const mask = L.ring - 1;
  const bp = chain.bandpassed;
  const lp = chain.lowpassed;

  // Releases the held peak at loop index `now`: places the mark, measures the slopes, lets the decider judge.
  const release = (height: number, peak: number, now: number): void => {
    const qrsEnd = peak - L.bandpassDelay - (L.derivative >> 1); // the integral at `peak` covers the QRS up to here
    const from = Math.max(0, qrsEnd - L.integration - L.rSearchMargin);
    const to = Math.min(n - 1, now - L.bandpassDelay, qrsEnd + L.rSearchMargin);
    if (to < from) return;
    let mark = from;
    let largest = -1;
    let high = -Infinity;
    let low = Infinity;
    for (let i = from; i <= to; i++) {
      const v = bp[i & mask] as number;
      high = Math.max(high, v);
      low = Math.min(low, v);
      const a = Math.abs(v);
      if (a > largest) {
        largest = a;
        mark = i;
      }
    }
    if (high - low < c.minQrsAmplitudeMv) return;

    let maxUp = 0;
    let maxDown = 0;
    let tUp = mark;
    let tDown = mark;
    const slopeTo = Math.min(n - 1, now - L.lowpass + 1, mark + L.slopeHalfWindow);
    const slopeFrom = Math.max(1, mark - L.slopeHalfWindow);
    let before = lp[(slopeFrom - 1) & mask] as number;
    for (let i = slopeFrom; i <= slopeTo; i++) {
      const here = lp[i & mask] as number;
      const s = here - before;
      before = here;
      if (s > maxUp) {
        maxUp = s;
        tUp = i;
      } else if (-s > maxDown) {
        maxDown = -s;
        tDown = i;
      }
    }
    const balanced = maxUp > c.slopeBalanceRatio * maxDown && maxDown > c.slopeBalanceRatio * maxUp;
    const baselineShift = !balanced || Math.abs(tUp - tDown) >= L.slopePairMax;
    const inGap = (signalMv[mark] as number) !== (signalMv[mark] as number);
    decider.evaluate(height, peak, mark, Math.max(maxUp, maxDown), baselineShift || inGap);
  };

  // After the signal, the filters are flushed with its last value until every peak has been released.
  const tail = new Float32Array(L.bandpassDelay + L.derivative + L.integration + L.peakTimeout + L.preBlank).fill(
    signalMv[n - 1] as number,
  );
  const total = n + tail.length;
  const integral = new Float64Array(Math.min(total, PROCESS_BLOCK));
  const peaks = new PeakDetector(L);
  for (let blockStart = 0; blockStart < total; blockStart += integral.length) {
    const blockEnd = Math.min(total, blockStart + integral.length);
    if (blockStart < n) chain.process(signalMv, blockStart, Math.min(n, blockEnd), integral);
    if (blockEnd > n) chain.process(tail, Math.max(0, blockStart - n), blockEnd - n, integral.subarray(Math.max(0, n - blockStart)));
    peaks.scan(integral, blockStart, blockEnd, decider, release);
  }
  return uniqueSorted(decider.beats, n);
}

function uniqueSorted(marks: readonly number[], n: number): Int32Array {
  const sorted = Int32Array.from(marks).sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i] as number;
    if (s < 0 || s >= n || (k > 0 && sorted[k - 1] === s)) continue;
    sorted[k++] = s;
  }
  return sorted.slice(0, k);
}
