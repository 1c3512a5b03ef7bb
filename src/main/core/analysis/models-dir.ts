import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Name of the models folder inside the packaged app's resources folder
 * (`process.resourcesPath`): electron-builder copies `resources/models` there
 * as an extra resource (see `electron-builder.ts`).
 */
export const PACKAGED_MODELS_FOLDER = 'models';

/** Where {@link findModelsDir} may look, in its order of preference. */
export interface ModelsDirSources {
  /** `ECG_MODELS_DIR`, when set and not empty: taken as is (resolved against the working folder). */
  override?: string;
  /** `process.resourcesPath`: set by Electron only (packaged or not); undefined under plain Node and tsx. */
  resourcesPath?: string;
  /** Absolute path of the module asking (`src/main/...` under tsx, `out/main/index.js` when bundled). */
  moduleFile: string;
}

/**
 * Picks the models folder (the one holding `beats/` and `rhythm/`):
 * 1. `override` if given;
 * 2. `<resourcesPath>/models` if it exists — the packaged app, where the
 *    models are extra resources outside `app.asar`;
 * 3. the first `resources/models` found walking up from `moduleFile` — a
 *    checkout, under tsx, `npm run serve` or `electron-vite dev`/`preview`
 *    (there `resourcesPath` is Electron's own folder, which holds no models).
 *
 * Pure apart from `exists`, so it is tested without Electron.
 *
 * @param sources - the override, Electron's resources folder, and the calling module's path
 * @param exists - tells whether a path exists (`fs.existsSync` in the app)
 * @returns absolute path of the models folder
 * @throws Error naming the places looked at when none holds the models
 */
export function findModelsDir(sources: ModelsDirSources, exists: (path: string) => boolean): string {
  if (sources.override) return resolve(sources.override);
  const looked: string[] = [];
  if (sources.resourcesPath) {
    const packaged = join(sources.resourcesPath, PACKAGED_MODELS_FOLDER);
    if (exists(packaged)) return packaged;
    looked.push(packaged);
  }
  let dir = dirname(sources.moduleFile);
  for (;;) {
    const candidate = join(dir, 'resources', 'models');
    if (exists(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  looked.push(`resources/models above ${sources.moduleFile}`);
  throw new Error(`models folder not found: looked at ${looked.join(' and ')} (set ECG_MODELS_DIR to name it)`);
}

/**
 * The models folder of this process: `ECG_MODELS_DIR` if set, else the
 * packaged app's `<process.resourcesPath>/models`, else the committed
 * `resources/models` above this module (see {@link findModelsDir}).
 * @returns absolute path of the folder holding `beats/` and `rhythm/`
 * @throws Error when no such folder is found
 */
export function modelsDir(): string {
  return findModelsDir(
    {
      override: process.env.ECG_MODELS_DIR,
      resourcesPath: (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath,
      moduleFile: fileURLToPath(import.meta.url),
    },
    existsSync,
  );
}
