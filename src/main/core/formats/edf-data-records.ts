import { closeSync } from 'node:fs';
import type { EdfHeader } from './edf-header';
import { openForReading, readRange } from './file-range';

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
  const fd = openForReading(path, 'EDF file');
  try {
    for (let r = startRecord; r < endRecord; r += perChunk) {
      const n = Math.min(perChunk, endRecord - r);
      const length = n * recordBytes;
      const position = headerBytes + r * recordBytes;
      readRange(fd, path, buf, length, position, 'EDF file', (at) => `data record ${Math.floor((at - headerBytes) / recordBytes)}`);
      visit(buf.subarray(0, length), r, n);
    }
  } finally {
    closeSync(fd);
  }
}
