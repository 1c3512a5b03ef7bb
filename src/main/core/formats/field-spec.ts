import { WfdbError } from '../wfdb/errors';

/**
 * How a fixed-width header field is stored.
 * - `ascii`: printable US-ASCII (bytes 32–126), space-padded; value trimmed (EDF, Kemp 1992 §2.1).
 * - `ascii-integer` / `ascii-decimal`: an `ascii` field holding a base-10 integer / decimal number.
 * - `latin1z`: NUL-terminated (or full-width) Latin-1 text; value trimmed (ISHNE `char[]` fields).
 * - `int16le` / `uint16le` / `int32le`: little-endian binary integers, `width` bytes each (ISHNE).
 */
export type FieldType = 'ascii' | 'ascii-integer' | 'ascii-decimal' | 'latin1z' | 'int16le' | 'uint16le' | 'int32le';

/**
 * One row of a format's header field-spec table: drives parsing, validation and (for ISHNE) writing.
 * Widths are in bytes; `min`/`max` bound numeric values (inclusive); `count` makes the field an array of
 * `count` consecutive binary values of `width` bytes each.
 */
export interface FieldSpec {
  /** Property name in the decoded object (camelCase). */
  readonly name: string;
  /** Name used in error messages, as the format's specification calls the field. */
  readonly label: string;
  /** Bytes per value. */
  readonly width: number;
  readonly type: FieldType;
  readonly min?: number;
  readonly max?: number;
  /** Number of values for an array field (binary types only). */
  readonly count?: number;
}

type ScalarOf<T extends FieldType> = T extends 'ascii' | 'latin1z' ? string : number;

/** The object {@link decodeFields} returns for a spec table: one property per row, typed from the row. */
export type FieldValues<S extends readonly FieldSpec[]> = {
  [F in S[number] as F['name']]: F extends { readonly count: number } ? number[] : ScalarOf<F['type']>;
};

const INTEGER_RE = /^[-+]?\d+$/;
const DECIMAL_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Bytes a field occupies (width × count). */
export function fieldBytes(spec: FieldSpec): number {
  return spec.width * (spec.count ?? 1);
}

/** Total bytes of a sequential table. */
export function tableBytes(specs: readonly FieldSpec[]): number {
  return specs.reduce((sum, s) => sum + fieldBytes(s), 0);
}

function asciiText(bytes: Uint8Array, offset: number, spec: FieldSpec, file: string, where: string): string {
  let text = '';
  for (let i = 0; i < spec.width; i++) {
    const b = bytes[offset + i] as number;
    if (b < 32 || b > 126) {
      throw new WfdbError(
        file,
        `${where}${spec.label} (bytes ${offset}–${offset + spec.width - 1}) has byte 0x${b.toString(16).padStart(2, '0')} at byte ${offset + i}, not printable ASCII`,
      );
    }
    text += String.fromCharCode(b);
  }
  return text.trim();
}

function checkRange(value: number, spec: FieldSpec, offset: number, file: string, where: string): number {
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    throw new WfdbError(
      file,
      `${where}${spec.label} (bytes ${offset}–${offset + fieldBytes(spec) - 1}) is ${value}, outside [${spec.min ?? '−∞'}, ${spec.max ?? '∞'}]`,
    );
  }
  return value;
}

function binaryValue(view: DataView, offset: number, type: FieldType): number {
  if (type === 'int16le') return view.getInt16(offset, true);
  if (type === 'uint16le') return view.getUint16(offset, true);
  return view.getInt32(offset, true);
}

/**
 * Decodes and validates one field.
 * @param bytes the header bytes; `offset + fieldBytes(spec)` must lie inside them.
 * @param offset byte offset of the field.
 * @param spec its row of the table.
 * @param file path named in errors.
 * @param where prefix naming the part of the header in errors (e.g. `signal 2 `), or ''.
 * @returns a string for text types, a number (or number[] when `count` is set) otherwise.
 * @throws WfdbError naming the file, field and byte range when the bytes are not printable ASCII (ascii types), not
 *   a number (ascii-integer/decimal), or outside [min, max].
 */
export function decodeField(bytes: Uint8Array, offset: number, spec: FieldSpec, file: string, where: string): string | number | number[] {
  if (offset < 0 || offset + fieldBytes(spec) > bytes.length) {
    throw new WfdbError(file, `${where}${spec.label} (bytes ${offset}–${offset + fieldBytes(spec) - 1}) lies past the end of the header`);
  }
  switch (spec.type) {
    case 'ascii':
      return asciiText(bytes, offset, spec, file, where);
    case 'ascii-integer':
    case 'ascii-decimal': {
      const text = asciiText(bytes, offset, spec, file, where);
      const re = spec.type === 'ascii-integer' ? INTEGER_RE : DECIMAL_RE;
      if (!re.test(text)) {
        const kind = spec.type === 'ascii-integer' ? 'an integer' : 'a number';
        throw new WfdbError(file, `${where}${spec.label} (bytes ${offset}–${offset + spec.width - 1}) is "${text}", not ${kind}`);
      }
      return checkRange(Number(text), spec, offset, file, where);
    }
    case 'latin1z': {
      const field = bytes.subarray(offset, offset + spec.width);
      const nul = field.indexOf(0);
      return Buffer.from(field.subarray(0, nul >= 0 ? nul : field.length))
        .toString('latin1')
        .trim();
    }
    default: {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (spec.count === undefined) return checkRange(binaryValue(view, offset, spec.type), spec, offset, file, where);
      const values: number[] = [];
      for (let i = 0; i < spec.count; i++) values.push(binaryValue(view, offset + i * spec.width, spec.type));
      values.forEach((v) => checkRange(v, spec, offset, file, where));
      return values;
    }
  }
}

/**
 * Encodes one field (the writer's half of {@link decodeField}): text left-justified and padded (spaces for ascii
 * types, NULs for latin1z), binary values little-endian.
 * @param bytes destination; `offset + fieldBytes(spec)` must lie inside it.
 * @param offset byte offset of the field.
 * @param spec its row of the table.
 * @param value a string for text types, a number (number[] of length `count` for array fields) otherwise.
 * @throws RangeError when the value does not fit the field (too long, not an integer, outside [min, max], not
 *   printable ASCII for ascii types, wrong array length).
 */
export function encodeField(bytes: Uint8Array, offset: number, spec: FieldSpec, value: string | number | readonly number[]): void {
  const fail = (why: string): never => {
    throw new RangeError(`${spec.label}: ${why}`);
  };
  if (typeof value === 'string') {
    if (spec.type !== 'ascii' && spec.type !== 'latin1z') fail('expects a number');
    if ([...value].some((ch) => ch.charCodeAt(0) > 0xff)) fail(`"${value}" is not Latin-1`);
    const encoded = Buffer.from(value, 'latin1');
    if (encoded.length > spec.width) fail(`"${value}" is longer than ${spec.width} bytes`);
    if (spec.type === 'ascii' && encoded.some((b) => b < 32 || b > 126)) fail(`"${value}" is not printable ASCII`);
    bytes.fill(spec.type === 'ascii' ? 32 : 0, offset, offset + spec.width);
    bytes.set(encoded, offset);
    return;
  }
  const values = typeof value === 'number' ? [value] : value;
  if ((spec.count ?? 1) !== values.length || (spec.count === undefined) !== (typeof value === 'number'))
    fail(`expects ${spec.count ?? 1} value(s)`);
  if (spec.type !== 'int16le' && spec.type !== 'uint16le' && spec.type !== 'int32le') fail('is a text field');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || (spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
      fail(`${v} is not an integer in [${spec.min ?? '−∞'}, ${spec.max ?? '∞'}]`);
    }
    const at = offset + i * spec.width;
    if (spec.type === 'int16le') view.setInt16(at, v, true);
    else if (spec.type === 'uint16le') view.setUint16(at, v, true);
    else view.setInt32(at, v, true);
  });
}

/**
 * Decodes a table of fields.
 * @param bytes the header bytes.
 * @param specs the table, in order.
 * @param offsetOf byte offset of row i (e.g. {@link sequentialOffsets} for fields stored one after the other).
 * @param file path named in errors.
 * @param where prefix naming the part of the header in errors, or ''.
 * @returns one property per row, typed from the table.
 * @throws WfdbError from {@link decodeField} for the first bad field.
 */
export function decodeFields<const S extends readonly FieldSpec[]>(
  bytes: Uint8Array,
  specs: S,
  offsetOf: (index: number) => number,
  file: string,
  where = '',
): FieldValues<S> {
  const out: Record<string, string | number | number[]> = {};
  specs.forEach((spec, i) => {
    out[spec.name] = decodeField(bytes, offsetOf(i), spec, file, where);
  });
  return out as FieldValues<S>;
}

/**
 * Byte offsets of a table whose fields follow one another.
 * @param specs the table.
 * @param start offset of the first field.
 * @returns offsetOf(i) for {@link decodeFields}.
 */
export function sequentialOffsets(specs: readonly FieldSpec[], start = 0): (index: number) => number {
  const offsets: number[] = [];
  let at = start;
  for (const s of specs) {
    offsets.push(at);
    at += fieldBytes(s);
  }
  return (i) => offsets[i] ?? at;
}
