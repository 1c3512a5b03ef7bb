/** Parameters of {@link snapToRPeak}. */
export interface SnapConfig {
  /** Half-width of the search around the clicked sample, in ms. */
  searchMs: number;
  /** Half-width around the steepest point in which the peak is taken, in ms (about half a QRS). */
  slopeMs: number;
}

/** Defaults: search ±100 ms, peak within ±25 ms of the steepest slope. */
export const SNAP_CONFIG: Readonly<SnapConfig> = Object.freeze({ searchMs: 100, slopeMs: 25 });

/**
 * Snaps a clicked position to the local R peak, in two steps: the steepest
 * point (max |slope|, central difference) within ±`searchMs` of `sample`
 * finds the QRS, which has the steepest slopes of the beat (a tall T or P
 * wave is slow); then, within ±`slopeMs` of it, the turning point of the
 * trace (local maximum or minimum) farthest from the median of the search
 * window is the R peak, positive or negative (the farthest sample when the
 * trace has no turning point there). The slope criterion is that of the slope-based QRS detectors
 * (Pan & Tompkins 1985, doi:10.1109/TBME.1985.325532), applied to one short
 * search window.
 * @param signal - one lead in physical units, starting at sample `offset` of the record
 * @param offset - record sample index of `signal[0]`
 * @param sample - clicked record sample index
 * @param fsHz - sampling frequency, in Hz
 * @param config - search and refinement half-widths, in ms
 * @returns the record sample index of the peak; `sample` itself when the window holds no finite samples
 * @throws RangeError when `sample` is outside the signal or fsHz is not positive
 */
export function snapToRPeak(
  signal: Float32Array,
  offset: number,
  sample: number,
  fsHz: number,
  config: Readonly<SnapConfig> = SNAP_CONFIG,
): number {
  if (!(fsHz > 0)) throw new RangeError(`snapToRPeak: fsHz ${fsHz} must be positive`);
  const at = sample - offset;
  if (!(at >= 0 && at < signal.length))
    throw new RangeError(`snapToRPeak: sample ${sample} is outside the signal [${offset}, ${offset + signal.length})`);
  const search = Math.round((config.searchMs / 1000) * fsHz);
  const refine = Math.max(1, Math.round((config.slopeMs / 1000) * fsHz));
  const lo = Math.max(0, at - search);
  const hi = Math.min(signal.length - 1, at + search);
  const finite = Array.from(signal.subarray(lo, hi + 1))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length === 0) return sample;
  const median = finite[finite.length >> 1] as number;
  let steepest = at;
  let steepestSlope = -1;
  for (let i = Math.max(1, lo); i <= Math.min(signal.length - 2, hi); i++) {
    const slope = Math.abs((signal[i + 1] as number) - (signal[i - 1] as number));
    if (Number.isFinite(slope) && slope > steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }
  const extremum = (i: number): boolean => {
    const [before, x, after] = [signal[i - 1] as number, signal[i] as number, signal[i + 1] as number];
    return (x >= before && x > after) || (x <= before && x < after);
  };
  let peak = steepest;
  let peakTurning = false;
  let peakDeviation = -1;
  for (let i = Math.max(lo, steepest - refine, 1); i <= Math.min(hi, steepest + refine, signal.length - 2); i++) {
    const deviation = Math.abs((signal[i] as number) - median);
    if (!Number.isFinite(deviation)) continue;
    const turning = extremum(i);
    // a turning point of the trace beats any point on a slope; then the larger deviation
    if ((turning && !peakTurning) || (turning === peakTurning && deviation > peakDeviation)) {
      peak = i;
      peakTurning = turning;
      peakDeviation = deviation;
    }
  }
  return peak + offset;
}
