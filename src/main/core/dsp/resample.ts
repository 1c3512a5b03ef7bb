/**
 * Resamples a uniformly sampled signal to another rate by windowed-sinc
 * interpolation (a low-pass at the lower Nyquist frequency, so downsampling
 * does not alias).
 *
 * Source: J. O. Smith, "Digital Audio Resampling Home Page", CCRMA, Stanford,
 * https://ccrma.stanford.edu/~jos/resample/ (bandlimited interpolation with a
 * Hann-windowed sinc kernel).
 *
 * @param signal - samples at `fromHz`, any unit (mV for ECG)
 * @param fromHz - input sampling frequency, in Hz (> 0)
 * @param toHz - output sampling frequency, in Hz (> 0)
 * @param halfWidth - kernel half-width in output-rate zero crossings (default 8)
 * @returns a new Float32Array of `floor(signal.length * toHz / fromHz)` samples
 *   at `toHz`, sample k at time k / toHz; the input itself when the rates match
 * @throws RangeError when a rate is not a positive finite number
 */
export function resample(signal: Float32Array, fromHz: number, toHz: number, halfWidth = 8): Float32Array {
  if (!(fromHz > 0) || !(toHz > 0) || !Number.isFinite(fromHz) || !Number.isFinite(toHz)) {
    throw new RangeError(`resample: rates must be positive, got ${fromHz} Hz -> ${toHz} Hz`);
  }
  if (fromHz === toHz) return signal;
  const ratio = toHz / fromHz;
  const outLength = Math.floor(signal.length * ratio);
  const out = new Float32Array(outLength);
  const cutoff = Math.min(1, ratio); // relative to the input Nyquist frequency
  const reach = Math.ceil(halfWidth / cutoff);
  const last = signal.length - 1;
  for (let k = 0; k < outLength; k++) {
    const t = k / ratio; // position in input samples
    const centre = Math.floor(t);
    let acc = 0;
    let norm = 0;
    for (let i = centre - reach + 1; i <= centre + reach; i++) {
      const x = t - i;
      const arg = x * cutoff;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const w = 0.5 + 0.5 * Math.cos((Math.PI * x) / (reach + 1));
      const weight = sinc * w;
      const j = i < 0 ? 0 : i > last ? last : i;
      acc += weight * (signal[j] as number);
      norm += weight;
    }
    out[k] = norm !== 0 ? acc / norm : 0;
  }
  return out;
}
