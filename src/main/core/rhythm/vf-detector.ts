import { zeroPhaseBandPass } from '../dsp/zero-phase-band-pass';

/** Tunables of {@link detectVfSpans}. */
export interface VfDetectorConfig {
  /** band-pass applied first, high-pass cutoff in Hz (Amann 2005's drift suppression, 1 Hz) */
  readonly highPassHz: number;
  /** band-pass low-pass cutoff, in Hz (Amann 2005: 30 Hz) */
  readonly lowPassHz: number;
  /** analysis window, whole seconds, 3..16; one window per 1 s step, centred on the step */
  readonly windowS: number;
  /** TCSC segment length, in s (Arafat 2011: 3 s, shifted by 1 s inside the window) */
  readonly segmentS: number;
  /** cosine taper at each end of a TCSC segment, in s (Arafat 2011: 0.25 s) */
  readonly taperS: number;
  /** TCSC level: a sample counts when |x| exceeds this fraction of the segment's largest |x| (Arafat 2011 V0 = 0.2) */
  readonly tcscLevel: number;
  /** a window is VF-like when its TCSC (percent of samples over the level) is at least this */
  readonly tcscMinPercent: number;
  /** … and its VF-filter leakage (Kuo & Dillman 1978; 0 for a pure sinusoid, near 1 for sharp QRS complexes) is at most this */
  readonly leakageMax: number;
  /**
   * … and the largest normalised autocorrelation of the window at lags acfMinLagS … acfMaxLagS is at most
   * this: monomorphic VT repeats one complex and scores near 1, VF is irregular (after Chen et al. 1987)
   */
  readonly acfMax: number;
  /** shortest autocorrelation lag searched, in s (0.15 s: 400 bpm) */
  readonly acfMinLagS: number;
  /** longest autocorrelation lag searched, in s (1.5 s: 40 bpm) */
  readonly acfMaxLagS: number;
  /**
   * … and the time-delay feature (Amann et al. 2007: the share of the boxes of a tdGridBoxes × tdGridBoxes
   * grid over the window's range visited by the delay plot x(t) against x(t − tdDelayS)) is at least
   * this, 0..1: a regular rhythm retraces one narrow loop, VF fills the plane; 0 disables it
   */
  readonly tdMinFraction: number;
  /** delay of the time-delay plot, in s (Amann et al. 2007: 0.5 s) */
  readonly tdDelayS: number;
  /** boxes per side of the time-delay grid, 2..100 (Amann et al. 2007: 40) */
  readonly tdGridBoxes: number;
  /** … and its peak-to-peak amplitude is at least this, in mV (a flat or asystolic lead is not VF) */
  readonly minPeakToPeakMv: number;
  /** … and at most this, in mV (large, organised complexes are VT or artefact rather than VF); Infinity disables it */
  readonly maxPeakToPeakMv: number;
  /** VF spans separated by less than this are joined, in s */
  readonly mergeGapS: number;
  /** VF spans shorter than this (after joining) are dropped, in s */
  readonly minEpisodeS: number;
}

/**
 * Default VF/VFL detector settings. highPassHz, lowPassHz, segmentS, taperS and tcscLevel are the
 * published values (Amann 2005 preprocessing; Arafat 2011 TCSC), as are tdDelayS and tdGridBoxes
 * (Amann 2007's time-delay method); acfMinLagS/acfMaxLagS span 40–400 bpm. windowS, tcscMinPercent,
 * leakageMax, acfMax, maxPeakToPeakMv, tdMinFraction, mergeGapS and minEpisodeS were chosen by
 * `npx tsx scripts/tune-vf-detector.ts` (grid search, best pooled VF time F1 0.711 against 0.686 for
 * the previous settings without the time-delay feature and span rules) on the vfdb tuning fold only
 * (HOLTER_RHYTHM_SETS.vfdbTuning: 418 420 422 424 426 428 430 605 609 611 614, every other record in
 * name order); the other eleven records are held out for evaluation. At 6 s windows the TCSC threshold
 * chosen (20 %, the grid's lowest) no longer decides: the leakage, time-delay and amplitude limits do.
 * minPeakToPeakMv was set before any scoring.
 */
export const VF_DETECTOR_CONFIG: Readonly<VfDetectorConfig> = Object.freeze({
  highPassHz: 1,
  lowPassHz: 30,
  windowS: 6,
  segmentS: 3,
  taperS: 0.25,
  tcscLevel: 0.2,
  tcscMinPercent: 20,
  leakageMax: 0.6,
  acfMax: 0.9,
  acfMinLagS: 0.15,
  acfMaxLagS: 1.5,
  tdMinFraction: 0.13,
  tdDelayS: 0.5,
  tdGridBoxes: 40,
  minPeakToPeakMv: 0.1,
  maxPeakToPeakMv: 5,
  mergeGapS: 0,
  minEpisodeS: 6,
});

/** Per-step features of {@link vfFeatures}; index k is the step [k·fsHz, (k+1)·fsHz) samples. */
export interface VfFeatures {
  /** steps of 1 s (the last one may be partial) */
  readonly steps: number;
  /** TCSC of the window centred on each step, percent 0..100 */
  readonly tcscPercent: Float32Array;
  /** VF-filter leakage of that window, 0..1 (1 when undefined, e.g. a flat lead) */
  readonly leakage: Float32Array;
  /** largest normalised autocorrelation of that window over the lag range, −1..1 (1 when undefined) */
  readonly acfPeak: Float32Array;
  /** peak-to-peak amplitude of that window after the band-pass, in mV */
  readonly peakToPeakMv: Float32Array;
  /** time-delay feature of that window (share of grid boxes visited), 0..1 (0 when undefined, e.g. a flat lead) */
  readonly timeDelayFraction: Float32Array;
}

/** One detected VF/VFL span. */
export interface VfSpan {
  /** first sample (start of the first VF step) */
  readonly onsetSample: number;
  /** first sample after the span */
  readonly endSample: number;
  /** share of the analysis windows overlapping the span that are VF-like, averaged over its steps, in (0, 1] */
  readonly confidence: number;
}

/** Output samples filtered per block (bounded working memory on long records), in s. */
const BLOCK_S = 120;
/** Filter settling margin on each side of a block, in s (the 1 Hz forward–backward transient is well under this). */
const FILTER_MARGIN_S = 5;

/**
 * Signal context a window needs on each side of the step it labels, in s: half the window plus the
 * band-pass settling margin. A caller that runs the detector on chunks of a long record gives each
 * chunk this much overlap on each side and keeps the steps of its own core.
 * @param config - settings, defaults {@link VF_DETECTOR_CONFIG}
 * @returns seconds of context per side
 */
export function vfContextS(config: Readonly<VfDetectorConfig> = VF_DETECTOR_CONFIG): number {
  return Math.ceil(config.windowS / 2) + FILTER_MARGIN_S;
}

function validate(leadMv: Float32Array, fsHz: number, config: VfDetectorConfig): void {
  if (!(fsHz >= 50 && fsHz <= 10_000)) throw new RangeError(`detectVfSpans: sampling rate ${fsHz} Hz is outside [50, 10000]`);
  if (leadMv.length > 2 ** 31 - 1) throw new RangeError(`detectVfSpans: ${leadMv.length} samples exceed 2^31 − 1`);
  if (!Number.isInteger(config.windowS) || config.windowS < config.segmentS || config.windowS > 16) {
    throw new RangeError(`detectVfSpans: windowS ${config.windowS} must be a whole number of seconds in segmentS..16`);
  }
  if (!(
    config.segmentS >= 1 &&
    config.taperS >= 0 &&
    2 * config.taperS < config.segmentS &&
    config.tcscLevel > 0 &&
    config.tcscLevel < 1
  )) {
    throw new RangeError('detectVfSpans: need segmentS ≥ 1 s, 0 ≤ 2·taperS < segmentS and 0 < tcscLevel < 1');
  }
  if (!(
    config.tdDelayS > 0 &&
    config.tdDelayS < config.windowS &&
    Number.isInteger(config.tdGridBoxes) &&
    config.tdGridBoxes >= 2 &&
    config.tdGridBoxes <= 100
  )) {
    throw new RangeError(
      `detectVfSpans: tdDelayS ${config.tdDelayS} must be in (0, windowS) and tdGridBoxes ${config.tdGridBoxes} an integer in 2..100`,
    );
  }
}

/**
 * TCSC (percent) of one segment of y starting at `start` (Arafat 2011): the percentage of its
 * tapered samples whose magnitude exceeds tcscLevel times the largest. `scratch` (≥ seg long)
 * holds the tapered magnitudes between the two passes.
 */
function segmentTcsc(y: Float32Array, start: number, seg: number, level: number, taper: Float32Array, scratch: Float64Array): number {
  let max = 0;
  for (let i = 0; i < seg; i++) {
    const v = Math.abs((y[start + i] as number) * (taper[i] as number));
    scratch[i] = v;
    max = Math.max(max, v);
  }
  let count = 0;
  if (max > 0) {
    const threshold = level * max;
    for (let i = 0; i < seg; i++) if ((scratch[i] as number) > threshold) count++;
  }
  return (100 * count) / seg;
}

/** Autocorrelation is computed on the band-passed lead decimated (block means) to at most this rate, in Hz. */
const ACF_RATE_HZ = 50;

/**
 * Running sums of a decimated block z for {@link acfPeak}: `energy[i]` = Σ z[m]² over m < i, and per
 * lag L in [minLag, maxLag], `products[(L − minLag)·(n + 1) + i]` = Σ z[m]·z[m − L] over L ≤ m < i.
 * A window's sums are then differences of two entries instead of a loop over the window (the
 * windows of neighbouring steps overlap by 90 %).
 */
interface LagSums {
  energy: Float64Array;
  products: Float64Array;
  minLag: number;
  maxLag: number;
}

function lagSums(z: Float32Array, minLag: number, maxLag: number): LagSums {
  const n = z.length;
  const energy = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) energy[i + 1] = (energy[i] as number) + (z[i] as number) * (z[i] as number);
  const lags = Math.max(0, maxLag - minLag + 1);
  const products = new Float64Array(lags * (n + 1));
  for (let l = 0; l < lags; l++) {
    const lag = minLag + l;
    const row = l * (n + 1);
    // entries up to the lag stay 0 (no product yet); then one running sum, in index order
    let sum = 0;
    for (let i = lag; i < n; i++) {
      sum += (z[i] as number) * (z[i - lag] as number);
      products[row + i + 1] = sum;
    }
  }
  return { energy, products, minLag, maxLag };
}

/**
 * Largest correlation coefficient between samples [from, to) of a decimated block and their copy
 * delayed by a lag in [minLag, maxLag] samples (each lag's overlap normalised by its own energies);
 * 1 when undefined. The sums are differences of the block's running sums (lagSums): the direct
 * sums up to float64 rounding.
 */
function acfPeak(sums: LagSums, from: number, to: number): number {
  const { energy, products, minLag, maxLag } = sums;
  const stride = energy.length;
  let best = -1;
  for (let lag = minLag; lag <= Math.min(maxLag, to - from - 2); lag++) {
    const row = (lag - minLag) * stride;
    const xy = (products[row + to] as number) - (products[row + from + lag] as number);
    const xx = (energy[to] as number) - (energy[from + lag] as number);
    const yy = (energy[to - lag] as number) - (energy[from] as number);
    if (xx > 0 && yy > 0) best = Math.max(best, xy / Math.sqrt(xx * yy));
  }
  return best === -1 ? 1 : best;
}

/** VF-filter leakage of samples [from, to) of y (Kuo & Dillman 1978, as given by Amann 2005). */
function leakage(y: Float32Array, from: number, to: number): number {
  let sumAbs = 0;
  let sumDiff = 0;
  for (let i = from + 1; i < to; i++) {
    sumAbs += Math.abs(y[i] as number);
    sumDiff += Math.abs((y[i] as number) - (y[i - 1] as number));
  }
  if (!(sumDiff > 0)) return 1;
  const half = Math.floor((Math.PI * sumAbs) / sumDiff + 0.5);
  if (half < 1 || half >= to - from) return 1;
  let num = 0;
  let den = 0;
  for (let i = from + half; i < to; i++) {
    const a = y[i] as number;
    const b = y[i - half] as number;
    num += Math.abs(a + b);
    den += Math.abs(a) + Math.abs(b);
  }
  return den > 0 ? num / den : 1;
}

/** The detector's sizes at one sampling rate, shared by every filtered block of a lead. */
interface VfGeometry {
  fsHz: number;
  config: Readonly<VfDetectorConfig>;
  /** lead length, samples */
  n: number;
  /** samples per 1 s step */
  stepSamples: number;
  /** number of steps (the last one may be partial) */
  steps: number;
  /** TCSC segment length, samples, and its taper */
  seg: number;
  taper: Float32Array;
  /** steps of a window before the one it labels */
  before: number;
  /** decimation factor of the autocorrelation, its lag range in decimated samples */
  decimation: number;
  minLag: number;
  maxLag: number;
  /** time-delay lag, in decimated samples */
  tdLag: number;
  /** filter settling margin around a block, samples */
  margin: number;
}

function vfGeometry(n: number, fsHz: number, config: Readonly<VfDetectorConfig>): VfGeometry {
  const stepSamples = Math.round(fsHz);
  const decimation = Math.max(1, Math.floor(fsHz / ACF_RATE_HZ));
  const acfRate = fsHz / decimation;
  const seg = Math.round(config.segmentS * fsHz);
  const taperSamples = config.taperS * fsHz;
  const taper = Float32Array.from({ length: seg }, (_, i) => {
    const t = Math.min(i, seg - 1 - i);
    return t < taperSamples ? 0.5 * (1 - Math.cos((Math.PI * t) / taperSamples)) : 1;
  });
  return {
    fsHz,
    config,
    n,
    stepSamples,
    steps: Math.ceil(n / stepSamples),
    seg,
    taper,
    before: Math.floor((config.windowS - 1) / 2),
    decimation,
    minLag: Math.max(1, Math.round(config.acfMinLagS * acfRate)),
    maxLag: Math.round(config.acfMaxLagS * acfRate),
    tdLag: Math.max(1, Math.round(config.tdDelayS * acfRate)),
    margin: Math.round((FILTER_MARGIN_S + config.windowS) * fsHz),
  };
}

/**
 * One filtered block of a lead: steps [firstStep, firstStep + BLOCK_S) with the band-passed signal of
 * their windows and the settling margin, and each of the four window features of a step on demand.
 * Every feature is computed from the same filtered samples in the same order whether or not the
 * others are, so a detector that stops at the first failed threshold gets the values vfFeatures gives.
 */
class VfBlock {
  /** the band-passed lead over samples [lo, lo + y.length) */
  private readonly y: Float32Array;
  private readonly lo: number;
  /** per step of the block's windows (from stepBase on), the band-passed minimum and maximum */
  private readonly stepMin: Float32Array;
  private readonly stepMax: Float32Array;
  private readonly stepBase: number;
  /** TCSC of each segment by its start (neighbouring windows share all but one) */
  private readonly segments = new Map<number, number>();
  private readonly scratch: Float64Array;
  /** the band-passed block decimated to ≤ ACF_RATE_HZ (block means), formed on first use */
  private z: Float32Array | null = null;
  private sums: LagSums | null = null;
  /** boxes of the time-delay grid, cleared for each window */
  private readonly boxes: Uint8Array;

  /** Band-passes samples [lo, hi) of the lead (see blockStretch) for steps firstStep … firstStep + BLOCK_S − 1. */
  constructor(
    leadMv: Float32Array,
    private readonly g: VfGeometry,
    readonly firstStep: number,
    lo: number,
    hi: number,
  ) {
    const { n, stepSamples, config } = g;
    this.lo = lo;
    this.y = zeroPhaseBandPass(leadMv.slice(lo, hi), g.fsHz, config.highPassHz, config.lowPassHz);
    // the steps whose samples all lie in the filtered stretch: every window of the block is a run of them
    this.stepBase = Math.ceil(lo / stepSamples);
    const stepEnd = Math.max(this.stepBase, Math.min(g.steps, Math.floor(hi / stepSamples) + (hi === n ? 1 : 0)));
    this.stepMin = new Float32Array(stepEnd - this.stepBase);
    this.stepMax = new Float32Array(stepEnd - this.stepBase);
    for (let j = this.stepBase; j < stepEnd; j++) {
      let min = Infinity;
      let max = -Infinity;
      for (let i = j * stepSamples - lo; i < Math.min(n, (j + 1) * stepSamples) - lo; i++) {
        const v = this.y[i] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      this.stepMin[j - this.stepBase] = min;
      this.stepMax[j - this.stepBase] = max;
    }
    this.scratch = new Float64Array(g.seg);
    this.boxes = new Uint8Array(g.config.tdGridBoxes * g.config.tdGridBoxes);
  }

  /** Window of step k as indices into the filtered stretch, or null when it is shorter than a TCSC segment. */
  window(k: number): { from: number; to: number } | null {
    const { n, stepSamples, before, config, seg } = this.g;
    const from = Math.max(0, (k - before) * stepSamples) - this.lo;
    const to = Math.min(n, (k - before + config.windowS) * stepSamples) - this.lo;
    return to - from < seg ? null : { from, to };
  }

  /**
   * Peak-to-peak of step k's window, mV: the window is whole steps (clipped to the lead), so its
   * extremes are those of the steps' extremes (the same samples' values, found in the same order).
   */
  peakToPeak(k: number): number {
    const { steps, before, config } = this.g;
    const first = Math.max(0, k - before) - this.stepBase;
    const last = Math.min(steps - 1, k - before + config.windowS - 1) - this.stepBase;
    let min = Infinity;
    let max = -Infinity;
    for (let j = first; j <= last; j++) {
      const lo = this.stepMin[j] as number;
      const hi = this.stepMax[j] as number;
      if (lo < min) min = lo;
      if (hi > max) max = hi;
    }
    return max - min;
  }

  /** TCSC of samples [from, to) (Arafat 2011): mean over 3 s segments shifted by 1 s, each computed once per block. */
  tcsc(from: number, to: number): number {
    const { seg, stepSamples, taper, config } = this.g;
    let sum = 0;
    let count = 0;
    for (let s = from; s + seg <= to; s += stepSamples) {
      let percent = this.segments.get(s);
      if (percent === undefined) {
        percent = segmentTcsc(this.y, s, seg, config.tcscLevel, taper, this.scratch);
        this.segments.set(s, percent);
      }
      sum += percent;
      count++;
    }
    return count > 0 ? sum / count : 0;
  }

  /** VF-filter leakage of samples [from, to). */
  leakage(from: number, to: number): number {
    return leakage(this.y, from, to);
  }

  /** The decimated block (block means of `decimation` samples). */
  private decimated(): Float32Array {
    if (this.z === null) {
      const { decimation } = this.g;
      const z = new Float32Array(Math.floor(this.y.length / decimation));
      for (let j = 0; j < z.length; j++) {
        let sum = 0;
        for (let i = 0; i < decimation; i++) sum += this.y[j * decimation + i] as number;
        z[j] = sum / decimation;
      }
      this.z = z;
    }
    return this.z;
  }

  /** Autocorrelation peak of samples [from, to), on the decimated block (its running sums formed on first use). */
  acfPeak(from: number, to: number): number {
    const { decimation, minLag, maxLag } = this.g;
    this.sums ??= lagSums(this.decimated(), minLag, maxLag);
    return acfPeak(this.sums, Math.ceil(from / decimation), Math.floor(to / decimation));
  }

  /**
   * Time-delay feature of samples [from, to) (Amann et al. 2007), on the decimated block: the points
   * (x(t), x(t − tdLag)) are binned into a tdGridBoxes² grid over the window's minimum … maximum, and the
   * share of boxes holding at least one point is returned; 0 for a flat window or one shorter than the lag.
   */
  timeDelay(from: number, to: number): number {
    const { decimation, tdLag, config } = this.g;
    const z = this.decimated();
    const a = Math.ceil(from / decimation);
    const b = Math.min(z.length, Math.floor(to / decimation));
    if (b - a <= tdLag) return 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = a; i < b; i++) {
      const v = z[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(max > min)) return 0;
    const side = config.tdGridBoxes;
    const scale = side / (max - min);
    const box = (v: number): number => Math.min(side - 1, Math.floor((v - min) * scale));
    const boxes = this.boxes;
    boxes.fill(0);
    let visited = 0;
    for (let i = a + tdLag; i < b; i++) {
      const k = box(z[i] as number) * side + box(z[i - tdLag] as number);
      if (boxes[k] === 0) {
        boxes[k] = 1;
        visited++;
      }
    }
    return visited / (side * side);
  }
}

/** Runs `visit` on each filtered block of a lead, in step order (a block of under 4 samples has no features). */
function forEachBlock(leadMv: Float32Array, g: VfGeometry, visit: (block: VfBlock) => void): void {
  for (let first = 0; first < g.steps; first += BLOCK_S) {
    const lo = Math.max(0, first * g.stepSamples - g.margin);
    const hi = Math.min(g.n, (first + BLOCK_S) * g.stepSamples + g.margin);
    if (hi - lo >= 4) visit(new VfBlock(leadMv, g, first, lo, hi));
  }
}

/**
 * Per-second features of the VF detector (the step of {@link detectVfSpans} before thresholds; used for tuning).
 * @param leadMv - one ECG lead, in mV (NaN gaps are held flat by the band-pass)
 * @param fsHz - its sampling rate, in Hz (50..10 000)
 * @param config - settings, defaults {@link VF_DETECTOR_CONFIG}
 * @returns TCSC, leakage, autocorrelation peak, peak-to-peak and time-delay share of the window centred on each 1 s step
 * @throws RangeError for a rate out of range or a config out of range
 */
export function vfFeatures(leadMv: Float32Array, fsHz: number, config: Readonly<VfDetectorConfig> = VF_DETECTOR_CONFIG): VfFeatures {
  validate(leadMv, fsHz, config);
  const g = vfGeometry(leadMv.length, fsHz, config);
  const { steps } = g;
  const tcscPercent = new Float32Array(steps);
  const leak = new Float32Array(steps).fill(1);
  const peakToPeakMv = new Float32Array(steps);
  const acf = new Float32Array(steps).fill(1);
  const td = new Float32Array(steps);
  forEachBlock(leadMv, g, (block) => {
    for (let k = block.firstStep; k < Math.min(steps, block.firstStep + BLOCK_S); k++) {
      const w = block.window(k);
      if (w === null) continue;
      peakToPeakMv[k] = block.peakToPeak(k);
      tcscPercent[k] = block.tcsc(w.from, w.to);
      leak[k] = block.leakage(w.from, w.to);
      acf[k] = block.acfPeak(w.from, w.to);
      td[k] = block.timeDelay(w.from, w.to);
    }
  });
  return { steps, tcscPercent, leakage: leak, acfPeak: acf, peakToPeakMv, timeDelayFraction: td };
}

/** Whether a step's window features are VF-like: every threshold of the config met. */
function isVfLike(
  tcscPercent: number,
  leakageValue: number,
  acfPeakValue: number,
  peakToPeakMv: number,
  timeDelayFraction: number,
  config: Readonly<VfDetectorConfig>,
): boolean {
  return (
    tcscPercent >= config.tcscMinPercent &&
    leakageValue <= config.leakageMax &&
    acfPeakValue <= config.acfMax &&
    timeDelayFraction >= config.tdMinFraction &&
    peakToPeakMv >= config.minPeakToPeakMv &&
    peakToPeakMv <= config.maxPeakToPeakMv
  );
}

/** VF spans from the VF-like steps (1) of a lead: runs joined across short gaps, each with its mean vote. */
function spansFromSteps(positive: Uint8Array, nSamples: number, fsHz: number, config: Readonly<VfDetectorConfig>): VfSpan[] {
  const steps = positive.length;
  const stepSamples = Math.round(fsHz);
  const before = Math.floor((config.windowS - 1) / 2);
  const votes = (j: number): number => {
    let yes = 0;
    let all = 0;
    for (let k = Math.max(0, j + before - config.windowS + 1); k <= Math.min(steps - 1, j + before); k++) {
      all++;
      yes += positive[k] as number;
    }
    return all > 0 ? yes / all : 0;
  };
  const runs: { first: number; last: number }[] = [];
  for (let k = 0; k < steps; k++) {
    if (positive[k] !== 1) continue;
    const run = runs[runs.length - 1];
    if (run !== undefined && run.last === k - 1) run.last = k;
    else if (run !== undefined && k - run.last - 1 < config.mergeGapS) run.last = k;
    else runs.push({ first: k, last: k });
  }
  return runs.flatMap((run) => {
    const onsetSample = run.first * stepSamples;
    const endSample = Math.min(nSamples, (run.last + 1) * stepSamples);
    if ((endSample - onsetSample) / fsHz < config.minEpisodeS || endSample <= onsetSample) return [];
    let sum = 0;
    for (let k = run.first; k <= run.last; k++) sum += votes(k);
    return [{ onsetSample, endSample, confidence: sum / (run.last - run.first + 1) }];
  });
}

/**
 * Marks VF-like steps and forms spans from features (shared by {@link detectVfSpans} and tuning).
 * @param features - output of {@link vfFeatures}
 * @param nSamples - lead length, in samples
 * @param fsHz - sampling rate, in Hz
 * @param config - thresholds and span rules
 * @returns VF spans in time order, in samples, with confidence
 */
export function vfSpansFromFeatures(
  features: VfFeatures,
  nSamples: number,
  fsHz: number,
  config: Readonly<VfDetectorConfig> = VF_DETECTOR_CONFIG,
): VfSpan[] {
  const positive = new Uint8Array(features.steps);
  for (let k = 0; k < features.steps; k++) {
    const vf = isVfLike(
      features.tcscPercent[k] as number,
      features.leakage[k] as number,
      features.acfPeak[k] as number,
      features.peakToPeakMv[k] as number,
      features.timeDelayFraction[k] as number,
      config,
    );
    positive[k] = vf ? 1 : 0;
  }
  return spansFromSteps(positive, nSamples, fsHz, config);
}

/**
 * Detects ventricular flutter/fibrillation spans from one ECG lead, without QRS detection. The lead is
 * band-passed 1–30 Hz (zero phase; Amann et al. 2005's preprocessing), then every second a window of
 * windowS seconds centred on that second is scored by two published time-domain features: the
 * threshold crossing sample count (TCSC, Arafat et al. 2011: 3 s segments shifted by 1 s, each tapered
 * by a 0.25 s cosine at both ends, normalised to its largest |x|, counting the percentage of samples
 * above 0.2, averaged over the window) and the VF-filter leakage (Kuo & Dillman 1978: the signal's mean
 * half-period N from Σ|x|/Σ|Δx|, leakage = Σ|x_i + x_{i−N}| / Σ(|x_i| + |x_{i−N}|), small for the
 * near-sinusoidal VF/VFL waveform); a third, the largest normalised autocorrelation at lags of
 * 0.15–1.5 s (on the lead decimated to ≤ 50 Hz), separates monomorphic VT, which repeats one complex,
 * from VF (the autocorrelation idea of Chen et al. 1987, reduced to a peak threshold); a fourth, the
 * time-delay feature of Amann et al. 2007 (the share of a 40 × 40 grid over the window's range visited
 * by the delay plot x(t) against x(t − 0.5 s), on the same decimated lead), is low for rhythms that
 * retrace one loop (sinus rhythm, regular complexes, baseline wander) and high for VF. A second is VF
 * when TCSC ≥ tcscMinPercent, leakage ≤ leakageMax, time-delay share ≥ tdMinFraction, autocorrelation
 * peak ≤ acfMax and the window's
 * peak-to-peak amplitude is within [minPeakToPeakMv, maxPeakToPeakMv] — combining detectors as Amann et al. 2005 suggest. VF seconds form spans (joined across gaps shorter than mergeGapS, dropped when shorter than
 * minEpisodeS). The lead is filtered in 120 s blocks with margins, so working memory is bounded apart
 * from the input; chunked callers need {@link vfContextS} of context on each side.
 *
 * Sources: Arafat MA, Chowdhury AW, Hasan MK. A simple time domain algorithm for the detection of
 * ventricular fibrillation in electrocardiogram. Signal Image Video Process 5:1–10, 2011,
 * doi:10.1007/s11760-009-0136-1. Kuo S, Dillman R. Computer detection of ventricular fibrillation.
 * Computers in Cardiology 1978:347–349. Amann A, Tratnig R, Unterkofler K. Reliability of old and new
 * ventricular fibrillation detection algorithms for automated external defibrillators. Biomed Eng
 * Online 4:60, 2005, doi:10.1186/1475-925X-4-60. Chen S, Thakor NV, Mower MM. Ventricular fibrillation
 * detection by a regression test on the autocorrelation function. Med Biol Eng Comput 25:241–249, 1987.
 * Amann A, Tratnig R, Unterkofler K. Detecting ventricular fibrillation by time-delay methods. IEEE
 * Trans Biomed Eng 54(1):174–177, 2007, doi:10.1109/TBME.2006.880909.
 *
 * @param leadMv - one ECG lead, in mV
 * @param fsHz - its sampling rate, in Hz (50..10 000)
 * @param config - settings, defaults {@link VF_DETECTOR_CONFIG}
 * @returns VF/VFL spans in time order, disjoint, in samples (1 s resolution), each with a confidence in (0, 1]
 * @throws RangeError for a rate out of range or a config out of range
 */
export function detectVfSpans(leadMv: Float32Array, fsHz: number, config: Readonly<VfDetectorConfig> = VF_DETECTOR_CONFIG): VfSpan[] {
  validate(leadMv, fsHz, config);
  const g = vfGeometry(leadMv.length, fsHz, config);
  // vfSpansFromFeatures(vfFeatures(…)), with each step's features computed only until one fails its
  // threshold (rounded to float32, as vfFeatures stores them), the cheap ones first; a step without
  // a window keeps vfFeatures' defaults
  const positive = new Uint8Array(g.steps).fill(isVfLike(0, 1, 1, 0, 0, config) ? 1 : 0);
  forEachBlock(leadMv, g, (block) => {
    for (let k = block.firstStep; k < Math.min(g.steps, block.firstStep + BLOCK_S); k++) {
      const w = block.window(k);
      if (w === null) continue;
      const p2p = Math.fround(block.peakToPeak(k));
      const vf =
        p2p >= config.minPeakToPeakMv &&
        p2p <= config.maxPeakToPeakMv &&
        Math.fround(block.tcsc(w.from, w.to)) >= config.tcscMinPercent &&
        Math.fround(block.leakage(w.from, w.to)) <= config.leakageMax &&
        Math.fround(block.timeDelay(w.from, w.to)) >= config.tdMinFraction &&
        Math.fround(block.acfPeak(w.from, w.to)) <= config.acfMax;
      positive[k] = vf ? 1 : 0;
    }
  });
  return spansFromSteps(positive, leadMv.length, fsHz, config);
}
