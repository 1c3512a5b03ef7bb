/**
 * Turns the model-attention overlay of `record:window` into shaded columns across the strip.
 */

/** One shaded column: left edge and width in CSS px, and the attention value 0..1. */
export interface AttentionCell {
  x: number;
  width: number;
  value: number;
}

/**
 * Columns to shade for an attention array.
 * @param values - attention 0..1, value i covering samples [i·stepSamples, (i+1)·stepSamples) from the strip start
 * @param stepSamples - samples per value (≥ 1)
 * @param nSamples - strip length, in samples (the last column is cut there)
 * @param pxPerSample - CSS px per sample on the strip
 * @param minValue - values at or below this are not shaded (keeps the paper clean where attention is negligible)
 * @returns columns in order, values clamped to 0..1, NaN treated as 0
 */
export function attentionCells(
  values: Float32Array,
  stepSamples: number,
  nSamples: number,
  pxPerSample: number,
  minValue = 0.02,
): AttentionCell[] {
  const cells: AttentionCell[] = [];
  if (!(stepSamples >= 1)) return cells;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i] as number;
    const value = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
    if (value <= minValue) continue;
    const start = i * stepSamples;
    if (start >= nSamples) break;
    const end = Math.min(nSamples, start + stepSamples);
    cells.push({ x: start * pxPerSample, width: (end - start) * pxPerSample, value });
  }
  return cells;
}
