/**
 * The key of a label combination: the label set's 0/1 digits in output order ('010010').
 * @param labelSets - n × labels, 0/1 row-major
 * @param labels - labels per row (> 0)
 * @returns one key per row
 * @throws RangeError when the length is not a multiple of `labels`
 */
export function labelCombinationKeys(labelSets: Uint8Array, labels: number): string[] {
  if (!(labels > 0) || labelSets.length % labels !== 0)
    throw new RangeError(`labelCombinationKeys: ${labelSets.length} values are not rows of ${labels} labels`);
  return Array.from({ length: labelSets.length / labels }, (_, i) => labelSets.subarray(i * labels, (i + 1) * labels).join(''));
}

/**
 * The averaged attention ("response") map of each label combination: per combination key, the mean
 * over its examples of their attention maps, step by step — ā_c of the xECGNet regulariser
 * (multiLabelLosses; doi:10.1016/j.cmpb.2021.106281).
 * @param keys - the combination key of each example (labelCombinationKeys)
 * @param attention - n × steps, row-major: each example's attention map
 * @param steps - T, the map's length (> 0)
 * @returns per key its mean map (length T)
 * @throws RangeError when the sizes disagree
 */
export function combinationMeanMaps(keys: readonly string[], attention: Float32Array, steps: number): Map<string, Float32Array> {
  if (!(steps > 0) || attention.length !== keys.length * steps)
    throw new RangeError(`combinationMeanMaps: ${attention.length} attention values for ${keys.length} examples × ${steps} steps`);
  const sums = new Map<string, { sum: Float64Array; count: number }>();
  keys.forEach((key, i) => {
    let entry = sums.get(key);
    if (!entry) sums.set(key, (entry = { sum: new Float64Array(steps), count: 0 }));
    for (let t = 0; t < steps; t++) entry.sum[t] = (entry.sum[t] as number) + (attention[i * steps + t] as number);
    entry.count++;
  });
  return new Map([...sums].map(([key, { sum, count }]) => [key, Float32Array.from(sum, (v) => v / count)]));
}

/**
 * The regulariser's targets of some examples: each example's combination's mean map.
 * @param maps - from combinationMeanMaps
 * @param keys - the combination key of each example wanted, in order
 * @param steps - T
 * @returns keys.length × T, row-major
 * @throws RangeError naming a combination that has no map
 */
export function combinationTargets(maps: ReadonlyMap<string, Float32Array>, keys: readonly string[], steps: number): Float32Array {
  const out = new Float32Array(keys.length * steps);
  keys.forEach((key, i) => {
    const map = maps.get(key);
    if (!map || map.length !== steps) throw new RangeError(`combinationTargets: no ${steps}-step mean map of combination ${key}`);
    out.set(map, i * steps);
  });
  return out;
}
