/** Parameters of the heart-rate trend. */
export interface HrTrendConfig {
  /** RR intervals shorter than this are treated as artefact, in ms. */
  minRrMs: number;
  /** RR intervals longer than this (pauses, gaps) are left out of the mean, in ms. */
  maxRrMs: number;
}

/** Defaults: 200 ms (300 bpm) to 3000 ms (20 bpm). */
export const DEFAULT_HR_TREND_CONFIG: Readonly<HrTrendConfig> = Object.freeze({ minRrMs: 200, maxRrMs: 3000 });

/**
 * Heart-rate trend over a whole record: the mean instantaneous heart rate
 * (60 000 / RR ms) of the RR intervals ending in each time bin.
 * @param beatSamples - sorted R-peak sample indices
 * @param fsHz - sampling frequency, in Hz
 * @param nSamples - record length, in samples
 * @param binS - bin width, in s (> 0)
 * @param config - RR bounds
 * @param artefact - optional, one flag per beat (1 = marked artefact): the RR
 *   intervals on both sides of an artefact beat are left out
 * @returns Float32Array of ceil(nSamples / fsHz / binS) bins, in beats per
 *   minute; NaN for bins with no usable RR interval
 * @throws RangeError on a non-positive fsHz or binS
 */
export function hrTrend(
  beatSamples: Int32Array,
  fsHz: number,
  nSamples: number,
  binS: number,
  config: Readonly<HrTrendConfig> = DEFAULT_HR_TREND_CONFIG,
  artefact?: Uint8Array,
): Float32Array {
  if (!(fsHz > 0) || !(binS > 0)) throw new RangeError(`hrTrend: fsHz (${fsHz}) and binS (${binS}) must be positive`);
  const nBins = Math.max(0, Math.ceil(nSamples / fsHz / binS));
  const sum = new Float64Array(nBins);
  const count = new Uint32Array(nBins);
  forEachHeartRate(beatSamples, fsHz, config, artefact, (end, bpm) => {
    const bin = Math.min(nBins - 1, Math.floor(end / fsHz / binS));
    sum[bin] = (sum[bin] as number) + bpm;
    count[bin] = (count[bin] as number) + 1;
  });
  const out = new Float32Array(nBins);
  for (let b = 0; b < nBins; b++) out[b] = (count[b] as number) > 0 ? (sum[b] as number) / (count[b] as number) : NaN;
  return out;
}

/**
 * Visits the instantaneous heart rate (60 000 / RR ms) of every usable RR interval, in order: the
 * intervals between consecutive beats within [minRrMs, maxRrMs], none next to an artefact beat.
 * @param beatSamples - sorted R-peak sample indices
 * @param fsHz - sampling frequency, in Hz
 * @param config - the usable RR range
 * @param artefact - optional, one flag per beat (1 = marked artefact): the intervals on both sides of an
 *   artefact beat are skipped
 * @param visit - called with the sample of the interval's closing beat and the rate, in bpm
 */
export function forEachHeartRate(
  beatSamples: Int32Array,
  fsHz: number,
  config: Readonly<HrTrendConfig>,
  artefact: Uint8Array | undefined,
  visit: (endSample: number, bpm: number) => void,
): void {
  for (let i = 1; i < beatSamples.length; i++) {
    if (artefact && (artefact[i] === 1 || artefact[i - 1] === 1)) continue;
    const end = beatSamples[i] as number;
    const rrMs = ((end - (beatSamples[i - 1] as number)) / fsHz) * 1000;
    if (rrMs < config.minRrMs || rrMs > config.maxRrMs) continue;
    visit(end, 60_000 / rrMs);
  }
}
