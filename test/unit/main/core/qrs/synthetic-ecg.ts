import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

/**
 * Test helper: a deterministic synthetic ECG (sums of Gaussian P, Q, R, S, T waves, as in McSharry et al.,
 * "A dynamical model for generating synthetic electrocardiogram signals", IEEE TBME 50(3):289–294, 2003,
 * doi:10.1109/TBME.2003.808805, here placed directly in time) with known R-peak positions.
 */

export interface SyntheticEcgOptions {
  /** Mean heart rate, in beats per minute. */
  hrBpm: number;
  /** Peak-to-peak of the sinusoidal RR modulation, as a fraction of the mean RR. */
  rrVariation: number;
  /** Standard deviation of white noise, in mV. */
  noiseMv: number;
  /** Amplitude of a 0.3 Hz baseline wander, in mV. */
  wanderMv: number;
  /** Time of the first R peak, in s. */
  firstBeatS: number;
}

const DEFAULTS: SyntheticEcgOptions = { hrBpm: 72, rrVariation: 0.1, noiseMv: 0.02, wanderMv: 0.2, firstBeatS: 0.6 };

/** Waves relative to the R peak: centre offset (s), amplitude (mV), Gaussian width sigma (s). */
const WAVES: readonly [number, number, number][] = [
  [-0.2, 0.15, 0.025], // P
  [-0.025, -0.1, 0.008], // Q
  [0, 1.2, 0.01], // R
  [0.03, -0.25, 0.01], // S
  [0.3, 0.3, 0.06], // T
];

/** Deterministic standard normal samples (mulberry32 + Box-Muller). */
function normalNoise(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

/**
 * @param fsHz - sampling frequency, in Hz
 * @param durationS - length, in s
 * @returns the signal in mV and the sample indices of the R peaks (rounded)
 */
export function syntheticEcg(
  fsHz: number,
  durationS: number,
  options: Partial<SyntheticEcgOptions> = {},
): { signalMv: Float32Array; rSamples: number[] } {
  const o = { ...DEFAULTS, ...options };
  const n = Math.round(durationS * fsHz);
  const signalMv = new Float32Array(n);
  const rTimes: number[] = [];
  const meanRr = 60 / o.hrBpm;
  for (let t = o.firstBeatS, k = 0; t < durationS; k++) {
    rTimes.push(t);
    t += meanRr * (1 + (o.rrVariation / 2) * Math.sin((2 * Math.PI * k) / 9));
  }
  const noise = normalNoise(12345);
  for (let i = 0; i < n; i++) {
    const t = i / fsHz;
    let v = o.wanderMv * Math.sin(2 * Math.PI * 0.3 * t) + o.noiseMv * noise();
    for (const r of rTimes) {
      if (Math.abs(t - r) > 0.6) continue;
      for (const [offset, amplitude, sigma] of WAVES) v += amplitude * Math.exp(-((t - r - offset) ** 2) / (2 * sigma * sigma));
    }
    signalMv[i] = v;
  }
  return { signalMv, rSamples: rTimes.map((t) => Math.round(t * fsHz)) };
}
