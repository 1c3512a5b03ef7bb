import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { saveLayersModel, sha256File } from '../ml/save-model';

/**
 * Writes a fine-tuned model as a new model folder atomically: model.json and weights.bin go to a
 * temporary sibling `.<name>.tmp-<uuid>` (which ModelVersions.removeLeftovers deletes after a kill),
 * then meta.json (the given fields plus `sha256` of both files), then the folder is renamed to
 * `outDir`; on any failure the temporary folder is removed, so no half-written model is left.
 * @param model - the model to save (its inference form, as the analysis loads it)
 * @param outDir - the new folder; must not exist
 * @param meta - the meta.json fields (without `sha256`)
 * @throws Error naming `outDir` when it exists; what saving throws
 */
export async function writeModelFolder(model: tfType.LayersModel, outDir: string, meta: Record<string, unknown>): Promise<void> {
  if (existsSync(outDir)) throw new Error(`${outDir}: the new model's folder exists already`);
  const tempDir = join(dirname(outDir), `.${basename(outDir)}.tmp-${randomUUID()}`);
  try {
    await saveLayersModel(model, tempDir);
    const sha256 = { 'model.json': sha256File(join(tempDir, 'model.json')), 'weights.bin': sha256File(join(tempDir, 'weights.bin')) };
    writeFileSync(join(tempDir, 'meta.json'), `${JSON.stringify({ ...meta, sha256 }, null, 2)}\n`);
    renameSync(tempDir, outDir);
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}
