import { openSync, readSync } from 'node:fs';
import { fileSystemError, WfdbError } from '../wfdb/errors';

/**
 * Opens a file for reading.
 * @param path the file.
 * @param what kind of file for the error, e.g. 'EDF file'.
 * @returns the file descriptor (the caller closes it).
 * @throws WfdbError naming the file when it cannot be opened (`… not found` when missing).
 */
export function openForReading(path: string, what: string): number {
  try {
    return openSync(path, 'r');
  } catch (err) {
    throw fileSystemError(path, err, what, 'open');
  }
}

/**
 * Reads exactly `length` bytes at `position` into `buf` (from its start).
 * @param fd open file.
 * @param path the file, for errors.
 * @param buf destination, at least `length` bytes.
 * @param length bytes to read.
 * @param position byte offset in the file.
 * @param what kind of file for the error, e.g. 'EDF file'.
 * @param inside names the part of the file that a byte offset lies in, for the error when the file ends early.
 * @throws WfdbError naming the file when the read fails or the file ends before `position + length`.
 */
export function readRange(
  fd: number,
  path: string,
  buf: Uint8Array,
  length: number,
  position: number,
  what: string,
  inside: (byteOffset: number) => string,
): void {
  let done = 0;
  while (done < length) {
    let n: number;
    try {
      n = readSync(fd, buf, done, length - done, position + done);
    } catch (err) {
      throw fileSystemError(path, err, what);
    }
    if (n === 0) throw new WfdbError(path, `file ends at byte ${position + done}, inside ${inside(position + done)}`);
    done += n;
  }
}
