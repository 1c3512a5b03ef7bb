import { closeSync, openSync, readSync } from 'node:fs';
import { fileSystemError, WfdbError } from '../wfdb/errors';
import type { EdfHeader } from './edf-header';

/** Tunables of EDF data-record reading. */
export const EDF_READ_CONFIG = Object.freeze({
  /** Bytes read per chunk of whole data records (at least one record); bounds the temporary memory. */
  chunkBytes: 4 << 20,
});

/**
 * Calls `visit` on consecutive chunks of whole data records [startRecord, endRecord) of an EDF file, reading at most
 * about {@link EDF_READ_CONFIG}.chunkBytes at a time (one record when a record is larger).
 * @param header from `readEdfHeader` (its size checks guarantee the records exist).
 * @param startRecord first data record, 0-based.
 * @param endRecord record after the last one.
 * @param visit receives the chunk's bytes (valid only during the call) and the chunk's first record number.
 * @throws WfdbError naming the file when it cannot be opened or read, or ends early (changed since the header was read).
 */
export function forEachRecordChunk(
  header: EdfHeader,
  startRecord: number,
  endRecord: number,
  visit: (bytes: Uint8Array, firstRecord: number, nRecords: number) => void,
): void {
  if (endRecord <= startRecord) return;
  const { path, recordBytes, headerBytes } = header;
  const perChunk = Math.max(1, Math.floor(EDF_READ_CONFIG.chunkBytes / recordBytes));
  const buf = new Uint8Array(Math.min(perChunk, endRecord - startRecord) * recordBytes);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw fileSystemError(path, err, 'EDF file', 'open');
  }
  try {
    for (let r = startRecord; r < endRecord; r += perChunk) {
      const n = Math.min(perChunk, endRecord - r);
      const length = n * recordBytes;
      const position = headerBytes + r * recordBytes;
      let done = 0;
      while (done < length) {
        let got: number;
        try {
          got = readSync(fd, buf, done, length - done, position + done);
        } catch (err) {
          throw fileSystemError(path, err, 'EDF file');
        }
        if (got === 0) throw new WfdbError(path, `file ends at byte ${position + done}, inside data record ${r + Math.floor(done / recordBytes)}`);
        done += got;
      }
      visit(buf.subarray(0, length), r, n);
    }
  } finally {
    closeSync(fd);
  }
}
