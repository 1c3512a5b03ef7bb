/** How a window of ECG is turned into the network's input (recorded in meta.json as `normalisation`). */
export interface WindowNormalisation {
  /** lower bound of the standard deviation used as divisor, in mV (keeps flat lines from being amplified) */
  readonly stdFloorMv: number;
  /** normalised values are clipped to ±clip (standard deviations) */
  readonly clip: number;
}

/** Normalisation used by the committed model: per-window z-score, std floored at 0.01 mV, clipped to ±10. */
export const WINDOW_NORMALISATION: WindowNormalisation = Object.freeze({ stdFloorMv: 0.01, clip: 10 });

/**
 * Copies one window of a signal into a network input buffer, normalised: the mean over the window's
 * real samples is subtracted and the result divided by their standard deviation (at least
 * `stdFloorMv`), then clipped to ±`clip`. Samples past the end of the signal are zero (zero-padding of
 * records shorter than a window, applied after normalisation so the padding is the window's mean).
 *
 * @param signal - ECG in mV at the model's rate; must hold finite values
 * @param startSample - first sample of the window in `signal` (≥ 0)
 * @param windowSamples - window length, in samples
 * @param out - destination buffer
 * @param outOffset - index in `out` where the window starts (`out` needs `windowSamples` from there)
 * @param normalisation - divisor floor and clip level; defaults to {@link WINDOW_NORMALISATION}
 * @throws RangeError when the window does not fit in `out` or `startSample` is negative
 */
export function writeWindowInput(
  signal: Float32Array,
  startSample: number,
  windowSamples: number,
  out: Float32Array,
  outOffset: number,
  normalisation: WindowNormalisation = WINDOW_NORMALISATION,
): void {
  if (startSample < 0 || outOffset < 0 || outOffset + windowSamples > out.length) {
    throw new RangeError(`writeWindowInput: window [${startSample}, +${windowSamples}) does not fit the output at ${outOffset}`);
  }
  const end = Math.min(signal.length, startSample + windowSamples);
  const count = Math.max(0, end - startSample);
  let sum = 0;
  for (let i = startSample; i < end; i++) sum += signal[i] as number;
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (let i = startSample; i < end; i++) squares += ((signal[i] as number) - mean) ** 2;
  const scale = 1 / Math.max(normalisation.stdFloorMv, count > 0 ? Math.sqrt(squares / count) : 0);
  const { clip } = normalisation;
  for (let k = 0; k < windowSamples; k++) {
    const i = startSample + k;
    const z = i < end ? ((signal[i] as number) - mean) * scale : 0;
    out[outOffset + k] = z > clip ? clip : z < -clip ? -clip : z;
  }
}
