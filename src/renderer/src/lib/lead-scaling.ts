/**
 * How a lead's samples are placed on the paper: their unit converted to mV and the baseline the trace is centred on.
 */

const MV_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['mv', 1],
  ['uv', 1e-3],
  ['µv', 1e-3],
  ['μv', 1e-3],
  ['v', 1e3],
]);

/**
 * Millivolts per unit of a lead's physical unit (WFDB header `units` field).
 * @param units - e.g. `mV`, `uV`; an empty or unknown unit is taken as mV (WFDB's default)
 * @returns factor to multiply samples by to get mV
 */
export function millivoltsPerUnit(units: string): number {
  return MV_PER_UNIT.get(units.trim().toLowerCase()) ?? 1;
}

/**
 * The value a lead's trace is centred on in its band: the median of the strip's samples, so baseline wander moves
 * the trace as little as possible while the 10 mm/mV scale stays exact.
 * @param samples - the lead's samples over the strip, in its physical unit; NaN samples are ignored
 * @returns the median, or 0 when there is no finite sample
 */
export function leadBaseline(samples: Float32Array): number {
  const finite = samples.filter((v) => Number.isFinite(v)).sort();
  if (finite.length === 0) return 0;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? (finite[mid] as number) : ((finite[mid - 1] as number) + (finite[mid] as number)) / 2;
}
