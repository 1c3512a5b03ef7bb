import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * Writes a layers model as `model.json` + one `weights.bin`, the tfjs
 * layers-model format that tfjs-node's file saver writes and
 * {@link loadLayersModel} (`load-model.ts`) reads on every backend.
 * @param model - the model to save
 * @param dir - output folder (created if missing)
 * @throws Error naming the folder when the model gives no weights
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (artifacts?.weightData === undefined || artifacts.weightSpecs === undefined) throw new Error(`${dir}: model.save gave no weights`);
  const buffers = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData];
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'weights.bin'), Buffer.concat(buffers.map((b) => Buffer.from(b))));
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({
      modelTopology: artifacts.modelTopology,
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
      convertedBy: null,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    }),
  );
}

/**
 * @param path - a file
 * @returns its SHA-256, lowercase hex (what meta.json records for each model file)
 */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
