import type * as tfType from '@tensorflow/tfjs';

/** How label probabilities become a label set: every label at or above a threshold, or the argmax alone. */
export type LabelDecision = { kind: 'threshold'; threshold: number } | { kind: 'argmax' };

/**
 * The label sets and attention maps a two-output rhythm network (withLabelHead) gives some inputs, in
 * inference mode (dropout off, batch normalisation with its moving statistics), 64 windows per pass.
 * A thresholded set may be empty (no label reached the threshold); an argmax set has one label.
 * @param tf - the tfjs namespace
 * @param model - inputs → [probabilities n × K, attention n × T]
 * @param x - its input, n × samples × 1 (not disposed)
 * @param decision - threshold (multi-label, sigmoid outputs) or argmax (single-label, softmax)
 * @returns 0/1 label sets n × K and attention n × T, row-major
 * @throws Error when the model does not have the two outputs
 */
export async function predictLabelSets(
  tf: typeof tfType,
  model: tfType.LayersModel,
  x: tfType.Tensor,
  decision: LabelDecision,
): Promise<{ labelSets: Uint8Array; attention: Float32Array }> {
  const out = model.predict(x, { batchSize: 64 });
  if (!Array.isArray(out) || out.length !== 2) {
    tf.dispose(out);
    throw new Error('predictLabelSets: the model must output [probabilities, attention]');
  }
  const [probabilities, attention] = out as [tfType.Tensor2D, tfType.Tensor2D];
  const sets = tf.tidy(() =>
    decision.kind === 'threshold'
      ? tf.cast(tf.greaterEqual(probabilities, decision.threshold), 'int32')
      : tf.oneHot(tf.argMax(probabilities, -1), probabilities.shape[1]),
  );
  try {
    return { labelSets: Uint8Array.from((await sets.data()) as Int32Array), attention: (await attention.data()) as Float32Array };
  } finally {
    tf.dispose([probabilities, attention, sets]);
  }
}
