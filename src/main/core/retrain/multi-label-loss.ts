import type * as tfType from '@tensorflow/tfjs';

/** A tfjs loss: targets and outputs of one model output (n rows) → one loss per row. */
export type RowLoss = (yTrue: tfType.Tensor, yPred: tfType.Tensor) => tfType.Tensor;

/** Settings of {@link multiLabelLosses}. */
export interface MultiLabelLossSettings {
  /** w_k, the weight of label k's positive term, one per label in output order (1 everywhere: plain binary cross-entropy) */
  positiveWeights: readonly number[];
  /** λ ≥ 0, the weight of the attention regulariser (0: binary cross-entropy alone) */
  lambda: number;
  /** T, the attention map's length in time steps (the maps are compared in units of the uniform weight 1/T) */
  attentionSteps: number;
  /**
   * m_k, whether label k's target is known, one per label (default: all): a label the data cannot tell (the
   * bundle branch blocks of windows labelled from reviews, which hold AAMI classes only) is left out of the
   * cross-entropy instead of being taught as absent
   */
  knownLabels?: readonly boolean[];
}

/**
 * The xECGNet objective for the rhythm network's two outputs, the K sigmoid label probabilities p
 * and the attention map a over T time steps (MultiHeadSelfAttention's weights averaged over heads
 * and query steps, each row summing to 1), as the two per-output losses tfjs sums into the total
 * (tfjs-layers has no `lossWeights`, so λ is inside the second):
 *
 *   L = (1/n) Σ_i [ −(1/Σ_k m_k) Σ_k m_k · ( w_k · y_ik · ln p_ik + (1 − y_ik) · ln(1 − p_ik) ) ]
 *     + λ · (1/n) Σ_i (1/T) Σ_t ( T · a_it − T · ā_{c(i),t} )²
 *
 * with y_i ∈ {0,1}^K example i's ground-truth label set, m_k ∈ {0,1} whether label k is known (all 1:
 * the mean over the K labels), c(i) its label combination (the whole set),
 * and ā_c the averaged attention ("response") map of the training examples whose combination is c
 * (see combinationMeanMaps: the caller supplies ā_{c(i)} as the second output's target). p is
 * clipped to [1e-7, 1 − 1e-7]. The maps are scaled by T so that the uniform map is 1 at every step
 * and λ does not depend on the map's length.
 *
 * Source: "xECGNet: Fine-tuning attention map within convolutional neural network to improve
 * detection and explainability of concurrent cardiac arrhythmias", Comput Methods Programs Biomed
 * 2021, article 106281, doi:10.1016/j.cmpb.2021.106281 (binary
 * cross-entropy plus a regularisation loss between the attention map and the averaged map of the
 * ground-truth label combination; only the abstract was available, so the squared-error form of
 * the regulariser and its scaling are ours); the attention branch after H. Fukui et al., "Attention
 * branch network", CVPR 2019, doi:10.1109/CVPR.2019.01096. The positive weights w_k (against label
 * imbalance, as the project's single-label trainings weight classes) extend the paper's plain
 * binary cross-entropy; with every w_k = 1 it is the paper's.
 *
 * @param tf - the tfjs namespace
 * @param settings - positive weights, λ, attention length
 * @returns [binary cross-entropy (y n × K, p n × K → n), attention regulariser (ā n × T, a n × T → n)]
 * @throws RangeError for a negative or non-finite λ, a non-positive length, no positive weight, or a
 *   `knownLabels` of another length or with no known label
 */
export function multiLabelLosses(tf: typeof tfType, settings: MultiLabelLossSettings): [RowLoss, RowLoss] {
  const { lambda, attentionSteps } = settings;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`multiLabelLosses: λ must be ≥ 0, got ${lambda}`);
  if (!Number.isInteger(attentionSteps) || attentionSteps <= 0)
    throw new RangeError(`multiLabelLosses: attentionSteps must be a positive integer, got ${attentionSteps}`);
  if (settings.positiveWeights.length === 0) throw new RangeError('multiLabelLosses: no positive weight (no label)');
  const w = [...settings.positiveWeights];
  const known = settings.knownLabels ?? w.map(() => true);
  if (known.length !== w.length || !known.some(Boolean))
    throw new RangeError(`multiLabelLosses: knownLabels must name ${w.length} labels, at least one known`);
  const mask: number[] = known.map((k) => (k ? 1 : 0));
  const knownCount = mask.reduce((a, b) => a + b, 0);
  const crossEntropy: RowLoss = (yTrue, yPred) =>
    tf.tidy(() => {
      const p = tf.clipByValue(yPred, 1e-7, 1 - 1e-7);
      const positive = tf.mul(tf.mul(yTrue, tf.tensor1d(w)), tf.log(p));
      const negative = tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)));
      return tf.div(tf.neg(tf.sum(tf.mul(tf.add(positive, negative), tf.tensor1d(mask)), -1)), knownCount);
    });
  const regulariser: RowLoss = (yTrue, yPred) =>
    tf.tidy(() => tf.mul(lambda, tf.mean(tf.square(tf.mul(attentionSteps, tf.sub(yPred, yTrue))), -1)));
  return [crossEntropy, regulariser];
}
