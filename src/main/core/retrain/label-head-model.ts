import type * as tfType from '@tensorflow/tfjs';

/** Output activation of a new label head: 'sigmoid' for independent labels, 'softmax' for one label per window. */
export type LabelHeadActivation = 'sigmoid' | 'softmax';

/**
 * The rhythm network with its output layer (the dense softmax `probabilities` over N, A, O, ~)
 * replaced by a new dense layer of `labels` units on the same pooled features, every other layer
 * shared with `inference` (so training the result trains them): inputs → [label probabilities
 * n × labels, attention n × T], the layout of the shipped inference model, which the overlays read.
 * The new layer is named `probabilities` too, so code that finds the output by name still does.
 * @param tf - the tfjs namespace
 * @param inference - the loaded rhythm model (inputs → [probabilities, attention])
 * @param labels - units of the new head (> 0)
 * @param activation - sigmoid (multi-label) or softmax (single-label)
 * @param seed - seed of the new kernel's Glorot-uniform initialiser
 * @returns the new two-output model
 * @throws Error when the model has no `probabilities` layer or no attention output
 */
export function withLabelHead(
  tf: typeof tfType,
  inference: tfType.LayersModel,
  labels: number,
  activation: LabelHeadActivation,
  seed: number,
): tfType.LayersModel {
  const old = inference.layers.find((layer) => layer.name === 'probabilities');
  const features = old?.inboundNodes[0]?.inputTensors[0];
  const attention = inference.outputs[1];
  if (!old || !features || !attention) throw new Error('withLabelHead: the rhythm model has no probabilities layer or no attention output');
  const head = tf.layers.dense({
    units: labels,
    activation,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    name: 'probabilities',
  });
  const probabilities = head.apply(features) as tfType.SymbolicTensor;
  return tf.model({ inputs: inference.inputs, outputs: [probabilities, attention], name: 'rhythm' });
}
