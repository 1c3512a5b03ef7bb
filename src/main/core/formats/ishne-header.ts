import { closeSync, fstatSync } from 'node:fs';
import { WfdbError } from '../wfdb/errors';
import { crcCcitt } from './crc-ccitt';
import type { FieldSpec, FieldValues } from './field-spec';
import { decodeFields, sequentialOffsets, tableBytes } from './field-spec';
import { openForReading, readRange } from './file-range';

/**
 * The ISHNE Holter standard output file header (`.ecg`).
 *
 * Layout: magic `ISHNE1.0` (8 bytes), CRC (uint16, little-endian), the 512-byte fixed block
 * ({@link ISHNE_HEADER_FIELDS}), the variable-length block (free text), then the ECG: int16 little-endian samples,
 * interleaved by lead (sample 0 of every lead, then sample 1…). The CRC is CRC-CCITT (`crc-ccitt.ts`) over the fixed
 * and variable-length blocks, i.e. from byte 10 to the start of the ECG.
 *
 * Source: Badilini F. The ISHNE Holter Standard Output File Format. Ann Noninvasive Electrocardiol 1998;3:263–266.
 * doi:10.1111/j.1542-474X.1998.tb00353.x (tables 1–2: lead and quality codes; pacemaker codes).
 */

/** The magic number that starts an ISHNE ECG file. */
export const ISHNE_MAGIC = 'ISHNE1.0';
/** The magic number of an ISHNE annotation file (not an ECG). */
export const ISHNE_ANNOTATION_MAGIC = 'ANN  1.0';
/** Offset of the fixed block (after magic and CRC). */
export const ISHNE_FIXED_OFFSET = 10;
/** Highest number of leads the fixed block can describe. */
export const ISHNE_MAX_LEADS = 12;
/** Value of absent entries in per-lead arrays (lead spec, quality, resolution) and unknown dates. */
export const ISHNE_ABSENT = -9;

/** The fixed block, in file order (widths in bytes; binary values little-endian; text NUL-padded). */
export const ISHNE_HEADER_FIELDS = [
  { name: 'varBlockBytes', label: 'Var_length_block_size', width: 4, type: 'int32le', min: 0 },
  { name: 'nSamples', label: 'Sample_Size_ECG', width: 4, type: 'int32le', min: 0 },
  { name: 'varBlockOffset', label: 'Offset_var_length_block', width: 4, type: 'int32le', min: 522, max: 522 },
  { name: 'ecgOffset', label: 'Offset_ECG_block', width: 4, type: 'int32le', min: 522 },
  { name: 'fileVersion', label: 'File_Version', width: 2, type: 'int16le' },
  { name: 'firstName', label: 'First_Name', width: 40, type: 'latin1z' },
  { name: 'lastName', label: 'Last_Name', width: 40, type: 'latin1z' },
  { name: 'id', label: 'ID', width: 20, type: 'latin1z' },
  { name: 'sex', label: 'Sex', width: 2, type: 'int16le', min: 0, max: 2 },
  { name: 'race', label: 'Race', width: 2, type: 'int16le', min: 0, max: 9 },
  { name: 'birthDate', label: 'Birth_Date (day, month, year)', width: 2, count: 3, type: 'int16le', min: ISHNE_ABSENT },
  { name: 'recordDate', label: 'Record_Date (day, month, year)', width: 2, count: 3, type: 'int16le', min: ISHNE_ABSENT },
  { name: 'fileDate', label: 'File_Date (day, month, year)', width: 2, count: 3, type: 'int16le', min: ISHNE_ABSENT },
  { name: 'startTime', label: 'Start_Time (hour, minute, second)', width: 2, count: 3, type: 'int16le', min: ISHNE_ABSENT, max: 59 },
  { name: 'nLeads', label: 'nLeads', width: 2, type: 'int16le', min: 1, max: ISHNE_MAX_LEADS },
  { name: 'leadSpec', label: 'Lead_Spec', width: 2, count: 12, type: 'int16le', min: ISHNE_ABSENT, max: 19 },
  { name: 'leadQuality', label: 'Lead_Qual', width: 2, count: 12, type: 'int16le', min: ISHNE_ABSENT, max: 5 },
  { name: 'resolutionNv', label: 'Resolution (nV per ADC unit)', width: 2, count: 12, type: 'int16le', min: ISHNE_ABSENT },
  { name: 'pacemaker', label: 'Pacemaker', width: 2, type: 'int16le', min: 0, max: 5 },
  { name: 'recorder', label: 'Recorder', width: 40, type: 'latin1z' },
  { name: 'samplingRateHz', label: 'Sampling_Rate', width: 2, type: 'int16le', min: 1 },
  { name: 'proprietary', label: 'Proprietary', width: 80, type: 'latin1z' },
  { name: 'copyright', label: 'Copyright', width: 80, type: 'latin1z' },
  { name: 'reserved', label: 'Reserved', width: 88, type: 'latin1z' },
] as const satisfies readonly FieldSpec[];

/** Bytes before the variable-length block (magic + CRC + fixed block): 522. */
export const ISHNE_HEADER_BYTES = ISHNE_FIXED_OFFSET + tableBytes(ISHNE_HEADER_FIELDS);

/** The fixed block's values, one property per row of {@link ISHNE_HEADER_FIELDS}. */
export type IshneFixedBlock = FieldValues<typeof ISHNE_HEADER_FIELDS>;

/** Lead names of the Lead_Spec codes (Badilini 1998, table 1); 0 unknown, 1 generic bipolar. */
export const ISHNE_LEAD_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: 'unknown',
  1: 'generic bipolar',
  2: 'X',
  3: 'Y',
  4: 'Z',
  5: 'I',
  6: 'II',
  7: 'III',
  8: 'aVR',
  9: 'aVL',
  10: 'aVF',
  11: 'V1',
  12: 'V2',
  13: 'V3',
  14: 'V4',
  15: 'V5',
  16: 'V6',
  17: 'ES',
  18: 'AS',
  19: 'AI',
});

/** Meanings of the Pacemaker codes. */
export const ISHNE_PACEMAKER_CODES: Readonly<Record<number, string>> = Object.freeze({
  0: 'no pacemaker',
  1: 'pacemaker of unknown type',
  2: 'single chamber unipolar',
  3: 'dual chamber unipolar',
  4: 'single chamber bipolar',
  5: 'dual chamber bipolar',
});

/** A validated ISHNE header. */
export interface IshneHeader extends IshneFixedBlock {
  path: string;
  /** CRC stored in the file (equal to the computed one: the reader checks it). */
  crc: number;
  /** The variable-length block, as Latin-1 text. */
  variableBlock: string;
  /** Size of the file, in bytes. */
  fileBytes: number;
}

/** Bytes per ECG sample (int16). */
export const ISHNE_BYTES_PER_SAMPLE = 2;

function readExactly(fd: number, path: string, length: number, position: number): Uint8Array {
  const buf = new Uint8Array(length);
  readRange(fd, path, buf, length, position, 'ISHNE file', () => 'the header');
  return buf;
}

/**
 * Reads and validates the header of an ISHNE Holter `.ecg` file.
 *
 * Checks, in order: size ≥ 522 bytes, the magic number, every fixed-block field against
 * {@link ISHNE_HEADER_FIELDS}, the block offsets (variable block at 522, ECG at 522 + its size, inside the file),
 * the CRC, each of the nLeads leads (a lead code, a quality code, a resolution ≥ 1 nV), unused lead entries, and
 * that the file holds exactly nSamples × nLeads samples after the header. Nothing beyond the header is allocated.
 *
 * @param path the `.ecg` file.
 * @returns the header.
 * @throws WfdbError naming the file and the problem (unreadable, not ISHNE, an ISHNE annotation file, a field out
 *   of range, bad offsets, CRC mismatch with both values, or a size that does not match the sample count).
 */
export function readIshneHeader(path: string): IshneHeader {
  const fd = openForReading(path, 'ISHNE file');
  try {
    const fileBytes = fstatSync(fd).size;
    if (fileBytes < ISHNE_HEADER_BYTES)
      throw new WfdbError(path, `not an ISHNE file: ${fileBytes} bytes, shorter than the ${ISHNE_HEADER_BYTES}-byte header`);
    const head = readExactly(fd, path, ISHNE_HEADER_BYTES, 0);
    const magic = Buffer.from(head.subarray(0, 8)).toString('latin1');
    if (magic === ISHNE_ANNOTATION_MAGIC) throw new WfdbError(path, 'this is an ISHNE annotation file, not an ECG file');
    if (magic !== ISHNE_MAGIC)
      throw new WfdbError(path, `not an ISHNE file: magic number is ${JSON.stringify(magic)}, not "${ISHNE_MAGIC}"`);
    const crc = new DataView(head.buffer).getUint16(8, true);
    const fixed = decodeFields(head, ISHNE_HEADER_FIELDS, sequentialOffsets(ISHNE_HEADER_FIELDS, ISHNE_FIXED_OFFSET), path);
    if (fixed.ecgOffset !== ISHNE_HEADER_BYTES + fixed.varBlockBytes) {
      throw new WfdbError(
        path,
        `Offset_ECG_block is ${fixed.ecgOffset}, but a ${fixed.varBlockBytes}-byte variable block puts the ECG at ${ISHNE_HEADER_BYTES + fixed.varBlockBytes}`,
      );
    }
    if (fixed.ecgOffset > fileBytes)
      throw new WfdbError(path, `file too short: ${fileBytes} bytes, the header says the ECG starts at byte ${fixed.ecgOffset}`);
    const varBlock = readExactly(fd, path, fixed.varBlockBytes, ISHNE_HEADER_BYTES);
    const crcBytes = new Uint8Array(fixed.ecgOffset - ISHNE_FIXED_OFFSET);
    crcBytes.set(head.subarray(ISHNE_FIXED_OFFSET), 0);
    crcBytes.set(varBlock, ISHNE_HEADER_BYTES - ISHNE_FIXED_OFFSET);
    const computed = crcCcitt(crcBytes);
    if (computed !== crc)
      throw new WfdbError(
        path,
        `header CRC mismatch: the file says 0x${crc.toString(16).padStart(4, '0')}, the header bytes give 0x${computed.toString(16).padStart(4, '0')}`,
      );
    for (let lead = 0; lead < ISHNE_MAX_LEADS; lead++) {
      const spec = fixed.leadSpec[lead] as number;
      const quality = fixed.leadQuality[lead] as number;
      const resolution = fixed.resolutionNv[lead] as number;
      if (lead < fixed.nLeads) {
        if (spec < 0) throw new WfdbError(path, `lead ${lead}: Lead_Spec is ${spec}, but the header has ${fixed.nLeads} leads`);
        if (quality < 0) throw new WfdbError(path, `lead ${lead}: Lead_Qual is ${quality}, not a quality code 0–5`);
        if (resolution < 1) throw new WfdbError(path, `lead ${lead}: Resolution is ${resolution} nV, not a positive number`);
      }
    }
    const frameBytes = fixed.nLeads * ISHNE_BYTES_PER_SAMPLE;
    const dataBytes = fileBytes - fixed.ecgOffset;
    if (dataBytes !== fixed.nSamples * frameBytes) {
      throw new WfdbError(
        path,
        `file is ${fileBytes} bytes but the header (${fixed.nSamples} samples × ${fixed.nLeads} leads after byte ${fixed.ecgOffset}) needs ${fixed.ecgOffset + fixed.nSamples * frameBytes}` +
          (dataBytes < fixed.nSamples * frameBytes ? ' (truncated)' : ''),
      );
    }
    return { ...fixed, path, crc, variableBlock: Buffer.from(varBlock).toString('latin1'), fileBytes };
  } finally {
    closeSync(fd);
  }
}
