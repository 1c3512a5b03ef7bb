/** Parameters of {@link snapToRPeak}. */
export interface SnapConfig {
  /** Half-width of the search around the clicked sample, in ms. */
  searchMs: number;
  /** Half-width of the neighbourhood whose steepest slope weights a candidate, in ms (about half a QRS). */
  slopeMs: number;
}

/** Defaults: search ±100 ms, slopes within ±25 ms. */
export const SNAP_CONFIG: Readonly<SnapConfig> = Object.freeze({ searchMs: 100, slopeMs: 25 });

/**
 * Snaps a clicked position to the local R peak: within ±`searchMs` of
 * `sample`, the sample maximising |x − median| · max |slope| over ±`slopeMs`
 * (slope as the central difference). The amplitude term finds the peak; the
 * slope weight prefers the steep QRS over a tall but slow T or P wave. The
 * same idea as the slope-based QRS detectors (Pan & Tompkins 1985,
 * doi:10.1109/TBME.1985.325532), applied to one short search window.
 * @param signal - one lead in physical units, starting at sample `offset` of the record
 * @param offset - record sample index of `signal[0]`
 * @param sample - clicked record sample index
 * @param fsHz - sampling frequency, in Hz
 * @returns the record sample index of the peak; `sample` itself when the window holds no finite samples
 * @throws RangeError when `sample` is outside the signal or fsHz is not positive
 */
export function snapToRPeak(signal: Float32Array, offset: number, sample: number, fsHz: number, config: Readonly<SnapConfig> = SNAP_CONFIG): number {
  if (!(fsHz > 0)) throw new RangeError(`snapToRPeak: fsHz ${fsHz} must be positive`);
  const at = sample - offset;
  if (!(at >= 0 && at < signal.length)) throw new RangeError(`snapToRPeak: sample ${sample} is outside the signal [${offset}, ${offset + signal.length})`);
  const search = Math.round((config.searchMs / 1000) * fsHz);
  const slopeHalf = Math.max(1, Math.round((config.slopeMs / 1000) * fsHz));
  const lo = Math.max(0, at - search);
  const hi = Math.min(signal.length - 1, at + search);
  const finite = Array.from(signal.subarray(lo, hi + 1)).filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return sample;
  const median = finite[finite.length >> 1] as number;
  const slope = (i: number): number => {
    const a = signal[Math.max(0, i - 1)] as number;
    const b = signal[Math.min(signal.length - 1, i + 1)] as number;
    const d = Math.abs(b - a) / 2;
    return Number.isFinite(d) ? d : 0;
  };
  let best = at;
  let bestScore = -1;
  for (let i = lo; i <= hi; i++) {
    const x = signal[i] as number;
    if (!Number.isFinite(x)) continue;
    let steepest = 0;
    for (let j = Math.max(0, i - slopeHalf); j <= Math.min(signal.length - 1, i + slopeHalf); j++) steepest = Math.max(steepest, slope(j));
    const score = Math.abs(x - median) * steepest;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best + offset;
}
