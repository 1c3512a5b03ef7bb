/**
 * Signal quality of one ECG lead in consecutive 10 s windows: the window's signal-to-noise ratio as the noise stress
 * test defines it, estimated from the lead's own QRS detections.
 *
 * The WFDB `nst` program (Moody, Muldrow & Mark 1984) defines the SNR of a noisy ECG as S / N in dB with S the
 * normal QRS peak-to-peak amplitude (sigamp: max − min within ±50 ms of the beat) and N = 2√2 × the noise RMS
 * (so that a sine of peak-to-peak amplitude S has SNR 0 dB against itself). Here, per window, S is the median
 * peak-to-peak amplitude within ±50 ms of the lead's detected beats, and N is estimated from the signal outside ±100 ms
 * of them: the RMS about the mean of each 1 s stretch (sigamp's RMS measure), which on clean ECG holds only the P and
 * T waves. Clean mitdb windows score about 5–16 dB, the nstdb `em` noise record about −3–3 dB.
 *
 * Checks that score a window unreadable before any SNR (Li, Mark & Clifford 2008, flat-line check): a peak-to-peak
 * range below `flatRangeMv` (lead off, flat line) or mostly invalid samples (saturation or dropout marked invalid by
 * the reader). A window with too few beats to measure (asystole, or a lead with nothing detected) is unknown (NaN), not
 * unreadable.
 *
 * Sources:
 * - G. B. Moody, W. K. Muldrow, R. G. Mark, "A noise stress test for arrhythmia detectors", Computers in Cardiology
 *   11:381–384, 1984; WFDB `nst` and `sigamp` (SNR definition and amplitude measures).
 * - Q. Li, R. G. Mark, G. D. Clifford, "Robust heart rate estimation from multiple asynchronous noisy sources using
 *   signal quality indices and a Kalman filter", Physiol Meas 29(1):15–32, 2008. doi:10.1088/0967-3334/29/1/002
 *   (per-lead quality indices over short windows weighting the leads' beat detections; flat-line check).
 * - C. Orphanidou et al., "Signal-quality indices for the electrocardiogram and photoplethysmogram: derivation and
 *   applications to wireless monitoring", IEEE J Biomed Health Inform 19(3):832–838, 2015.
 *   doi:10.1109/JBHI.2014.2338351 (10 s windows).
 */

/** Tunables of {@link leadQuality}. */
export interface LeadQualityConfig {
  /** Window length, s (windows start at multiples of it from record sample 0). */
  windowS: number;
  /** Half-width of the QRS peak-to-peak measurement around each beat, ms (sigamp: 50). */
  qrsHalfWindowMs: number;
  /** Samples this close to a beat are left out of the noise estimate, ms. */
  qrsGuardMs: number;
  /** The noise RMS is taken about the mean of stretches this long, s (sigamp: 1). */
  rmsStretchS: number;
  /** Fewest beats for a window to be scored (fewer: NaN, unknown). */
  minBeats: number;
  /** A window whose peak-to-peak range is below this is a flat line (lead off), mV. */
  flatRangeMv: number;
  /** A window with more than this fraction of invalid (NaN) samples is unreadable. */
  maxInvalidFraction: number;
}

/** Defaults: 10 s windows, sigamp's ±50 ms and 1 s, ±100 ms guard, 3 beats, 0.05 mV flat line, half invalid. */
export const DEFAULT_LEAD_QUALITY_CONFIG: Readonly<LeadQualityConfig> = Object.freeze({
  windowS: 10,
  qrsHalfWindowMs: 50,
  qrsGuardMs: 100,
  rmsStretchS: 1,
  minBeats: 3,
  flatRangeMv: 0.05,
  maxInvalidFraction: 0.5,
});

/** SNR given to an unreadable window (flat line, mostly invalid), dB. */
export const UNREADABLE_SNR_DB = -100;

/** SNR given to a window whose noise estimate is zero (a noiseless synthetic signal), dB. */
const NOISELESS_SNR_DB = 100;

/**
 * SNR of one lead in each window [k·W, (k+1)·W) that overlaps [offsetSample, offsetSample + signalMv.length).
 * @param signalMv - the lead, mV (NaN = invalid); sample i of it is record sample offsetSample + i
 * @param fsHz - sampling frequency, Hz
 * @param beats - the lead's QRS marks, record samples, ascending
 * @param offsetSample - record sample of signalMv[0]
 * @param config - overrides of {@link DEFAULT_LEAD_QUALITY_CONFIG}
 * @returns firstWindow (record-aligned index of the first window) and per window the SNR in dB,
 *   {@link UNREADABLE_SNR_DB} for a flat or mostly invalid window, NaN when too few beats to measure
 * @throws RangeError when fsHz is not positive
 */
export function leadQuality(
  signalMv: Float32Array,
  fsHz: number,
  beats: ArrayLike<number>,
  offsetSample = 0,
  config: Partial<LeadQualityConfig> = {},
): { firstWindow: number; snrDb: Float32Array } {
  if (!(fsHz > 0)) throw new RangeError(`leadQuality: sampling frequency must be positive, got ${fsHz}`);
  const c = { ...DEFAULT_LEAD_QUALITY_CONFIG, ...config };
  const w = Math.max(1, Math.round(c.windowS * fsHz));
  const end = offsetSample + signalMv.length;
  const firstWindow = Math.floor(offsetSample / w);
  const nWindows = Math.max(0, Math.ceil(end / w) - firstWindow);
  const snrDb = new Float32Array(nWindows);
  const measure = new WindowMeasure(signalMv, fsHz, offsetSample, c);
  let b = 0;
  for (let k = 0; k < nWindows; k++) {
    const w0 = (firstWindow + k) * w;
    const from = Math.max(w0, offsetSample);
    const to = Math.min(w0 + w, end);
    while (b < beats.length && (beats[b] as number) < w0) b++;
    let e = b;
    while (e < beats.length && (beats[e] as number) < w0 + w) e++;
    snrDb[k] = measure.snrDb(beats, b, e, from, to);
  }
  return { firstWindow, snrDb };
}

/** The per-window measurement of {@link leadQuality}: one lead, its sampling-derived lengths. */
class WindowMeasure {
  /** The numbers are declared with one, so that V8 keeps them unboxed (a field first defined as undefined stays boxed). */
  private readonly half: number = 0;
  private readonly guard: number = 0;
  private readonly stretch: number = 0;
  private readonly offset: number = 0;

  constructor(
    private readonly x: Float32Array,
    fsHz: number,
    offset: number,
    private readonly c: LeadQualityConfig,
  ) {
    this.offset = offset;
    this.half = Math.max(1, Math.round((c.qrsHalfWindowMs * fsHz) / 1000));
    this.guard = Math.max(1, Math.round((c.qrsGuardMs * fsHz) / 1000));
    this.stretch = Math.max(1, Math.round(c.rmsStretchS * fsHz));
  }

  /**
   * SNR of record samples [from, to) with beats[b, e) in them. A first pass over the window finds its range and its
   * invalid samples; after the checks, a second one visits, per 1 s stretch, only the samples outside ±guard of the
   * window's beats (skipping each guard) and takes the count, sum and sum of squares of the valid ones, whose squared
   * deviations about the stretch mean are Σv² − (Σv)²/k (the noise RMS).
   */
  snrDb(beats: ArrayLike<number>, b: number, e: number, from: number, to: number): number {
    const { x, offset, c, stretch, guard } = this;
    const n = to - from;
    if (n <= 0) return NaN;
    let lo = Infinity;
    let hi = -Infinity;
    let invalid = 0;
    for (let t = from - offset, end = to - offset; t < end; t++) {
      const v = x[t] as number;
      if (v !== v) invalid++;
      else {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (invalid > c.maxInvalidFraction * n || !(hi - lo >= c.flatRangeMv)) return UNREADABLE_SNR_DB;
    if (e - b < c.minBeats) return NaN;
    const amplitudes: number[] = [];
    for (let i = b; i < e; i++) {
      const r = (beats[i] as number) - offset;
      const amplitude = this.peakToPeak(r - this.half, r + this.half);
      if (amplitude > 0) amplitudes.push(amplitude);
    }
    if (amplitudes.length < c.minBeats) return NaN;
    amplitudes.sort((p, q) => p - q);
    const signal = amplitudes[amplitudes.length >> 1] as number;
    let count = 0;
    let squares = 0;
    let g = b; // the first beat whose guard may still cover the current sample (guards end in beat order)
    for (let s0 = from; s0 < to; s0 += stretch) {
      const s1 = Math.min(to, s0 + stretch);
      let sum = 0;
      let sumSquares = 0;
      let k = 0;
      let t = s0;
      while (t < s1) {
        while (g < e && (beats[g] as number) + guard <= t) g++;
        const guardFrom = g < e ? (beats[g] as number) - guard : s1;
        for (const segmentEnd = Math.min(s1, guardFrom); t < segmentEnd; t++) {
          const v = x[t - offset] as number;
          if (v === v) {
            sum += v;
            sumSquares += v * v;
            k++;
          }
        }
        if (t < s1) t = Math.min(s1, (beats[g] as number) + guard);
      }
      if (k > 0) squares += Math.max(0, sumSquares - (sum * sum) / k);
      count += k;
    }
    if (count === 0) return NaN;
    const rms = Math.sqrt(squares / count);
    return rms > 0 ? 20 * Math.log10(signal / (2 * Math.SQRT2 * rms)) : NOISELESS_SNR_DB;
  }

  /** max − min of the valid samples in [i0, i1] (signal indices, clipped), 0 when none. */
  private peakToPeak(i0: number, i1: number): number {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = Math.max(0, i0); t <= Math.min(this.x.length - 1, i1); t++) {
      const v = this.x[t] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi > lo ? hi - lo : 0;
  }
}
