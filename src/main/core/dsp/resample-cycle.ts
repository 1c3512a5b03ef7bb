/** Largest number of distinct kernel phases {@link resample} precomputes for a rational rate ratio. */
export const MAX_RESAMPLE_PHASES = 4096;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The period of a rational resampling: `inputs` input samples give exactly `outputs` output samples. */
export interface ResampleCycle {
  /** input samples per cycle */
  inputs: number;
  /** output samples per cycle (the number of kernel phases) */
  outputs: number;
}

/**
 * The cycle of the polyphase path of {@link resample}: rates are taken to the mHz, and the ratio
 * toHz / fromHz = outputs / inputs in lowest terms. Resampling a stretch of a signal that starts at
 * a multiple of `inputs` gives, away from its two ends, bit for bit the output samples the whole
 * signal gives there (same kernel phase, same taps, same order of summation), which is what lets
 * an analysis be cut into chunks without changing its result.
 * @param fromHz - input rate, in Hz (> 0)
 * @param toHz - output rate, in Hz (> 0)
 * @returns the cycle; `{inputs: 1, outputs: 1}` for equal rates (resample returns its input); null
 *   when the ratio is not rational within 1e-12 with at most {@link MAX_RESAMPLE_PHASES} phases
 *   (resample then computes a kernel per output sample, whose rounding depends on the absolute position)
 */
export function resampleCycle(fromHz: number, toHz: number): ResampleCycle | null {
  if (fromHz === toHz) return { inputs: 1, outputs: 1 };
  const p = Math.round(toHz * 1000);
  const q = Math.round(fromHz * 1000);
  const g = gcd(p, q);
  const outputs = p / g;
  const inputs = q / g;
  const exact = Math.abs(p / q - toHz / fromHz) < 1e-12 && outputs <= MAX_RESAMPLE_PHASES;
  return exact ? { inputs, outputs } : null;
}
