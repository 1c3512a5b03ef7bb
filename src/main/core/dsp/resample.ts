import { resampleCycle } from './resample-cycle';

/**
 * Kernel weights of output sample k for input positions centre − reach + 1 …
 * centre + reach, where t = k / ratio and centre = floor(t), normalised to
 * sum 1 (so a constant signal stays constant at the edges and everywhere).
 */
function kernel(t: number, reach: number, cutoff: number, into: Float64Array): void {
  const centre = Math.floor(t);
  let norm = 0;
  for (let j = 0; j < 2 * reach; j++) {
    const x = t - (centre - reach + 1 + j);
    const arg = x * cutoff;
    const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    const weight = sinc * (0.5 + 0.5 * Math.cos((Math.PI * x) / (reach + 1)));
    into[j] = weight;
    norm += weight;
  }
  if (norm !== 0) for (let j = 0; j < 2 * reach; j++) into[j] = (into[j] as number) / norm;
}

/** The output samples of one resampling, computed over any output span. */
interface Resampler {
  /** output length, `floor(signal.length * toHz / fromHz)` */
  outLength: number;
  /** writes output samples [from, to) into `out` at the same indices */
  fill(out: Float32Array, from: number, to: number): void;
}

function checkRates(fromHz: number, toHz: number): void {
  if (!(fromHz > 0) || !(toHz > 0) || !Number.isFinite(fromHz) || !Number.isFinite(toHz)) {
    throw new RangeError(`resample: rates must be positive, got ${fromHz} Hz -> ${toHz} Hz`);
  }
}

/** The resampling of {@link resample} (rates checked, fromHz ≠ toHz). */
function resampler(signal: Float32Array, fromHz: number, toHz: number, halfWidth: number): Resampler {
  const ratio = toHz / fromHz;
  const outLength = Math.floor(signal.length * ratio);
  const cutoff = Math.min(1, ratio); // relative to the input Nyquist frequency
  const reach = Math.ceil(halfWidth / cutoff);
  const taps = 2 * reach;
  const last = signal.length - 1;

  const cycle = resampleCycle(fromHz, toHz);
  const weights = new Float64Array(taps);
  if (cycle) {
    const phases = cycle.outputs;
    const step = cycle.inputs;
    const table = new Float64Array(phases * taps);
    const offsets = new Int32Array(phases);
    for (let phase = 0; phase < phases; phase++) {
      const t = (phase * step) / phases;
      kernel(t, reach, cutoff, weights);
      table.set(weights, phase * taps);
      offsets[phase] = Math.floor(t) - reach + 1;
    }
    const firstTap = (k: number): number => {
      const phase = k % phases;
      return ((k - phase) / phases) * step + (offsets[phase] as number);
    };
    const one = (out: Float32Array, k: number): void => {
      const first = firstTap(k);
      const row = (k % phases) * taps;
      let acc = 0;
      for (let j = 0; j < taps; j++) {
        const i = first + j;
        acc += (table[row + j] as number) * (signal[i < 0 ? 0 : i > last ? last : i] as number);
      }
      out[k] = acc;
    };
    const fill = (out: Float32Array, from: number, to: number): void => {
      let k = from;
      // four outputs at a time, each its own sum in tap order (the same rounding as one at a time):
      // four independent additions per tap instead of one chain
      for (; k + 3 < to; k += 4) {
        const f0 = firstTap(k);
        const f3 = firstTap(k + 3);
        if (f0 < 0 || f3 + taps - 1 > last) {
          for (let q = 0; q < 4; q++) one(out, k + q);
          continue;
        }
        const f1 = firstTap(k + 1);
        const f2 = firstTap(k + 2);
        const r0 = (k % phases) * taps;
        const r1 = ((k + 1) % phases) * taps;
        const r2 = ((k + 2) % phases) * taps;
        const r3 = ((k + 3) % phases) * taps;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let j = 0; j < taps; j++) {
          a0 += (table[r0 + j] as number) * (signal[f0 + j] as number);
          a1 += (table[r1 + j] as number) * (signal[f1 + j] as number);
          a2 += (table[r2 + j] as number) * (signal[f2 + j] as number);
          a3 += (table[r3 + j] as number) * (signal[f3 + j] as number);
        }
        out[k] = a0;
        out[k + 1] = a1;
        out[k + 2] = a2;
        out[k + 3] = a3;
      }
      for (; k < to; k++) one(out, k);
    };
    return { outLength, fill };
  }
  const fill = (out: Float32Array, from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      const t = k / ratio;
      kernel(t, reach, cutoff, weights);
      const first = Math.floor(t) - reach + 1;
      let acc = 0;
      for (let j = 0; j < taps; j++) {
        const i = first + j;
        acc += (weights[j] as number) * (signal[i < 0 ? 0 : i > last ? last : i] as number);
      }
      out[k] = acc;
    }
  };
  return { outLength, fill };
}

/**
 * Resamples a uniformly sampled signal to another rate by windowed-sinc
 * interpolation (a low-pass at the lower Nyquist frequency, so downsampling
 * does not alias). When the ratio of the rates is rational with at most 4096
 * output phases (360 → 128 Hz: 16; 300 → 100 Hz: 1) the kernels are computed
 * once per phase (polyphase), otherwise once per output sample. Samples past
 * either end repeat the edge sample.
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
  checkRates(fromHz, toHz);
  if (fromHz === toHz) return signal;
  const r = resampler(signal, fromHz, toHz, halfWidth);
  const out = new Float32Array(r.outLength);
  r.fill(out, 0, r.outLength);
  return out;
}

/**
 * {@link resample} computed only where it is looked at: the output samples within ±`spanSamples`
 * of each centre are exactly resample's, every other one is NaN. For a measurement around each
 * beat (the QRS range at the beat model's rate) it costs a fraction of the whole resampling.
 * @param signal - samples at `fromHz`
 * @param fromHz - input sampling frequency, in Hz (> 0)
 * @param toHz - output sampling frequency, in Hz (> 0)
 * @param centres - output-rate indices, ascending or not (outside the output: ignored)
 * @param spanSamples - half-width of each span, in output samples (≥ 0)
 * @param halfWidth - kernel half-width, as in resample (default 8)
 * @returns a Float32Array of resample's length
 * @throws RangeError when a rate is not a positive finite number
 */
export function resampleAround(
  signal: Float32Array,
  fromHz: number,
  toHz: number,
  centres: Int32Array,
  spanSamples: number,
  halfWidth = 8,
): Float32Array {
  checkRates(fromHz, toHz);
  if (fromHz === toHz) return signal;
  const r = resampler(signal, fromHz, toHz, halfWidth);
  const out = new Float32Array(r.outLength).fill(Number.NaN);
  for (const centre of centres) r.fill(out, Math.max(0, centre - spanSamples), Math.min(r.outLength, centre + spanSamples + 1));
  return out;
}
