import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** File names of a worker's entry, from source (tsx) and in the electron-vite bundle. */
interface WorkerEntries {
  source: string;
  bundle: string;
}

const ANALYSIS_WORKER = Object.freeze({ source: 'analysis-worker-tsx.mjs', bundle: 'analysis-worker.js' });
const REVIEW_WORKER = Object.freeze({ source: 'review-worker-tsx.mjs', bundle: 'review-worker.js' });

/**
 * Finds a worker's entry file: next to this module when it runs from source, or the entry of the main bundle
 * (`out/main/`, this module's folder or its parent when bundled into a chunk).
 * @throws Error naming the folders searched when neither exists
 */
function workerScript(entries: WorkerEntries, what: string): string {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  const candidates = here.endsWith('.ts') ? [join(dir, entries.source)] : [join(dir, entries.bundle), join(dirname(dir), entries.bundle)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`${what} worker entry not found (looked for ${candidates.join(', ')})`);
  return found;
}

/**
 * Finds the analysis worker's entry file (`analysis-worker-tsx.mjs` from source, `analysis-worker.js` bundled).
 * @returns absolute path of the worker entry
 * @throws Error naming the folders searched when neither exists
 */
export function analysisWorkerScript(): string {
  return workerScript(ANALYSIS_WORKER, 'analysis');
}

/**
 * Finds the review worker's entry file (`review-worker-tsx.mjs` from source, `review-worker.js` bundled).
 * @returns absolute path of the worker entry
 * @throws Error naming the folders searched when neither exists
 */
export function reviewWorkerScript(): string {
  return workerScript(REVIEW_WORKER, 'review');
}
