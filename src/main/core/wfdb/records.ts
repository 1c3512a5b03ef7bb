import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { probeFormat } from '../formats/format-probe';
import { WfdbError } from './errors';

const HEADER_EXTENSION = '.hea';
/**
 * The one answer for a path that designates no record: it does not say whether the path exists, is a file or a
 * folder, or is unreadable, so an import cannot be used to probe the file system.
 */
const NOT_A_RECORD = 'not a readable record (no WFDB header .hea, EDF/EDF+ .edf or ISHNE .ecg file found for this path)';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether a file is an EDF/EDF+ or ISHNE recording that is imported as it is: any regular `.edf` file (a bad one
 * is then reported by the probe, naming the problem), and `.ecg` files that start with the ISHNE magic (WFDB
 * databases also use `.ecg` for annotation files, which belong to their `.hea`).
 */
function isImportFile(path: string): boolean {
  const ext = extname(path).toLowerCase();
  if ((ext !== '.edf' && ext !== '.ecg') || !isFile(path)) return false;
  if (ext === '.edf') return true;
  try {
    return probeFormat(path) === 'ishne';
  } catch {
    return false;
  }
}

/**
 * Finds the header of the record a path designates.
 *
 * Accepts a `.hea` file, a signal or annotation file next to its header (`100.dat`, `A00001.mat`, `100.atr`: the
 * sibling with the same base name and `.hea`), or a record path without extension (`…/mitdb/100`); an EDF/EDF+
 * `.edf` or ISHNE `.ecg` file is its own record and is returned as it is.
 *
 * @param path file or record path.
 * @returns path of an existing `.hea`, `.edf` or ISHNE `.ecg` file.
 * @throws WfdbError naming the path, "not a readable record …", when no such header exists (the same message
 *   whether or not the path exists).
 */
export function resolveRecordHeader(path: string): string {
  if ((extname(path) === HEADER_EXTENSION && isFile(path)) || isImportFile(path)) return path;
  if (isFile(path + HEADER_EXTENSION)) return path + HEADER_EXTENSION;
  const ext = extname(path);
  if (ext !== '' && ext !== HEADER_EXTENSION) {
    const sibling = join(dirname(path), basename(path, ext) + HEADER_EXTENSION);
    if (isFile(sibling)) return sibling;
  }
  throw new WfdbError(path, NOT_A_RECORD);
}

/**
 * Lists the record headers a path designates.
 *
 * @param path a directory (every `*.hea`, `*.edf` and ISHNE `*.ecg` file in it, not recursive, sorted by name; a
 *   `RECORDS` file is not needed) or a file / record path (see {@link resolveRecordHeader}).
 * @returns header / EDF / ISHNE paths (at least one).
 * @throws WfdbError naming the path, "not a readable record …", when it is neither a readable directory holding a
 *   header nor resolvable to a header (one message for all these cases).
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
    throw new WfdbError(path, NOT_A_RECORD, { cause: err });
  }
  const headers = names
    .filter((name) => (name.endsWith(HEADER_EXTENSION) && isFile(join(path, name))) || isImportFile(join(path, name)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(path, name));
  if (headers.length === 0) throw new WfdbError(path, NOT_A_RECORD);
  return headers;
}
