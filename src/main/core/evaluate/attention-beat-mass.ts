/** One RR interval of a window, with the attention it receives (see {@link attentionBeatMass}). */
export interface AttentionInterval {
  /** its R peak and the next, in samples of the window */
  readonly fromSample: number;
  readonly toSample: number;
  /** its length, in ms */
  readonly rrMs: number;
  /** local irregularity: mean |ΔRR| with the neighbouring intervals (those that exist), in ms; NaN with none */
  readonly irregularityMs: number;
  /** attention mass on its samples [fromSample, toSample) */
  readonly mass: number;
  /** its share of the attended samples */
  readonly fraction: number;
}

/** Where one window's attention lies relative to its beats. */
export interface AttentionBeatMass {
  /** attention mass within ±halfWidthMs of an R peak, as a fraction of the total */
  readonly nearMass: number;
  /** share of the attended samples within ±halfWidthMs of an R peak (the mass of uniform attention) */
  readonly nearFraction: number;
  /** RR intervals lying wholly in the attended samples, in order */
  readonly intervals: readonly AttentionInterval[];
}

/**
 * Splits one window's per-sample attention (attentionPerSample) into the part within ±halfWidthMs of
 * the R peaks and the part between beats, and gives the mass on each RR interval with its local RR
 * irregularity: the measures with which docs/rhythm-attention.md compares AF and Normal windows.
 * @param perSample - attention per sample of the window (index 0 = window start), non-negative
 * @param rSamples - R peaks in samples of the window, ascending (may lie outside it: they bound RR intervals)
 * @param fsHz - sampling rate of perSample and rSamples, in Hz
 * @param halfWidthMs - half-width of the zone around each R peak, in ms
 * @returns the near-R mass and share, and per-interval masses
 * @throws RangeError for an empty or all-zero perSample, a non-positive rate or a negative half-width
 */
export function attentionBeatMass(
  perSample: ArrayLike<number>,
  rSamples: readonly number[],
  fsHz: number,
  halfWidthMs: number,
): AttentionBeatMass {
  const n = perSample.length;
  if (!(fsHz > 0)) throw new RangeError(`attentionBeatMass: invalid rate ${fsHz} Hz`);
  if (!(halfWidthMs >= 0)) throw new RangeError(`attentionBeatMass: invalid half-width ${halfWidthMs} ms`);
  let total = 0;
  for (let i = 0; i < n; i++) total += perSample[i] as number;
  if (n === 0 || !(total > 0)) throw new RangeError('attentionBeatMass: no attention');
  const half = Math.round((halfWidthMs * fsHz) / 1000);
  const near = new Uint8Array(n);
  for (const r of rSamples) for (let i = Math.max(0, r - half); i <= Math.min(n - 1, r + half); i++) near[i] = 1;
  let nearMass = 0;
  let nearCount = 0;
  for (let i = 0; i < n; i++) {
    if (near[i]) {
      nearMass += perSample[i] as number;
      nearCount++;
    }
  }
  const rrMs = (i: number): number => ((rSamples[i + 1] as number) - (rSamples[i] as number)) * (1000 / fsHz);
  const intervals: AttentionInterval[] = [];
  for (let i = 0; i + 1 < rSamples.length; i++) {
    const fromSample = rSamples[i] as number;
    const toSample = rSamples[i + 1] as number;
    if (fromSample < 0 || toSample > n) continue;
    const deltas: number[] = [];
    if (i > 0) deltas.push(Math.abs(rrMs(i) - rrMs(i - 1)));
    if (i + 2 < rSamples.length) deltas.push(Math.abs(rrMs(i + 1) - rrMs(i)));
    let mass = 0;
    for (let s = fromSample; s < toSample; s++) mass += perSample[s] as number;
    intervals.push({
      fromSample,
      toSample,
      rrMs: rrMs(i),
      irregularityMs: deltas.length > 0 ? deltas.reduce((a, b) => a + b, 0) / deltas.length : Number.NaN,
      mass: mass / total,
      fraction: (toSample - fromSample) / n,
    });
  }
  return { nearMass: nearMass / total, nearFraction: nearCount / n, intervals };
}
