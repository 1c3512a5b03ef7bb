/**
 * Where a file that a packaged Electron app addresses inside its `app.asar`
 * archive really lies on disk when electron-builder unpacked it (`asarUnpack`):
 * the same relative path under the sibling folder `app.asar.unpacked`.
 *
 * Electron's patched `require` resolves packages to paths inside the archive
 * (`…/resources/app.asar/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node`);
 * its `process.dlopen` loads an unpacked addon from the `.unpacked` twin, and
 * a packed one from a temporary copy — where the dynamic linker no longer
 * finds the TensorFlow libraries through the addon's runpath
 * (`$ORIGIN/../../deps/lib`). Checking the twin tells the two apart.
 *
 * Both separators are accepted (a Windows path keeps its backslashes). Only
 * the first path segment ending in `.asar` counts (Electron does not nest
 * archives).
 *
 * @param path - absolute path, inside an archive or not
 * @returns the path with its first `NAME.asar` segment replaced by
 *   `NAME.asar.unpacked`, or null when no segment of `path` is an `.asar` archive
 */
export function asarUnpackedPath(path: string): string | null {
  const match = /^(.*?[\\/][^\\/]+\.asar)([\\/].*)?$/.exec(path);
  if (!match) return null;
  return `${match[1]}.unpacked${match[2] ?? ''}`;
}
