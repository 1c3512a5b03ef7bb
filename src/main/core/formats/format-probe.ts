import { closeSync, fstatSync } from 'node:fs';
import { extname } from 'node:path';
import { openForReading, readRange } from './file-range';
import { ISHNE_ANNOTATION_MAGIC, ISHNE_MAGIC } from './ishne-header';

/**
 * Which reader a file needs: `wfdb` (`readRecord` on a `.hea`), `edf` (`readEdfRecord`: EDF, EDF+C, EDF+D),
 * `ishne` (`readIshneRecord`), or one of the recognised formats no reader supports yet (`bdf`,
 * `ishne-annotations`), or `unknown`.
 */
export type ProbedFormat = 'wfdb' | 'edf' | 'bdf' | 'ishne' | 'ishne-annotations' | 'unknown';

/**
 * Identifies a signal file from its first bytes (the extension only for WFDB headers, which are text with no
 * magic number).
 *
 * EDF starts with the version field `0` + 7 spaces (Kemp 1992); BDF with byte 0xFF + `BIOSEMI`; ISHNE ECG with
 * `ISHNE1.0`, ISHNE annotations with `ANN  1.0` (Badilini 1998).
 * @param path the file.
 * @returns the format; `unknown` when nothing matches (including files shorter than 8 bytes).
 * @throws WfdbError naming the file when it cannot be opened or read.
 */
export function probeFormat(path: string): ProbedFormat {
  if (extname(path).toLowerCase() === '.hea') return 'wfdb';
  const fd = openForReading(path, 'file');
  try {
    if (fstatSync(fd).size < 8) return 'unknown';
    const head = new Uint8Array(8);
    readRange(fd, path, head, 8, 0, 'file', () => 'the first 8 bytes');
    const text = Buffer.from(head).toString('latin1');
    if (text === '0       ') return 'edf';
    if (head[0] === 0xff && text.slice(1) === 'BIOSEMI') return 'bdf';
    if (text === ISHNE_MAGIC) return 'ishne';
    if (text === ISHNE_ANNOTATION_MAGIC) return 'ishne-annotations';
    return 'unknown';
  } finally {
    closeSync(fd);
  }
}
