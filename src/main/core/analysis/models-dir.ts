import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the committed models folder (`resources/models`), walking up from this
 * module (works from `src/main/...` under tsx and from the bundled `out/main`).
 * `ECG_MODELS_DIR` overrides it.
 * @returns absolute path of the folder holding `beats/` and `rhythm/`
 * @throws Error when no such folder is found
 */
export function modelsDir(): string {
  const override = process.env.ECG_MODELS_DIR;
  if (override) return resolve(override);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'resources', 'models');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('resources/models not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
