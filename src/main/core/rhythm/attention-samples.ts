/**
 * Maps one rhythm window's attention (averaged over heads and query steps, one weight per time step;
 * MultiHeadSelfAttention) back to the window's samples at the model rate: step k's weight is spread
 * evenly over the samples it covers, [k·stepSamples, (k+1)·stepSamples), so the per-sample weights
 * keep the steps' total. With the network's exact pooling factor as stepSamples (meta.json
 * `attention.stepSamples`, 64 for the committed model) the samples past steps·stepSamples, which no
 * step sees, are not covered; with stepSamples = windowSamples / steps (models without it) the steps
 * tile the window.
 *
 * A step's features come from the convolutions over its own samples and, through the BiLSTM, from the
 * whole window: a weight says which position the pooled summary draws on, not that the network
 * ignores the rest.
 *
 * @param weights - attention of one window, one non-negative weight per step
 * @param stepSamples - model-rate samples per step (> 0, may be fractional)
 * @returns per-sample weights of length ceil(steps · stepSamples), summing to the weights' total
 * @throws RangeError for a non-positive stepSamples or a negative or non-finite weight
 */
export function attentionPerSample(weights: ArrayLike<number>, stepSamples: number): Float64Array {
  if (!(stepSamples > 0) || !Number.isFinite(stepSamples)) {
    throw new RangeError(`attentionPerSample: stepSamples must be a positive number, got ${stepSamples}`);
  }
  const steps = weights.length;
  const out = new Float64Array(Math.ceil(steps * stepSamples));
  for (let k = 0; k < steps; k++) {
    const w = weights[k] as number;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`attentionPerSample: weight ${k} is ${w}`);
    const from = Math.ceil(k * stepSamples);
    const to = Math.min(out.length, Math.ceil((k + 1) * stepSamples));
    for (let i = from; i < to; i++) out[i] = w / (to - from);
  }
  return out;
}
