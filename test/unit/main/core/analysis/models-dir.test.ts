import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModelsDir, modelsDir, PACKAGED_MODELS_FOLDER } from '../../../../../src/main/core/analysis/models-dir';

const existing = (paths: string[]) => (path: string) => paths.includes(path);

describe('findModelsDir', () => {
  it('takes <resourcesPath>/models in a packaged app (models outside app.asar)', () => {
    const resourcesPath = '/opt/Holter Workstation/resources';
    const packaged = join(resourcesPath, PACKAGED_MODELS_FOLDER);
    const moduleFile = join(resourcesPath, 'app.asar/out/main/index.js');
    expect(findModelsDir({ resourcesPath, moduleFile }, existing([packaged]))).toBe(packaged);
  });

  it('walks up from the module when Electron’s resources folder holds no models (electron-vite dev/preview)', () => {
    const moduleFile = '/work/main/out/main/index.js';
    const committed = '/work/main/resources/models';
    expect(findModelsDir({ resourcesPath: '/work/main/node_modules/electron/dist/resources', moduleFile }, existing([committed]))).toBe(
      committed,
    );
  });

  it('walks up from the module under plain Node (no resourcesPath)', () => {
    const committed = '/work/main/resources/models';
    expect(findModelsDir({ moduleFile: '/work/main/src/main/core/analysis/models-dir.ts' }, existing([committed]))).toBe(committed);
  });

  it('prefers the override to everything, resolved against the working folder', () => {
    const packaged = '/r/models';
    expect(
      findModelsDir({ override: 'my-models', resourcesPath: '/r', moduleFile: '/r/app.asar/out/main/index.js' }, existing([packaged])),
    ).toBe(resolve('my-models'));
  });

  it('names every place it looked when nothing holds the models', () => {
    expect(() => findModelsDir({ resourcesPath: '/r', moduleFile: '/r/app.asar/out/main/index.js' }, () => false)).toThrow(
      /looked at \/r\/models and resources\/models above \/r\/app\.asar\/out\/main\/index\.js.*ECG_MODELS_DIR/,
    );
  });

  it('finds the committed models of this checkout through modelsDir()', () => {
    const saved = process.env.ECG_MODELS_DIR;
    delete process.env.ECG_MODELS_DIR;
    try {
      expect(modelsDir()).toBe(resolve(import.meta.dirname, '../../../../../resources/models'));
    } finally {
      if (saved !== undefined) process.env.ECG_MODELS_DIR = saved;
    }
  });
});
