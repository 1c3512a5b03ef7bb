import { closeSync, fstatSync } from 'node:fs';
import { WfdbError } from '../wfdb/errors';
import { decodeFields, sequentialOffsets, tableBytes, type FieldSpec } from './field-spec';
import { openForReading, readRange } from './file-range';

/**
 * EDF and EDF+ headers.
 *
 * Sources: Kemp B, Värri A, Rosa AC, Nielsen KD, Gade J. A simple format for exchange of digitized polygraphic
 * recordings. Electroencephalogr Clin Neurophysiol 1992;82:391–393. doi:10.1016/0013-4694(92)90009-7.
 * Kemp B, Olivan J. European data format 'plus' (EDF+), an EDF alike standard format for the exchange of
 * physiological data. Clin Neurophysiol 2003;114:1755–1761. doi:10.1016/S1388-2457(03)00123-8.
 * Specification text: https://www.edfplus.info/specs/edf.html and https://www.edfplus.info/specs/edfplus.html.
 */

/** `EDF` (1992), `EDF+C` (continuous EDF+) or `EDF+D` (discontinuous EDF+: data records may have gaps between them). */
export type EdfFileType = 'EDF' | 'EDF+C' | 'EDF+D';

/** Label of an EDF+ annotation signal (its samples hold TALs, not a signal). */
export const EDF_ANNOTATIONS_LABEL = 'EDF Annotations';

/** The 256-byte fixed part of an EDF header, in file order (widths in bytes, all printable ASCII). */
export const EDF_HEADER_FIELDS = [
  { name: 'version', label: 'version', width: 8, type: 'ascii' },
  { name: 'patient', label: 'local patient identification', width: 80, type: 'ascii' },
  { name: 'recording', label: 'local recording identification', width: 80, type: 'ascii' },
  { name: 'startDate', label: 'startdate (dd.mm.yy)', width: 8, type: 'ascii' },
  { name: 'startTime', label: 'starttime (hh.mm.ss)', width: 8, type: 'ascii' },
  { name: 'headerBytes', label: 'number of bytes in header record', width: 8, type: 'ascii-integer', min: 512, max: 256 * 4097 },
  { name: 'reserved', label: 'reserved', width: 44, type: 'ascii' },
  { name: 'nDataRecords', label: 'number of data records', width: 8, type: 'ascii-integer', min: -1, max: 99_999_999 },
  { name: 'recordDurationS', label: 'duration of a data record, in seconds', width: 8, type: 'ascii-decimal', min: 0, max: 99_999_999 },
  { name: 'nSignals', label: 'number of signals (ns) in data record', width: 4, type: 'ascii-integer', min: 1, max: 4096 },
] as const satisfies readonly FieldSpec[];

/**
 * The per-signal part of an EDF header: each field is stored for all ns signals before the next field
 * (ns × label, then ns × transducer type, …), 256 bytes per signal in total.
 */
export const EDF_SIGNAL_FIELDS = [
  { name: 'label', label: 'label', width: 16, type: 'ascii' },
  { name: 'transducer', label: 'transducer type', width: 80, type: 'ascii' },
  { name: 'physicalDimension', label: 'physical dimension', width: 8, type: 'ascii' },
  { name: 'physicalMin', label: 'physical minimum', width: 8, type: 'ascii-decimal' },
  { name: 'physicalMax', label: 'physical maximum', width: 8, type: 'ascii-decimal' },
  { name: 'digitalMin', label: 'digital minimum', width: 8, type: 'ascii-integer', min: -32768, max: 32767 },
  { name: 'digitalMax', label: 'digital maximum', width: 8, type: 'ascii-integer', min: -32768, max: 32767 },
  { name: 'prefilter', label: 'prefiltering', width: 80, type: 'ascii' },
  { name: 'samplesPerRecord', label: 'nr of samples in each data record', width: 8, type: 'ascii-integer', min: 1, max: 99_999_999 },
  { name: 'reserved', label: 'reserved', width: 32, type: 'ascii' },
] as const satisfies readonly FieldSpec[];

const FIXED_HEADER_BYTES = tableBytes(EDF_HEADER_FIELDS);
const SIGNAL_HEADER_BYTES = tableBytes(EDF_SIGNAL_FIELDS);
/** Bytes per EDF sample (16-bit two's complement, little-endian). */
export const EDF_BYTES_PER_SAMPLE = 2;

/** One signal of an EDF file, as its header describes it. */
export interface EdfSignal {
  /** 0-based position among all signals of the file (annotation signals included). */
  index: number;
  label: string;
  transducer: string;
  /** Physical unit, e.g. `mV`, `uV`. */
  physicalDimension: string;
  /** Physical value of `digitalMin`. */
  physicalMin: number;
  /** Physical value of `digitalMax`. */
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefilter: string;
  /** Samples of this signal in each data record (rate = samplesPerRecord / recordDurationS, in Hz). */
  samplesPerRecord: number;
  /** True for an EDF+ `EDF Annotations` signal. */
  isAnnotation: boolean;
  /** Byte offset of this signal's samples inside a data record. */
  recordByteOffset: number;
}

/** Start of the recording as the header gives it (local clock time; EDF stores no time zone). */
export interface EdfStartDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A validated EDF/EDF+ header, with the file layout derived from it. */
export interface EdfHeader {
  path: string;
  fileType: EdfFileType;
  /** Local patient identification (EDF+: `code sex birthdate name additional…`). */
  patient: string;
  /** Local recording identification (EDF+: `Startdate dd-MMM-yyyy admincode technician equipment additional…`). */
  recording: string;
  start: EdfStartDateTime;
  headerBytes: number;
  /** Data records in the file (derived from the file size when the header says −1). */
  nDataRecords: number;
  /** Duration of one data record, in seconds. */
  recordDurationS: number;
  signals: EdfSignal[];
  /** Bytes per data record (2 × the sum of samplesPerRecord). */
  recordBytes: number;
  /** Size of the file, in bytes. */
  fileBytes: number;
  /** Deviations from the specification that the reader tolerated, in words. */
  warnings: string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function readAt(fd: number, path: string, length: number, position: number): Uint8Array {
  const buf = new Uint8Array(length);
  readRange(fd, path, buf, length, position, 'EDF file', () => 'the header');
  return buf;
}

function parseStart(
  startDate: string,
  startTime: string,
  recording: string,
  isPlus: boolean,
  path: string,
  warnings: string[],
): EdfStartDateTime {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(startDate);
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(startTime);
  if (d === null) throw new WfdbError(path, `startdate "${startDate}" is not dd.mm.yy`);
  if (t === null) throw new WfdbError(path, `starttime "${startTime}" is not hh.mm.ss`);
  const [day, month, yy] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (day < 1 || day > 31 || month < 1 || month > 12) throw new WfdbError(path, `startdate "${startDate}" is not a valid date`);
  if (hour > 23 || minute > 59 || second > 59) throw new WfdbError(path, `starttime "${startTime}" is not a valid time`);
  // EDF's 2-digit year: 85–99 are 1985–1999, 00–84 are 2000–2084 (edfplus.info, "clipping date").
  let year = yy >= 85 ? 1900 + yy : 2000 + yy;
  if (isPlus) {
    const m = /^Startdate (\d\d)-([A-Za-z]{3})-(\d{4})(?: |$)/.exec(recording);
    if (m !== null && Number(m[1]) === day && MONTHS.indexOf((m[2] ?? '').toUpperCase()) + 1 === month && Number(m[3]) % 100 === yy) {
      year = Number(m[3]);
    } else if (!recording.startsWith('Startdate X')) {
      warnings.push(`EDF+ recording field does not start with "Startdate dd-MMM-yyyy" matching startdate ${startDate}`);
    }
  }
  return { year, month, day, hour, minute, second };
}

/**
 * Reads and validates the header of an EDF or EDF+ file.
 *
 * Every field is checked against {@link EDF_HEADER_FIELDS} / {@link EDF_SIGNAL_FIELDS} (printable ASCII, numbers where
 * numbers belong, ranges), then against each other and the file: header bytes = 256 × (ns + 1), digital min < max,
 * physical min ≠ max, and the file size = header + records × record size. Nothing is allocated beyond the header
 * until the file is known to hold what the header claims.
 *
 * @param path the `.edf` file.
 * @returns the header; `warnings` lists tolerated deviations (e.g. an `EDF+C` file without an annotation signal, as
 *   biosig writes, is read as plain EDF).
 * @throws WfdbError naming the file and the problem: unreadable file, BDF (not supported), a field that is not
 *   printable ASCII / not a number / out of range, inconsistent fields, or a file size that does not match.
 */
export function readEdfHeader(path: string): EdfHeader {
  const fd = openForReading(path, 'EDF file');
  try {
    const fileBytes = fstatSync(fd).size;
    if (fileBytes < FIXED_HEADER_BYTES) throw new WfdbError(path, `not an EDF file: ${fileBytes} bytes, shorter than the 256-byte header`);
    const fixed = readAt(fd, path, FIXED_HEADER_BYTES, 0);
    if (fixed[0] === 0xff) throw new WfdbError(path, 'BDF (24-bit) files are not supported; only EDF and EDF+');
    const h = decodeFields(fixed, EDF_HEADER_FIELDS, sequentialOffsets(EDF_HEADER_FIELDS), path);
    if (h.version !== '0') throw new WfdbError(path, `not an EDF file: version field is "${h.version}", not "0"`);
    const ns = h.nSignals;
    if (h.headerBytes !== FIXED_HEADER_BYTES + ns * SIGNAL_HEADER_BYTES) {
      throw new WfdbError(
        path,
        `header says ${h.headerBytes} header bytes, but ${ns} signals need ${FIXED_HEADER_BYTES + ns * SIGNAL_HEADER_BYTES}`,
      );
    }
    if (h.headerBytes > fileBytes) throw new WfdbError(path, `file too short: ${fileBytes} bytes, the header alone needs ${h.headerBytes}`);
    const warnings: string[] = [];
    const plus = /^EDF\+([CD])(?: |$)/.exec(h.reserved);
    let fileType: EdfFileType = plus === null ? 'EDF' : plus[1] === 'D' ? 'EDF+D' : 'EDF+C';

    const signalBytes = readAt(fd, path, h.headerBytes - FIXED_HEADER_BYTES, FIXED_HEADER_BYTES);
    const fieldStarts = sequentialOffsets(EDF_SIGNAL_FIELDS.map((f) => ({ ...f, width: f.width * ns })));
    const signals: EdfSignal[] = [];
    let recordSamples = 0;
    for (let s = 0; s < ns; s++) {
      const v = decodeFields(
        signalBytes,
        EDF_SIGNAL_FIELDS,
        (i) => fieldStarts(i) + s * (EDF_SIGNAL_FIELDS[i]?.width ?? 0),
        path,
        `signal ${s} `,
      );
      if (v.digitalMin >= v.digitalMax)
        throw new WfdbError(path, `signal ${s} (${v.label}): digital minimum ${v.digitalMin} is not below digital maximum ${v.digitalMax}`);
      if (v.physicalMin === v.physicalMax)
        throw new WfdbError(path, `signal ${s} (${v.label}): physical minimum equals physical maximum (${v.physicalMin})`);
      signals.push({
        index: s,
        label: v.label,
        transducer: v.transducer,
        physicalDimension: v.physicalDimension,
        physicalMin: v.physicalMin,
        physicalMax: v.physicalMax,
        digitalMin: v.digitalMin,
        digitalMax: v.digitalMax,
        prefilter: v.prefilter,
        samplesPerRecord: v.samplesPerRecord,
        isAnnotation: fileType !== 'EDF' && v.label === EDF_ANNOTATIONS_LABEL,
        recordByteOffset: recordSamples * EDF_BYTES_PER_SAMPLE,
      });
      recordSamples += v.samplesPerRecord;
    }
    const recordBytes = recordSamples * EDF_BYTES_PER_SAMPLE;
    if (fileType !== 'EDF' && !signals.some((s) => s.isAnnotation)) {
      if (fileType === 'EDF+D')
        throw new WfdbError(path, 'EDF+D file has no "EDF Annotations" signal, so its data records cannot be placed in time');
      warnings.push(`reserved field says ${fileType} but there is no "EDF Annotations" signal; read as plain EDF`);
      fileType = 'EDF';
    }
    if (h.recordDurationS === 0 && signals.some((s) => !s.isAnnotation)) {
      throw new WfdbError(path, 'duration of a data record is 0, which EDF+ allows only for files without ordinary signals');
    }

    const dataBytes = fileBytes - h.headerBytes;
    let nDataRecords = h.nDataRecords;
    if (nDataRecords === -1) {
      nDataRecords = Math.floor(dataBytes / recordBytes);
      warnings.push(`number of data records is −1 (recording not closed); ${nDataRecords} complete records found in the file`);
    } else if (dataBytes !== nDataRecords * recordBytes) {
      const need = h.headerBytes + nDataRecords * recordBytes;
      throw new WfdbError(
        path,
        `file is ${fileBytes} bytes but the header (${nDataRecords} data records of ${recordBytes} bytes after a ${h.headerBytes}-byte header) needs ${need}` +
          (dataBytes < nDataRecords * recordBytes ? ' (truncated)' : ''),
      );
    }
    return {
      path,
      fileType,
      patient: h.patient,
      recording: h.recording,
      start: parseStart(h.startDate, h.startTime, h.recording, fileType !== 'EDF', path, warnings),
      headerBytes: h.headerBytes,
      nDataRecords,
      recordDurationS: h.recordDurationS,
      signals,
      recordBytes,
      fileBytes,
      warnings,
    };
  } finally {
    closeSync(fd);
  }
}
