import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayersModel, io } from '@tensorflow/tfjs';
import { getTf } from './backend';

/** Bytes per element of each stored weight dtype (tfjs weights format; quantised dtypes included). */
const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = Object.freeze({
  float32: 4,
  int32: 4,
  complex64: 8,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
});

function expectedBytes(specs: io.WeightsManifestEntry[], modelJsonPath: string): number {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_ELEMENT[dtype];
    if (size === undefined) throw new Error(`${modelJsonPath}: weight ${spec.name} has unsupported dtype ${dtype}`);
    total += size * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/**
 * Loads a tfjs layers model saved in the tfjs format (`model.json` plus the
 * binary weight files its `weightsManifest` lists) by reading the files with
 * `fs` and passing them through `tf.io.fromMemory`, so it works on every
 * backend (tfjs-node's `file://` handler does not exist on wasm or cpu).
 *
 * Custom layers must be registered (`tf.serialization.registerClass`) before
 * the call; the model modules do that when imported.
 *
 * Format: TensorFlow.js layers model JSON, https://www.tensorflow.org/js/guide/save_load
 *
 * @param dir - folder holding `model.json` and the weight shards it names
 * @returns the model, its weights on the backend chosen by initBackend
 * @throws Error naming the file when model.json is missing or not JSON, has no
 *   modelTopology, a weight file is missing, or the weight bytes do not match
 *   the manifest; Error from getTf() when initBackend has not run
 */
export async function loadLayersModel(dir: string): Promise<LayersModel> {
  const tf = getTf();
  const modelJsonPath = join(dir, 'model.json');
  let modelJson: io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(modelJsonPath, 'utf8')) as io.ModelJSON;
  } catch (error) {
    throw new Error(`${modelJsonPath}: cannot read the model (${(error as Error).message})`);
  }
  if (!modelJson.modelTopology) throw new Error(`${modelJsonPath}: no modelTopology`);
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const buffers: Buffer[] = [];
    for (const group of manifest) {
      for (const path of group.paths) {
        const file = join(dir, path);
        try {
          buffers.push(await readFile(file));
        } catch (error) {
          throw new Error(`${modelJsonPath}: weight file ${file} unreadable (${(error as Error).message})`);
        }
      }
    }
    const specs = tf.io.getWeightSpecs(manifest);
    const data = Buffer.concat(buffers);
    const expected = expectedBytes(specs, modelJsonPath);
    if (data.byteLength !== expected) {
      throw new Error(`${modelJsonPath}: weight files hold ${data.byteLength} bytes, the manifest needs ${expected}`);
    }
    const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    return [specs, weightData];
  });
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
