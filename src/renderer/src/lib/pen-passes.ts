/**
 * How a trace of a given width is drawn as hairlines: canvas strokes up to one device pixel wide take Skia's hairline
 * rasteriser, which in software (Chromium without a GPU) is about twenty times faster on a 10 s, 2-lead ECG strip than
 * a wider stroke (0.9 vs 17–40 ms for 3,600 points a lead, round joins; a wider stroke is outlined and filled with
 * anti-aliasing). A wider pen is drawn as hairline passes shifted along x (which widen steep segments) and along y
 * (which widen flat ones), neighbouring shifts at most one device pixel apart and centred on the true trace.
 */

/** One pass of the pen: its shift from the trace, in device px. */
export interface PenPass {
  dx: number;
  dy: number;
}

/**
 * The hairline passes that draw a trace `widthDevicePx` wide.
 * @param widthDevicePx - the pen's width, in device px (> 0)
 * @returns one unshifted pass when the width is at most 1 px (drawn with that width); otherwise, with
 *   `m = ⌈width − 1⌉`, m + 1 shifts evenly spanning −(width − 1)/2 … +(width − 1)/2 on x and the same on y (2m + 2 passes)
 * @throws RangeError on a width that is not a positive number
 */
export function penPasses(widthDevicePx: number): PenPass[] {
  if (!(widthDevicePx > 0) || !Number.isFinite(widthDevicePx))
    throw new RangeError(`penPasses: width ${widthDevicePx} px must be positive`);
  const spread = widthDevicePx - 1;
  if (spread <= 0) return [{ dx: 0, dy: 0 }];
  const steps = Math.ceil(spread);
  const passes: PenPass[] = [];
  for (let k = 0; k <= steps; k++) {
    const shift = -spread / 2 + (k * spread) / steps;
    passes.push({ dx: shift, dy: 0 }, { dx: 0, dy: shift });
  }
  return passes;
}
