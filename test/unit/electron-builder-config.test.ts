import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config from '../../electron-builder';
import { nativeRuntimeFiles } from '../../scripts/packaging/native-runtime-files';
import { findModelsDir } from '../../src/main/core/analysis/models-dir';

// electron-builder's own loading, schema check and file matching (app-builder-lib 26), the code
// `electron-builder --win/--linux` runs. It is CommonJS without an exports map, so its internal
// modules load by path.
const requireHere = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = requireHere('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
};
const { getFileMatchers, getNodeModuleFileMatcher } = requireHere('app-builder-lib/out/fileMatcher') as {
  getFileMatchers(
    config: Configuration,
    name: 'asarUnpack' | 'extraResources',
    defaultDestination: string,
    options: { macroExpander: (pattern: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string },
  ): Array<{ from: string; to: string; createFilter(): FileFilter }> | null;
  getNodeModuleFileMatcher(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformOptions: object,
    packager: { config: Configuration; debugLogger: unknown },
  ): { createFilter(): FileFilter };
};
const { DebugLogger } = requireHere('builder-util') as { DebugLogger: new (enabled: boolean) => { isEnabled: boolean } };
type FileFilter = (file: string, stat: ReturnType<typeof statSync>) => boolean;

const projectDir = resolve(import.meta.dirname, '../..');
const nodeModules = join(projectDir, 'node_modules');
const resourcesDest = '/opt/holter/resources';
const identity = (pattern: string): string => pattern;
/** A regular file's stat, for paths that electron-builder's filters judge without reading them (some do not exist here). */
const fileStat = statSync(join(projectDir, 'package.json'));

async function validate(candidate: Configuration): Promise<void> {
  await validateConfiguration(candidate, new DebugLogger(false));
}

/** All files under `dir` (recursive), absolute; [] when `dir` does not exist. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** electron-builder's matchers of one file-set option, as its packager builds them for this project. */
function matchersOf(candidate: Configuration, name: 'asarUnpack' | 'extraResources') {
  return (
    getFileMatchers(candidate, name, resourcesDest, {
      macroExpander: identity,
      customBuildOptions: {},
      globalOutDir: join(projectDir, 'dist'),
      defaultSrc: projectDir,
    }) ?? []
  );
}

/** The files that electron-builder's asarUnpack matcher leaves inside app.asar. */
function packedFiles(candidate: Configuration, files: string[]): string[] {
  const unpack = matchersOf(candidate, 'asarUnpack')[0]?.createFilter();
  return files.filter((file) => !unpack?.(file, fileStat));
}

describe('electron-builder configuration', () => {
  it('is the configuration electron-builder loads from the project and passes its schema check', async () => {
    const loaded = await getConfig(projectDir, null, null);
    expect(loaded.appId).toBe(config.appId);
    expect(loaded.asarUnpack).toEqual(config.asarUnpack);
    await expect(validate(loaded)).resolves.toBeUndefined();
  });

  it('is rejected by the same schema check when broken', async () => {
    await expect(validate({ ...config, nsis: { ...config.nsis, perMachine: 'yes' as unknown as boolean } })).rejects.toThrow(
      /nsis\.perMachine should be a boolean/,
    );
    await expect(validate({ ...config, asarUnpak: config.asarUnpack } as Configuration)).rejects.toThrow(
      /has an unknown property 'asarUnpak'/,
    );
  });

  it('builds an NSIS per-machine installer for Windows and AppImage and deb for Linux, publishing nothing', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
    const linuxTargets = (config.linux?.target as Array<{ target: string }>).map((target) => target.target);
    expect(linuxTargets).toEqual(['AppImage', 'deb']);
    expect(config.publish).toBeNull();
  });

  it('rebuilds native modules for Electron from source, with electron-builder’s @electron/rebuild step', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
    expect(config.beforeBuild).toBeUndefined();
  });

  it('leaves no native file of node_modules packed inside app.asar', () => {
    const native = nativeRuntimeFiles(nodeModules);
    expect(native.map((file) => relative(nodeModules, file))).toContain('better-sqlite3/build/Release/better_sqlite3.node');
    expect(packedFiles(config, native)).toEqual([]);
  });

  it('unpacks the tfjs-node addon and its TensorFlow libraries with their relative layout', () => {
    const requireTfjs = createRequire(join(nodeModules, '@tensorflow/tfjs-node/package.json'));
    const nodePreGyp = requireTfjs('@mapbox/node-pre-gyp') as { find(packageJson: string): string };
    const addon = nodePreGyp.find(join(nodeModules, '@tensorflow/tfjs-node/package.json'));
    const libraries = filesUnder(join(nodeModules, '@tensorflow/tfjs-node/deps/lib'));
    const gpuLibrary = join(nodeModules, '@tensorflow/tfjs-node-gpu/deps/lib/libtensorflow.so.2');
    if (libraries.length === 0)
      console.warn('tfjs-node has no deps/lib here (no `npm run setup:native`): checking the expected paths only');
    expect(relative(nodeModules, addon)).toMatch(/^@tensorflow[\\/]tfjs-node[\\/]lib[\\/]napi-v8[\\/]tfjs_binding\.node$/);
    // The addon's runpath is $ORIGIN/../../deps/lib: both must land in the same unpacked package folder.
    const candidates = [addon, join(nodeModules, '@tensorflow/tfjs-node/deps/lib/libtensorflow.so.2'), gpuLibrary, ...libraries];
    expect(packedFiles(config, candidates)).toEqual([]);
  });

  it('packs the runtime files of the native packages into the app and leaves their build inputs out', () => {
    const filter = getNodeModuleFileMatcher(
      projectDir,
      resourcesDest,
      identity,
      {},
      {
        config,
        debugLogger: new DebugLogger(false),
      },
    ).createFilter();
    const included = (path: string): boolean => filter(join(nodeModules, path), fileStat);
    for (const path of [
      'better-sqlite3/lib/database.js',
      'better-sqlite3/build/Release/better_sqlite3.node',
      '@tensorflow/tfjs-node/dist/index.js',
      '@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node',
      '@tensorflow/tfjs-node/deps/lib/libtensorflow.so.2',
      '@tensorflow/tfjs-node/deps/lib/libtensorflow_framework.so.2',
      '@tensorflow/tfjs-node-gpu/deps/lib/libtensorflow.so.2',
    ]) {
      expect(included(path), path).toBe(true);
    }
    for (const path of [
      'better-sqlite3/deps/sqlite3/sqlite3.c',
      'better-sqlite3/build/Release/obj.target/better_sqlite3/src/better_sqlite3.o',
      '@tensorflow/tfjs-node/deps/include/tensorflow/c/c_api.h',
      '@tensorflow/tfjs-node/build-tmp-napi-v8/Release/tfjs_binding.node',
    ]) {
      expect(included(path), path).toBe(false);
    }
  });

  it('copies every committed model file to <resources>/models, where modelsDir() looks first in a packaged app', () => {
    const models = filesUnder(join(projectDir, 'resources/models'));
    expect(models.length).toBeGreaterThan(0);
    const matchers = matchersOf(config, 'extraResources');
    expect(matchers).toHaveLength(1);
    const [matcher] = matchers;
    expect(matcher?.from).toBe(join(projectDir, 'resources/models'));
    const filter = matcher?.createFilter();
    expect(models.filter((file) => !filter?.(file, fileStat))).toEqual([]);
    const packagedModels = matcher?.to ?? '';
    const found = findModelsDir(
      { resourcesPath: resourcesDest, moduleFile: `${resourcesDest}/app.asar/out/main/index.js` },
      (path) => path === packagedModels,
    );
    expect(found).toBe(packagedModels);
  });

  it('ships the bundled main process that package.json names', () => {
    const packageJson = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { main: string };
    expect(config.files).toContain('out/**');
    expect(packageJson.main).toMatch(/^\.\/out\//);
  });
});
