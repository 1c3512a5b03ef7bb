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
 * Runs one section over `x` in place, forwards or backwards, its state started at the steady state
 * for a constant input equal to the first sample met (so a signal's offset makes no start-up transient).
 */
function runSection(x: Float32Array, s: Biquad, backwards: boolean): void {
  const n = x.length;
  if (n === 0) return;
  const first = x[backwards ? n - 1 : 0] as number;
  const dcGain = (s.b0 + s.b1 + s.b2) / (1 + s.a1 + s.a2);
  let z2 = (s.b2 - s.a2 * dcGain) * first;
  let z1 = (s.b1 - s.a1 * dcGain) * first + z2;
  for (let k = 0; k < n; k++) {
    const i = backwards ? n - 1 - k : k;
    const v = x[i] as number;
    const y = s.b0 * v + z1;
    z1 = s.b1 * v - s.a1 * y + z2;
    z2 = s.b2 * v - s.a2 * y;
    x[i] = y;
  }
}

/**
 * Zero-phase band-pass filter in place: a second-order Butterworth high-pass and low-pass, each run
 * forwards then backwards (so the magnitude response is squared, 4th-order slopes, and the phase is
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
  fillNaN(x);
  for (const section of [butterworthSection('high', highPassHz, fsHz), butterworthSection('low', lowHz, fsHz)]) {
    runSection(x, section, false);
    runSection(x, section, true);
  }
  return x;
}

function fillNaN(x: Float32Array): void {
  let last = NaN;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isNaN(v)) x[i] = last;
    else last = v;
  }
  const firstFinite = x.findIndex((v) => !Number.isNaN(v));
  x.fill(firstFinite < 0 ? 0 : (x[firstFinite] as number), 0, firstFinite < 0 ? x.length : firstFinite);
}
