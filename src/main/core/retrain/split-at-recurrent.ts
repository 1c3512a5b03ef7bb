import type * as tfType from '@tensorflow/tfjs';

/** A rhythm network split where the head-only scope starts training: the frozen front end and the trainable head. */
export interface SplitModel {
  /** inputs → the BiLSTM's input, run in inference mode (batch normalisation with its moving statistics) */
  frontEnd: tfType.LayersModel;
  /** the BiLSTM's input → every output of the network (probabilities, attention), sharing the network's layers */
  head: tfType.LayersModel;
  /** names of the front end's layers that hold weights */
  frozen: string[];
}

/**
 * Splits a loaded rhythm network (the shipped one, or one with a new label head) at its
 * Bidirectional (BiLSTM) layer: the front end as a model to the BiLSTM's input, and the head rebuilt
 * on a new input of that shape by applying the same layer objects in the graph's order, so training
 * the head trains the network's own layers. The head has the network's outputs, in its order.
 * @param tf - the tfjs namespace
 * @param network - the rhythm network (inputs → [probabilities, attention])
 * @returns the two parts and the front end's weighted layers
 * @throws Error when the network has no Bidirectional layer, or a head layer takes a front-end tensor
 */
export function splitAtRecurrent(tf: typeof tfType, network: tfType.LayersModel): SplitModel {
  const index = network.layers.findIndex((layer) => layer.getClassName() === 'Bidirectional');
  const recurrent = network.layers[index];
  const feature = recurrent?.inboundNodes[0]?.inputTensors[0];
  if (!recurrent || !feature) throw new Error('fine-tuning: the rhythm model has no Bidirectional layer to train from');
  const input = tf.input({ shape: feature.shape.slice(1) as number[] });
  const mapped = new Map<string, tfType.SymbolicTensor>([[feature.name, input]]);
  for (const layer of network.layers.slice(index)) {
    const node = layer.inboundNodes[0];
    if (!node) continue;
    const inputs = node.inputTensors.map((t) => mapped.get(t.name));
    if (inputs.some((t) => t === undefined))
      throw new Error(`fine-tuning: layer ${layer.name} of the rhythm head takes a front-end tensor`);
    const out = layer.apply(inputs.length === 1 ? (inputs[0] as tfType.SymbolicTensor) : (inputs as tfType.SymbolicTensor[]));
    const outs = Array.isArray(out) ? out : [out];
    node.outputTensors.forEach((t, i) => mapped.set(t.name, outs[i] as tfType.SymbolicTensor));
  }
  const outputs = network.outputs.map((t) => mapped.get(t.name));
  if (outputs.some((t) => t === undefined)) throw new Error('fine-tuning: the rhythm head does not reach every output of the network');
  return {
    frontEnd: tf.model({ inputs: network.inputs, outputs: feature }),
    head: tf.model({ inputs: input, outputs: outputs as tfType.SymbolicTensor[] }),
    frozen: network.layers.slice(0, index).flatMap((layer) => (layer.countParams() > 0 ? [layer.name] : [])),
  };
}
