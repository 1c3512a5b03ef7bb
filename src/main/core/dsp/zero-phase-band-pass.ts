/** One second-order section in direct form II transposed, normalised so a0 = 1. */
interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Butterworth (Q = 1/√2) low- or high-pass section at `cutoffHz` (bilinear transform, prewarped). */
function butterworthSection(kind: 'low' | 'high', cutoffHz: number, fsHz: number): Biquad {
  const w0 = (2 * Math.PI * cutoffHz) / fsHz;
  const alpha = Math.sin(w0) / Math.SQRT2;
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = kind === 'low' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'low' ? b1 / 2 : -b1 / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/**
 * Runs a high-pass and a low-pass section in cascade over `x` in place, forwards or backwards, each
 * section's state started at its steady state for a constant input `first` (so a signal's offset
 * makes no start-up transient). A NaN input sample is replaced by the last sample before it (`first`
 * for a leading run).
 */
function runCascade(x: Float32Array, hp: Biquad, lp: Biquad, backwards: boolean, first: number): void {
  const n = x.length;
  const hpGain = (hp.b0 + hp.b1 + hp.b2) / (1 + hp.a1 + hp.a2);
  let h2 = (hp.b2 - hp.a2 * hpGain) * first;
  let h1 = (hp.b1 - hp.a1 * hpGain) * first + h2;
  const lpFirst = hpGain * first;
  const lpGain = (lp.b0 + lp.b1 + lp.b2) / (1 + lp.a1 + lp.a2);
  let l2 = (lp.b2 - lp.a2 * lpGain) * lpFirst;
  let l1 = (lp.b1 - lp.a1 * lpGain) * lpFirst + l2;
  const step = backwards ? -1 : 1;
  let held = first;
  for (let k = 0, i = backwards ? n - 1 : 0; k < n; k++, i += step) {
    let v = x[i] as number;
    if (v !== v) v = held;
    held = v;
    const h = hp.b0 * v + h1;
    h1 = hp.b1 * v - hp.a1 * h + h2;
    h2 = hp.b2 * v - hp.a2 * h;
    const y = lp.b0 * h + l1;
    l1 = lp.b1 * h - lp.a1 * y + l2;
    l2 = lp.b2 * h - lp.a2 * y;
    x[i] = y;
  }
}

/**
 * Zero-phase band-pass filter in place: a second-order Butterworth high-pass and low-pass in cascade,
 * run forwards then backwards (so the magnitude response is squared, 4th-order slopes, and the phase is
 * zero: QRS shape and R-peak position are not shifted). NaN samples are first replaced by the last
 * finite sample before them (the first finite sample for a leading run; 0 when there is none), so a
 * gap makes a flat stretch rather than poisoning the whole signal.
 *
 * Sources: R. Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter coefficients" (W3C
 * Audio EQ Cookbook, https://www.w3.org/TR/audio-eq-cookbook/); forward–backward filtering as in
 * F. Gustafsson, "Determining the initial states in forward-backward filtering", IEEE Trans Signal
 * Process 44(4):988–992, 1996, doi:10.1109/78.492552 (here with steady-state initial conditions).
 *
 * @param x - samples, any unit (mV for ECG); overwritten with the filtered signal
 * @param fsHz - sampling frequency, in Hz (> 0)
 * @param highPassHz - high-pass cutoff, in Hz (0 < highPassHz < fsHz / 2)
 * @param lowPassHz - low-pass cutoff, in Hz; values at or above 0.45 × fsHz are lowered to 0.45 × fsHz
 * @returns `x`
 * @throws RangeError when a frequency is out of those bounds
 */
export function zeroPhaseBandPass(x: Float32Array, fsHz: number, highPassHz: number, lowPassHz: number): Float32Array {
  if (!(fsHz > 0) || !Number.isFinite(fsHz)) throw new RangeError(`zeroPhaseBandPass: fsHz must be positive, got ${fsHz}`);
  const lowHz = Math.min(lowPassHz, 0.45 * fsHz);
  if (!(highPassHz > 0) || !(highPassHz < lowHz)) {
    throw new RangeError(`zeroPhaseBandPass: need 0 < highPassHz (${highPassHz}) < lowPassHz (${lowHz}) at ${fsHz} Hz`);
  }
  if (x.length === 0) return x;
  let firstFinite = 0;
  while (firstFinite < x.length && Number.isNaN(x[firstFinite] as number)) firstFinite++;
  const hp = butterworthSection('high', highPassHz, fsHz);
  const lp = butterworthSection('low', lowHz, fsHz);
  runCascade(x, hp, lp, false, firstFinite < x.length ? (x[firstFinite] as number) : 0);
  runCascade(x, hp, lp, true, x[x.length - 1] as number);
  return x;
}
