/**
 * Labels from class probabilities under decision weights: each row's label is the class c with the
 * largest p_c · w_c (the first such class on ties). Weights above 1 make a class easier to call; the
 * beat model's are chosen on DS1 validation (meta.json `decisionWeights`). With all weights 1 this is
 * the plain argmax.
 *
 * @param probabilities - n × C class probabilities, row-major
 * @param weights - C positive weights, one per class
 * @returns Uint8Array of n class indices
 * @throws RangeError when `probabilities` is not a whole number of rows of `weights.length`
 */
export function weightedArgmax(probabilities: Float32Array, weights: readonly number[]): Uint8Array {
  const classes = weights.length;
  if (classes === 0 || probabilities.length % classes !== 0) {
    throw new RangeError(`weightedArgmax: ${probabilities.length} probabilities are not rows of ${classes} classes`);
  }
  const n = probabilities.length / classes;
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = (probabilities[i * classes] as number) * (weights[0] as number);
    for (let c = 1; c < classes; c++) {
      const value = (probabilities[i * classes + c] as number) * (weights[c] as number);
      if (value > bestValue) {
        best = c;
        bestValue = value;
      }
    }
    labels[i] = best;
  }
  return labels;
}
