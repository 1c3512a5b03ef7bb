import type { MutationField } from './binary-mutations';
import { crcCcitt } from '../../src/main/core/formats/crc-ccitt';
import { EDF_HEADER_FIELDS, EDF_SIGNAL_FIELDS } from '../../src/main/core/formats/edf-header';
import { fieldBytes, sequentialOffsets } from '../../src/main/core/formats/field-spec';
import { ISHNE_FIXED_OFFSET, ISHNE_HEADER_BYTES, ISHNE_HEADER_FIELDS } from '../../src/main/core/formats/ishne-header';

/**
 * EDF header fields of a file with ns signals (annotation signals included), for targeted mutations.
 * @param ns the file's signal count.
 * @returns every fixed and per-signal field with its byte offset and width (Kemp 1992).
 */
export function edfFields(ns: number): MutationField[] {
  const fixed = sequentialOffsets(EDF_HEADER_FIELDS);
  const fields: MutationField[] = EDF_HEADER_FIELDS.map((f, i) => ({
    name: f.name,
    offset: fixed(i),
    width: f.width,
    kind: f.type === 'ascii' ? 'ascii-text' : 'ascii-number',
  }));
  const starts = sequentialOffsets(
    EDF_SIGNAL_FIELDS.map((f) => ({ ...f, width: f.width * ns })),
    256,
  );
  for (let s = 0; s < ns; s++) {
    EDF_SIGNAL_FIELDS.forEach((f, i) =>
      fields.push({
        name: `${f.name}[${s}]`,
        offset: starts(i) + s * f.width,
        width: f.width,
        kind: f.type === 'ascii' ? 'ascii-text' : 'ascii-number',
      }),
    );
  }
  return fields;
}

/** ISHNE fixed-block fields with their byte offsets, for targeted mutations (Badilini 1998). */
export const ISHNE_FIELDS: MutationField[] = (() => {
  const at = sequentialOffsets(ISHNE_HEADER_FIELDS, ISHNE_FIXED_OFFSET);
  return ISHNE_HEADER_FIELDS.map((f, i) => ({
    name: f.name,
    offset: at(i),
    width: fieldBytes(f),
    kind: f.type === 'latin1z' ? 'ascii-text' : 'binary',
  }));
})();

/**
 * Re-computes an ISHNE header CRC in place, so mutations reach the checks behind it.
 * @param bytes a (mutated) ISHNE file; shorter than the header: left as it is.
 */
export function fixIshneCrc(bytes: Uint8Array): void {
  if (bytes.length < ISHNE_HEADER_BYTES) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ecgOffset = view.getInt32(22, true);
  const end = ecgOffset >= ISHNE_HEADER_BYTES && ecgOffset <= bytes.length ? ecgOffset : ISHNE_HEADER_BYTES;
  view.setUint16(8, crcCcitt(bytes.subarray(ISHNE_FIXED_OFFSET, end)), true);
}
