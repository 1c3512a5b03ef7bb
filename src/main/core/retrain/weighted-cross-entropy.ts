import type * as tfType from '@tensorflow/tfjs';

/**
 * Class-weighted categorical cross-entropy as a tfjs loss: per example −Σ_c w_c · y_c · ln p_c, with
 * p clipped to [1e-7, 1] (the loss of the base trainings, against class imbalance).
 * @param tf - the tfjs namespace
 * @param weights - one weight per class, in output order
 * @returns the loss function (y one-hot n × C, p probabilities n × C → n losses)
 */
export function weightedCrossEntropy(
  tf: typeof tfType,
  weights: readonly number[],
): (yTrue: tfType.Tensor, yPred: tfType.Tensor) => tfType.Tensor {
  const w = [...weights];
  return (yTrue, yPred) => tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.mul(yTrue, tf.tensor1d(w)), tf.log(tf.clipByValue(yPred, 1e-7, 1))), -1)));
}
