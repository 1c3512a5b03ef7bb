import { closeSync, readFileSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { fileSystemError, WfdbError } from '../wfdb/errors';
import { openRecordFile, type OpenRecordFile } from '../wfdb/record-file';

/**
 * PhysioNet/Computing in Cardiology Challenge 2017 records (AF classification from a short single-lead ECG).
 *
 * Each record is `A00001.hea` + `A00001.mat`; the `.mat` is a MATLAB v4 file holding an int16 row vector `val`, and
 * the header reads it as WFDB format 16 with a 24-byte prolog (`A00001.mat 16+24 1000/mV 16 0 …`, 300 Hz), so
 * `readRecord` reads the signal. This module validates `.mat` files and reads the label file.
 *
 * Source: Clifford GD, Liu C, Moody B, et al. AF classification from a short single lead ECG recording: the
 * PhysioNet/Computing in Cardiology Challenge 2017. Computing in Cardiology 44, 2017. doi:10.22489/CinC.2017.065-469
 */

/** Element arrays a MATLAB v4 matrix can hold, by its precision digit P. */
export type MatV4Data = Float64Array | Float32Array | Int32Array | Int16Array | Uint16Array | Uint8Array;

/** First matrix of a MATLAB v4 file. */
export interface MatV4Matrix {
  /** Variable name (e.g. 'val'). */
  name: string;
  rows: number;
  cols: number;
  /** Elements in MATLAB's column-major order (element (r, c) at index c × rows + r). */
  data: MatV4Data;
  /** Byte offset of the first element in the file (20-byte header + name), e.g. 24 for `val`. */
  dataByteOffset: number;
  /** The type word MOPT (M machine, O 0, P precision, T matrix type). */
  typeCode: number;
}

/** The Challenge 2017 rhythm classes: N normal, A atrial fibrillation, O other rhythm, ~ too noisy. */
export type Challenge2017Label = 'N' | 'A' | 'O' | '~';

const MAT_V4 = Object.freeze({
  headerBytes: 20,
  /** Sanity bound on the name length field. */
  maxNameBytes: 4096,
});

/** Bytes per element and typed-array constructor of each precision digit P of MOPT. */
const PRECISIONS: readonly { bytes: number; make: (n: number) => MatV4Data; get: (v: DataView, o: number, le: boolean) => number }[] = [
  { bytes: 8, make: (n) => new Float64Array(n), get: (v, o, le) => v.getFloat64(o, le) },
  { bytes: 4, make: (n) => new Float32Array(n), get: (v, o, le) => v.getFloat32(o, le) },
  { bytes: 4, make: (n) => new Int32Array(n), get: (v, o, le) => v.getInt32(o, le) },
  { bytes: 2, make: (n) => new Int16Array(n), get: (v, o, le) => v.getInt16(o, le) },
  { bytes: 2, make: (n) => new Uint16Array(n), get: (v, o, le) => v.getUint16(o, le) },
  { bytes: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) },
];

/** Where and how the first matrix of a MATLAB v4 file is stored, read from its header alone. */
export interface MatV4Layout {
  /** Variable name (e.g. 'val'). */
  name: string;
  rows: number;
  cols: number;
  /** Byte offset of the first element in the file (20-byte header + name), e.g. 24 for `val`. */
  dataByteOffset: number;
  /** The type word MOPT (M machine, O 0, P precision, T matrix type). */
  typeCode: number;
  /** Precision digit P: 0 double, 1 single, 2 int32, 3 int16, 4 uint16, 5 uint8. */
  precision: number;
  /** Bytes per element. */
  elementBytes: number;
  littleEndian: boolean;
}

function readAt(file: OpenRecordFile, length: number, position: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  try {
    while (done < length) {
      const n = readSync(file.fd, buf, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
  } catch (err) {
    throw fileSystemError(file.path, err, 'MAT file');
  }
  return buf.subarray(0, done);
}

/**
 * Reads and checks the header of a MATLAB v4 (Level 4) MAT-file, reading only its first 20 bytes and the name.
 *
 * Layout (MATLAB "MAT-File Format", Level 4): five int32 (type MOPT, mrows, ncols, imagf, namlen), the
 * NUL-terminated name (namlen bytes), then mrows × ncols elements, column-major. Supported: M = 0 (little-endian)
 * or 1 (big-endian), O = 0, P = 0..5 (double, single, int32, int16, uint16, uint8), T = 0 (full numeric), real only.
 * The machine digit is recognised from either byte order of the type word.
 *
 * @param file the open `.mat` file (from `openRecordFile`).
 * @returns the matrix layout.
 * @throws WfdbError naming the file when it is not a MAT v4 file this reader supports, or is shorter than the matrix
 *   its header announces.
 */
export function readMatV4Layout(file: OpenRecordFile): MatV4Layout {
  const { path, sizeBytes } = file;
  const head = readAt(file, MAT_V4.headerBytes, 0);
  if (head.length < MAT_V4.headerBytes)
    throw new WfdbError(path, `not a MATLAB v4 file: ${sizeBytes} bytes, shorter than the 20-byte header`);
  const typeLe = head.readInt32LE(0);
  const littleEndian = typeLe >= 0 && typeLe < 1000;
  const typeCode = littleEndian ? typeLe : head.readInt32BE(0);
  const machine = Math.floor(typeCode / 1000);
  const order = Math.floor(typeCode / 100) % 10;
  const precision = Math.floor(typeCode / 10) % 10;
  const matrixType = typeCode % 10;
  if (typeCode < 0 || typeCode > 9999 || (littleEndian ? machine !== 0 : machine !== 1) || order !== 0) {
    throw new WfdbError(path, `not a MATLAB v4 file this reader supports (type word ${typeLe})`);
  }
  const spec = PRECISIONS[precision];
  if (spec === undefined || matrixType !== 0) {
    throw new WfdbError(path, `MATLAB v4 matrix type ${typeCode} is not a full numeric matrix of a supported precision`);
  }
  const int = (offset: number): number => (littleEndian ? head.readInt32LE(offset) : head.readInt32BE(offset));
  const [rows, cols, imagf, nameLength] = [int(4), int(8), int(12), int(16)];
  if (rows < 0 || cols < 0 || (imagf !== 0 && imagf !== 1) || nameLength < 1 || nameLength > MAT_V4.maxNameBytes) {
    throw new WfdbError(path, `corrupt MATLAB v4 header (rows ${rows}, cols ${cols}, imagf ${imagf}, name length ${nameLength})`);
  }
  if (imagf === 1) throw new WfdbError(path, 'complex MATLAB v4 matrices are not supported');
  const dataByteOffset = MAT_V4.headerBytes + nameLength;
  const need = dataByteOffset + rows * cols * spec.bytes;
  if (sizeBytes < need) {
    throw new WfdbError(path, `MATLAB v4 file too short: ${sizeBytes} bytes, the ${rows}×${cols} matrix needs ${need}`);
  }
  const nameBytes = readAt(file, nameLength, MAT_V4.headerBytes);
  const nameEnd = nameBytes.indexOf(0);
  const name = nameBytes.toString('latin1', 0, nameEnd >= 0 ? nameEnd : nameBytes.length);
  return { name, rows, cols, dataByteOffset, typeCode, precision, elementBytes: spec.bytes, littleEndian };
}

/**
 * Reads the first matrix of a MATLAB v4 (Level 4) MAT-file (layout and support as in {@link readMatV4Layout});
 * reads no byte past the matrix.
 *
 * @param path `.mat` file path.
 * @returns the first matrix.
 * @throws WfdbError naming the file when it cannot be read, is not a regular file, is not a MAT v4 file this reader
 *   supports, or is too short for the matrix its header announces.
 */
export function readMatV4(path: string): MatV4Matrix {
  const file = openRecordFile(path, 'MAT file');
  try {
    const layout = readMatV4Layout(file);
    const spec = PRECISIONS[layout.precision] as (typeof PRECISIONS)[number];
    const count = layout.rows * layout.cols;
    const bytes = readAt(file, count * spec.bytes, layout.dataByteOffset);
    const data = spec.make(count);
    if (layout.littleEndian === (endianness() === 'LE')) {
      new Uint8Array(data.buffer).set(bytes);
    } else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0, o = 0; i < count; i++, o += spec.bytes) data[i] = spec.get(view, o, layout.littleEndian);
    }
    const { name, rows, cols, dataByteOffset, typeCode } = layout;
    return { name, rows, cols, data, dataByteOffset, typeCode };
  } finally {
    closeSync(file.fd);
  }
}

const LABELS: ReadonlySet<string> = new Set<Challenge2017Label>(['N', 'A', 'O', '~']);

/**
 * Reads a Challenge 2017 label file (`REFERENCE.csv`: one `record,label` line per record).
 * @param referenceCsvPath path of the CSV file.
 * @returns map from record name (e.g. 'A00001') to its label, in file order.
 * @throws WfdbError naming the file (and line) when it cannot be read, a line is malformed, a label is not one of
 *   N, A, O, ~, or a record appears twice.
 */
export function readChallenge2017Labels(referenceCsvPath: string): Map<string, Challenge2017Label> {
  let text: string;
  try {
    text = readFileSync(referenceCsvPath, 'utf8');
  } catch (err) {
    throw fileSystemError(referenceCsvPath, err, 'label file');
  }
  const labels = new Map<string, Challenge2017Label>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const m = /^([A-Za-z0-9_]+)\s*,\s*(\S+)$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined)
      throw new WfdbError(referenceCsvPath, `line ${i + 1}: expected 'record,label', got '${line}'`);
    if (!LABELS.has(m[2])) throw new WfdbError(referenceCsvPath, `line ${i + 1}: label '${m[2]}' is not one of N, A, O, ~`);
    if (labels.has(m[1])) throw new WfdbError(referenceCsvPath, `line ${i + 1}: record ${m[1]} is labelled twice`);
    labels.set(m[1], m[2] as Challenge2017Label);
  });
  return labels;
}
