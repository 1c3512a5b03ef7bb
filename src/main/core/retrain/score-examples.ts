import type * as tfType from '@tensorflow/tfjs';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { BeatModelMeta } from '../beats/beat-model-meta';
import { classMetrics, type ClassMetrics } from '../beats/class-metrics';
import { RR_FEATURE_COUNT } from '../beats/rr-features';
import { weightedArgmax } from '../beats/weighted-argmax';
import { exampleCount, type BeatExamples } from './beat-examples';

/**
 * The beat model's two inputs for a set of examples.
 * @param tf - the tfjs namespace
 * @param set - n examples
 * @param meta - the model's meta.json (window samples, lead count)
 * @returns `[wave n × samples × 2L, rr n × RR_FEATURE_COUNT]` (the caller disposes them)
 */
export function exampleInputs(tf: typeof tfType, set: BeatExamples, meta: BeatModelMeta): tfType.Tensor[] {
  const n = exampleCount(set);
  return [tf.tensor3d(set.wave, [n, meta.window.samples, 2 * meta.leads.count]), tf.tensor2d(set.rr, [n, RR_FEATURE_COUNT])];
}

/**
 * The model's class probabilities for a set of examples.
 * @param tf - the tfjs namespace
 * @param model - a beat model whose first output is the class probabilities
 * @param set - the examples, in `meta`'s input layout
 * @param meta - the model's meta.json
 * @returns n × AAMI_CLASSES.length probabilities, row-major (empty for no example)
 */
export async function predictProbabilities(
  tf: typeof tfType,
  model: tfType.LayersModel,
  set: BeatExamples,
  meta: BeatModelMeta,
): Promise<Float32Array> {
  if (exampleCount(set) === 0) return new Float32Array(0);
  const x = exampleInputs(tf, set, meta);
  const out = model.predict(x, { batchSize: 1024 });
  const probabilities = Array.isArray(out) ? (out[0] as tfType.Tensor) : out;
  const values = (await probabilities.data()) as Float32Array;
  tf.dispose([...x, ...(Array.isArray(out) ? out : [out])]);
  return values;
}

/**
 * The model's class of each example, by the same decision rule as the analysis: the argmax of the
 * probabilities weighted by meta.json's `decisionWeights` (weightedArgmax; plain argmax without them).
 * @param tf - the tfjs namespace
 * @param model - a beat model whose first output is the class probabilities
 * @param set - the examples, in `meta`'s input layout
 * @param meta - the model's meta.json
 * @returns class index per example into AAMI_CLASSES
 */
export async function predictExamples(
  tf: typeof tfType,
  model: tfType.LayersModel,
  set: BeatExamples,
  meta: BeatModelMeta,
): Promise<Uint8Array> {
  if (exampleCount(set) === 0) return new Uint8Array(0);
  const values = await predictProbabilities(tf, model, set, meta);
  return weightedArgmax(values, meta.decisionWeights ?? AAMI_CLASSES.map(() => 1));
}

/**
 * Per-class scores of a model on labelled examples (beat by beat, no detection step).
 * @returns the scores (classMetrics), or null for an empty set
 */
export async function scoreExamples(
  tf: typeof tfType,
  model: tfType.LayersModel,
  set: BeatExamples,
  meta: BeatModelMeta,
): Promise<Record<AamiClass, ClassMetrics> | null> {
  if (exampleCount(set) === 0) return null;
  return classMetrics(set.labels, await predictExamples(tf, model, set, meta));
}
