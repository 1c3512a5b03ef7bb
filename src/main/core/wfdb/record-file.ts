import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileSystemError, WfdbError } from './errors';

/** A record file opened for reading: its descriptor and size in bytes. The caller closes `fd`. */
export interface OpenRecordFile {
  path: string;
  fd: number;
  sizeBytes: number;
}

/** Limits of {@link openRecordFile}. */
export const RECORD_FILE_LIMITS = Object.freeze({
  /** Files up to this size are never called sparse (small files may legitimately occupy less than their size). */
  sparseCheckMinBytes: 1 << 20,
  /**
   * A file longer than sparseCheckMinBytes with less than 1/16 of its length stored on disk is a hole-filled
   * (sparse) file, not a recording: even compressing file systems do not shrink ECG samples 16-fold.
   */
  minStoredFraction: 1 / 16,
});

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Path of a file a header names (signal file, `.mat`), which must lie inside the header's folder or below it.
 * The check is on the path text, so a name like `../../../../etc/passwd` is refused without touching that file.
 * @param headerPath path of the `.hea`.
 * @param fileName file name as written in the header.
 * @param what words for the file in the message, e.g. `signal 0 file`.
 * @returns the file's path.
 * @throws WfdbError naming the header when the name is absolute or leads out of the header's folder.
 */
export function recordFilePath(headerPath: string, fileName: string, what: string): string {
  const folder = dirname(resolve(headerPath));
  const path = resolve(folder, fileName);
  if (isAbsolute(fileName) || !isInside(folder, path)) {
    throw new WfdbError(headerPath, `${what} '${fileName}' is outside the record's folder; a header may only name files in its own folder`);
  }
  return path;
}

function describeKind(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'is a folder, not a file';
  if (st.isFIFO()) return 'is a pipe (FIFO), not a regular file';
  return 'is not a regular file (a socket or device)';
}

/**
 * Opens a record file (header, signal, `.mat` or annotation file) for reading, after checking what it is: it must be
 * a regular file (a FIFO is refused without opening it, so nothing blocks), not a sparse file, and, when
 * `folder` is given, really inside that folder (a symbolic link out of it is refused). It is opened with
 * `O_NONBLOCK` and checked again on the descriptor, so a file swapped between the check and the open is refused too.
 * @param path file path.
 * @param what words for the file in messages, e.g. `signal file`.
 * @param folder when given, the folder the file's real path must lie in.
 * @returns the open file; the caller closes `fd`.
 * @throws WfdbError naming the file when it is missing, unreadable, not a regular file, sparse, or outside `folder`.
 */
export function openRecordFile(path: string, what: string, folder?: string): OpenRecordFile {
  let st: Stats;
  try {
    st = statSync(path);
    if (folder !== undefined && !isInside(realpathSync(folder), realpathSync(path))) {
      throw new WfdbError(path, `${what} links to a file outside the record's folder`);
    }
  } catch (err) {
    if (err instanceof WfdbError) throw err;
    throw fileSystemError(path, err, what);
  }
  const kind = describeKind(st);
  if (kind !== null) throw new WfdbError(path, `${what} ${kind}`);
  const storedBytes = st.blocks * 512;
  if (st.size > RECORD_FILE_LIMITS.sparseCheckMinBytes && storedBytes < st.size * RECORD_FILE_LIMITS.minStoredFraction) {
    throw new WfdbError(
      path,
      `${what} is a sparse file: ${st.size} bytes long but only ${storedBytes} bytes stored on disk, so it holds no recording`,
    );
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fileSystemError(path, err, what, 'open');
  }
  const opened = fstatSync(fd);
  if (!opened.isFile() || opened.ino !== st.ino || opened.dev !== st.dev) {
    closeSync(fd);
    throw new WfdbError(path, `${what} changed while it was being opened`);
  }
  return { path, fd, sizeBytes: opened.size };
}

/**
 * Reads a whole record file, checked as {@link openRecordFile} does, refusing files longer than `maxBytes`.
 * @param path file path.
 * @param what words for the file in messages, e.g. `header file`.
 * @param maxBytes largest size read, in bytes.
 * @param folder when given, the folder the file's real path must lie in.
 * @returns the file's bytes.
 * @throws WfdbError naming the file as {@link openRecordFile} does, or when it is longer than `maxBytes`.
 */
export function readRecordFile(path: string, what: string, maxBytes: number, folder?: string): Buffer {
  const file = openRecordFile(path, what, folder);
  try {
    if (file.sizeBytes > maxBytes) {
      throw new WfdbError(path, `${what} is ${file.sizeBytes} bytes long, more than the ${maxBytes} bytes such a file can need`);
    }
    const buf = Buffer.alloc(file.sizeBytes);
    let done = 0;
    while (done < buf.length) {
      const n = readSync(file.fd, buf, done, buf.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return buf.subarray(0, done);
  } catch (err) {
    if (err instanceof WfdbError) throw err;
    throw fileSystemError(path, err, what);
  } finally {
    closeSync(file.fd);
  }
}
