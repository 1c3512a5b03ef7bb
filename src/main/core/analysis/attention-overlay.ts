/**
 * Paints attention weights onto a strip's time axis for the overlay: each
 * item (a beat or a rhythm window) spreads its T weights evenly over its
 * sample span, scaled so the item's largest weight is 1; overlapping items
 * keep the larger value.
 * @param startSample - first sample of the strip
 * @param endSample - end of the strip (exclusive)
 * @param stepSamples - samples per overlay cell (≥ 1)
 * @param items - each with its span [spanStart, spanEnd) in samples and its
 *   attention weights (any non-negative scale; null or empty are skipped)
 * @returns Float32Array of ceil((end − start) / stepSamples) cells in 0..1
 */
export function paintAttention(
  startSample: number,
  endSample: number,
  stepSamples: number,
  items: readonly { spanStart: number; spanEnd: number; weights: Float32Array | null }[],
): Float32Array {
  const nCells = Math.max(0, Math.ceil((endSample - startSample) / stepSamples));
  const out = new Float32Array(nCells);
  for (const item of items) {
    const weights = item.weights;
    if (!weights || weights.length === 0 || item.spanEnd <= item.spanStart) continue;
    let max = 0;
    for (const w of weights) if (w > max) max = w;
    if (!(max > 0)) continue;
    const stepWidth = (item.spanEnd - item.spanStart) / weights.length;
    const first = Math.max(0, Math.floor((item.spanStart - startSample) / stepSamples));
    const last = Math.min(nCells - 1, Math.floor((item.spanEnd - 1 - startSample) / stepSamples));
    for (let c = first; c <= last; c++) {
      const centre = startSample + (c + 0.5) * stepSamples;
      const k = Math.floor((centre - item.spanStart) / stepWidth);
      if (k < 0 || k >= weights.length) continue;
      const value = (weights[k] as number) / max;
      if (value > (out[c] as number)) out[c] = value;
    }
  }
  return out;
}
