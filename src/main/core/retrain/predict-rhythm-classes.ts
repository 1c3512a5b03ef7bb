import type * as tfType from '@tensorflow/tfjs';

/**
 * The most probable CinC 2017 class of each input of a rhythm network (its first output's argmax;
 * a network with the attention output too, as loaded for analysis, is fine).
 * @param tf - the tfjs namespace
 * @param model - a rhythm network (or its head): inputs → probabilities n × 4 first
 * @param x - its input, n rows (not disposed)
 * @returns class index per row into RHYTHM_LABELS
 */
export async function predictRhythmClasses(tf: typeof tfType, model: tfType.LayersModel, x: tfType.Tensor): Promise<Uint8Array> {
  const out = model.predict(x, { batchSize: 64 });
  const outputs = Array.isArray(out) ? out : [out];
  const classes = tf.tidy(() => tf.argMax(outputs[0] as tfType.Tensor, -1));
  const values = Uint8Array.from((await classes.data()) as Int32Array);
  tf.dispose([...outputs, classes]);
  return values;
}
