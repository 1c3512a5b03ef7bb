import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** File names of the worker entry, from source (tsx) and in the electron-vite bundle. */
const WORKER_ENTRIES = Object.freeze({ source: 'analysis-worker-tsx.mjs', bundle: 'analysis-worker.js' });

/**
 * Finds the analysis worker's entry file: next to this module when it runs
 * from source, or the `analysis-worker.js` entry of the main bundle
 * (`out/main/`, this module's folder or its parent when bundled into a chunk).
 * @returns absolute path of the worker entry
 * @throws Error naming the folders searched when neither exists
 */
export function analysisWorkerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  const candidates = here.endsWith('.ts')
    ? [join(dir, WORKER_ENTRIES.source)]
    : [join(dir, WORKER_ENTRIES.bundle), join(dirname(dir), WORKER_ENTRIES.bundle)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`analysis worker entry not found (looked for ${candidates.join(', ')})`);
  return found;
}
