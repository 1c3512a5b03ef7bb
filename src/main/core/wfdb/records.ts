import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileSystemError, WfdbError } from './errors';

const HEADER_EXTENSION = '.hea';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the header of the record a path designates.
 *
 * Accepts a `.hea` file, a signal or annotation file next to its header (`100.dat`, `A00001.mat`, `100.atr`: the
 * sibling with the same base name and `.hea`), or a record path without extension (`…/mitdb/100`).
 *
 * @param path file or record path.
 * @returns path of an existing `.hea` file.
 * @throws WfdbError naming the path when no such header exists.
 */
export function resolveRecordHeader(path: string): string {
  if (extname(path) === HEADER_EXTENSION && isFile(path)) return path;
  if (isFile(path + HEADER_EXTENSION)) return path + HEADER_EXTENSION;
  const ext = extname(path);
  if (ext !== '' && ext !== HEADER_EXTENSION) {
    const sibling = join(dirname(path), basename(path, ext) + HEADER_EXTENSION);
    if (isFile(sibling)) return sibling;
  }
  throw new WfdbError(path, existsSync(path) ? 'no WFDB header (.hea) found for this file' : 'no such file or record');
}

/**
 * Lists the record headers a path designates.
 *
 * @param path a directory (every `*.hea` file in it, not recursive, sorted by name; a `RECORDS` file is not needed)
 *   or a file / record path (see {@link resolveRecordHeader}).
 * @returns header paths; for a directory without headers, an empty array.
 * @throws WfdbError naming the path when it is neither a readable directory nor resolvable to a header.
 */
export function findRecordHeaders(path: string): string[] {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) return [resolveRecordHeader(path)];
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (err) {
    throw fileSystemError(path, err, 'directory', 'list');
  }
  return names
    .filter((name) => name.endsWith(HEADER_EXTENSION) && isFile(join(path, name)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(path, name));
}
