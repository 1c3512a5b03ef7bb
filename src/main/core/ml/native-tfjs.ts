import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { asarUnpackedPath } from './asar-unpacked-path';

/** Outcome of trying to load one native TensorFlow.js package. */
export type NativeLoad = { loaded: true; tfVersion: string | null } | { loaded: false; reason: string };

/** Shape of what tfjs-node's registered backend exposes about its addon. */
interface NativeBackendLike {
  binding?: { TF_Version?: string };
}

const requireHere = createRequire(import.meta.url);

/** The native TensorFlow.js packages of the backend ladder, best first (rungs `tensorflow-gpu`, `tensorflow`). */
export const NATIVE_TFJS_PACKAGES = Object.freeze(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const);

/**
 * Finds a native TensorFlow.js package's built addon without loading any TensorFlow code.
 * @param packageName - npm name of the package, e.g. `@tensorflow/tfjs-node`
 * @returns `{addon}` with the addon's path, or `{reason}` saying why it
 *   cannot load (not installed, addon not built, addon packed inside `app.asar`); never throws
 */
export function findNativeAddon(packageName: string): { addon: string } | { reason: string } {
  let packageJson: string;
  try {
    packageJson = requireHere.resolve(`${packageName}/package.json`);
  } catch {
    return { reason: `${packageName} is not installed` };
  }
  try {
    const packageRequire = createRequire(packageJson);
    const nodePreGyp = packageRequire('@mapbox/node-pre-gyp') as { find: (packageJsonPath: string) => string };
    const addon = nodePreGyp.find(packageJson);
    if (!existsSync(addon)) return { reason: `${packageName} has no built addon (${addon})` };
    const unpacked = asarUnpackedPath(addon);
    if (unpacked !== null && !existsSync(unpacked))
      return { reason: `${packageName}: its addon is packed inside the app archive, not unpacked to ${unpacked} (asarUnpack)` };
    return { addon };
  } catch (error) {
    return { reason: `${packageName}: its addon cannot be located: ${String((error as Error).message).split('\n')[0]}` };
  }
}

/**
 * Whether a native rung of the ladder can be expected to load here: one of {@link NATIVE_TFJS_PACKAGES}
 * has its addon built (and unpacked). Loads no TensorFlow code, so the serving process can ask it before
 * it starts the workers that will load the backend; an addon that is found but then fails to load makes it wrong.
 */
export function nativeAddonFound(): boolean {
  return NATIVE_TFJS_PACKAGES.some((packageName) => 'addon' in findNativeAddon(packageName));
}

/** Packages already loaded in this process (a second require would re-register their kernels). */
const loadedPackages = new Map<string, string | null>();

/**
 * Loads an optional native TensorFlow.js package (`@tensorflow/tfjs-node` or
 * `@tensorflow/tfjs-node-gpu`) if it is installed and its addon is built.
 *
 * The package is only `require`d when its addon file exists, because a
 * package without its addon registers its kernels and then throws, and a
 * second package would then register the same kernels again. In a packaged
 * app the addon must also exist unpacked beside `app.asar` (see
 * {@link asarUnpackedPath}); a packed one could not find its TensorFlow
 * libraries and is reported instead of loaded. Loading it
 * registers the `tensorflow` backend and makes it current (tfjs-node's own
 * side effect).
 *
 * @param packageName - npm name of the package, e.g. `@tensorflow/tfjs-node`
 * @param backendOf - looks up a registered backend by name (tf.engine().findBackend)
 * @returns `{loaded: true, tfVersion}` with the TensorFlow C library's
 *   `TF_Version()` (null if the addon does not expose it), or
 *   `{loaded: false, reason}` saying why not (not installed, addon not built,
 *   addon packed inside `app.asar`, or the first line of the load error); never throws
 */
export function loadNativeTfjs(packageName: string, backendOf: (name: string) => unknown): NativeLoad {
  if (loadedPackages.has(packageName)) return { loaded: true, tfVersion: loadedPackages.get(packageName) ?? null };
  const found = findNativeAddon(packageName);
  if ('reason' in found) return { loaded: false, reason: found.reason };
  try {
    requireHere(packageName);
  } catch (error) {
    const firstLine = String((error as Error).message).split('\n')[0];
    return { loaded: false, reason: `${packageName} failed to load: ${firstLine}` };
  }
  const backend = backendOf('tensorflow') as NativeBackendLike | null;
  const tfVersion = backend?.binding?.TF_Version ?? null;
  loadedPackages.set(packageName, tfVersion);
  return { loaded: true, tfVersion };
}
