import { join } from 'node:path';

/** What {@link nativeBuildProblems} checks. */
export interface NativeBuildSetting {
  /** OS the installer is for: `win32` (NSIS) or `linux` (AppImage, deb). */
  targetPlatform: 'win32' | 'linux';
  /** OS of this machine (`process.platform`). */
  hostPlatform: NodeJS.Platform;
  /** The project's `node_modules` folder. */
  nodeModulesDir: string;
}

/** The native TensorFlow.js packages electron-builder rebuilds when they are installed (optional dependencies). */
export const TFJS_NATIVE_PACKAGES = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'] as const;

/**
 * Files, relative to a tfjs-node package folder, that building its addon from
 * source (node-gyp, binding.gyp) and loading it need, per target OS: the C
 * API header, the link-time libraries in `deps/lib`, and on Windows the DLL
 * that tfjs-node's install stages beside the N-API 8 addon (Electron 41 takes napi-v8).
 */
const TFJS_REQUIRED_FILES: Readonly<Record<NativeBuildSetting['targetPlatform'], readonly string[]>> = Object.freeze({
  linux: ['deps/include/tensorflow/c/c_api.h', 'deps/lib/libtensorflow.so', 'deps/lib/libtensorflow_framework.so'],
  win32: ['deps/include/tensorflow/c/c_api.h', 'deps/lib/tensorflow.lib', 'deps/lib/tensorflow.dll', 'lib/napi-v8/tensorflow.dll'],
});

/**
 * Tells, before electron-builder starts, what would make its native step
 * (`@electron/rebuild`, from source, for Electron's ABI) fail or produce a
 * broken installer:
 * - a target OS other than this machine's: native modules cannot be
 *   cross-compiled, and electron-builder would silently ship this machine's binaries;
 * - an installed tfjs-node package without its TensorFlow C library and
 *   headers (npm installs both optional packages but the project skips their
 *   download script): node-gyp could not build its addon.
 *
 * better-sqlite3 needs nothing beyond its own sources and a C++ tool chain.
 *
 * @param setting - target OS, this machine's OS, and the node_modules folder
 * @param exists - tells whether a path exists (`fs.existsSync` in the script)
 * @returns one line per problem, each naming the fix; empty when the build can go ahead
 */
export function nativeBuildProblems(setting: NativeBuildSetting, exists: (path: string) => boolean): string[] {
  if (setting.hostPlatform !== setting.targetPlatform) {
    return [
      `the ${setting.targetPlatform} installer must be built on ${setting.targetPlatform}, not on ${setting.hostPlatform}: ` +
        'native modules (better-sqlite3, tfjs-node) cannot be cross-compiled',
    ];
  }
  const problems: string[] = [];
  for (const packageName of TFJS_NATIVE_PACKAGES) {
    const packageDir = join(setting.nodeModulesDir, packageName);
    if (!exists(join(packageDir, 'package.json'))) continue;
    const missing = TFJS_REQUIRED_FILES[setting.targetPlatform].filter((file) => !exists(join(packageDir, file)));
    if (missing.length === 0) continue;
    problems.push(
      `${packageName} is installed without its TensorFlow library (missing ${missing.join(', ')}): ` +
        `run \`npm rebuild ${packageName} --dangerously-allow-all-scripts\` (online)` +
        (packageName === '@tensorflow/tfjs-node' && setting.targetPlatform === 'linux' ? ' or `npm run setup:native`' : '') +
        `, or remove node_modules/${packageName} to ship without it`,
    );
  }
  return problems;
}
