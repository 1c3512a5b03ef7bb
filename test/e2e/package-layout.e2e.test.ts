/**
 * The packaged layout, made by electron-builder itself: `electron-builder
 * --linux dir` with the project's configuration, offline. Two settings are
 * overridden, both because their inputs are downloads: a stand-in folder for
 * the Electron distribution (`electronDist`: an `electron` shell script and a
 * `version` file), and no native rebuild (`npmRebuild=false`: Electron's
 * headers). Everything else — asar packing, unpacking, file exclusions, extra
 * resources — is electron-builder's own code on the real `out/` and
 * `node_modules/`. Needs `out/` (test:e2e builds it first); Linux only.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRuntimeFiles } from '../../scripts/packaging/native-runtime-files';
import { root } from './serve-process';

interface AsarEntry {
  size: number;
  unpacked?: boolean;
}
const requireHere = createRequire(import.meta.url);
const asar = requireHere('@electron/asar') as { statFile(archive: string, path: string, followLinks?: boolean): AsarEntry };

const nodeModules = join(root, 'node_modules');
const skipReason =
  process.platform !== 'linux'
    ? 'electron-builder --linux dir runs on Linux only'
    : existsSync(join(root, 'out/main/index.js'))
      ? null
      : 'out/ is not built (run `npm run test:e2e`, which builds it)';
if (skipReason) console.warn(`package layout e2e skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('packaged app layout (electron-builder --linux dir)', () => {
  let work: string;
  let resources: string;
  let archive: string;
  let unpackedDir: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'holter-pack-'));
    const electronDist = join(work, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    writeFileSync(join(electronDist, 'version'), `v${(requireHere('electron/package.json') as { version: string }).version}`);
    const result = spawnSync(
      join(nodeModules, '.bin/electron-builder'),
      ['--linux', 'dir', '--x64', '-c.npmRebuild=false', `-c.electronDist=${electronDist}`, `-c.directories.output=${join(work, 'dist')}`],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    resources = join(work, 'dist/linux-unpacked/resources');
    archive = join(resources, 'app.asar');
    unpackedDir = join(resources, 'app.asar.unpacked');
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the bundled app and the wasm binaries inside app.asar', () => {
    expect(asar.statFile(archive, 'out/main/index.js').unpacked).toBeUndefined();
    expect(asar.statFile(archive, 'out/preload/index.cjs').unpacked).toBeUndefined();
    expect(asar.statFile(archive, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm').unpacked).toBeUndefined();
    expect(asar.statFile(archive, 'node_modules/@mapbox/node-pre-gyp/package.json').size).toBeGreaterThan(0);
  });

  it('unpacks every native file of node_modules at its own relative path, links kept as links', () => {
    const native = nativeRuntimeFiles(nodeModules);
    expect(native.length).toBeGreaterThan(0);
    for (const file of native) {
      const path = relative(root, file);
      expect(asar.statFile(archive, path, false).unpacked, path).toBe(true);
      const onDisk = join(unpackedDir, path);
      if (lstatSync(file).isSymbolicLink()) expect(readlinkSync(onDisk), path).toBe(readlinkSync(file));
      else expect(lstatSync(onDisk).size, path).toBe(lstatSync(file).size);
    }
  });

  it('lets the unpacked tfjs-node addon find its TensorFlow libraries inside app.asar.unpacked', (context) => {
    const addon = join(unpackedDir, 'node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node');
    if (!existsSync(join(nodeModules, '@tensorflow/tfjs-node/deps/lib')) || !existsSync(addon)) {
      context.skip('tfjs-node has no TensorFlow library here (`npm run setup:native` gives it one)');
    }
    const ldd = spawnSync('ldd', [addon], { encoding: 'utf8' });
    const tensorflowLines = ldd.stdout.split('\n').filter((line) => line.includes('libtensorflow'));
    expect(tensorflowLines.length).toBeGreaterThanOrEqual(2);
    const libraryDir = join(unpackedDir, 'node_modules/@tensorflow/tfjs-node/deps/lib');
    for (const line of tensorflowLines) {
      const resolved = /=> (\S+)/.exec(line)?.[1] ?? line;
      expect(resolve(resolved), line).toBe(join(libraryDir, basename(resolved)));
    }
  });

  it('copies the models, byte for byte, to <resources>/models', () => {
    const committed = join(root, 'resources/models');
    const files = readdirSync(committed, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const entry of files) {
      const path = relative(committed, join(entry.parentPath, entry.name));
      expect(readFileSync(join(resources, 'models', path)).equals(readFileSync(join(committed, path))), path).toBe(true);
    }
  });

  it('leaves build inputs of the native packages out of the app', () => {
    for (const path of [
      'node_modules/better-sqlite3/deps',
      'node_modules/better-sqlite3/src',
      'node_modules/@tensorflow/tfjs-node/deps/include',
    ]) {
      expect(() => asar.statFile(archive, path), path).toThrow();
    }
  });
});
