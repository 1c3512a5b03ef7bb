import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TFJS_NATIVE_PACKAGES } from './native-build-problems';

/** Native code, by file name: Node addons and shared libraries (Linux `.so[.N…]`, Windows `.dll`, macOS `.dylib`). */
const NATIVE_FILE = /\.node$|\.so(\.\d+)*$|\.dll$|\.dylib$/;
/** Native files the app never loads: node-gyp's intermediate copies, better-sqlite3's test extension. */
const NOT_LOADED = /[\\/](build-tmp-napi-v\d+|obj\.target)[\\/]|[\\/]test_extension\.node$/;

/**
 * Lists the native files of the production packages that the packaged app
 * loads from disk and that electron-builder must therefore unpack from
 * `app.asar`: the better-sqlite3 addon in `build/Release/`, and every addon
 * and TensorFlow library (files and symbolic links, e.g.
 * `deps/lib/libtensorflow.so → libtensorflow_cc.so.2`) of the installed
 * tfjs-node packages.
 *
 * @param nodeModulesDir - the project's `node_modules` folder
 * @returns absolute paths; packages or folders that are absent contribute nothing
 */
export function nativeRuntimeFiles(nodeModulesDir: string): string[] {
  const roots = ['better-sqlite3/build/Release', ...TFJS_NATIVE_PACKAGES];
  return roots
    .map((root) => join(nodeModulesDir, root))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && NATIVE_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !NOT_LOADED.test(file));
}
