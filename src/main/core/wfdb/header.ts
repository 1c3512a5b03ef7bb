import { WfdbError } from './errors';

/**
 * One signal specification line of a WFDB header.
 *
 * Field meanings and defaults follow the WFDB header specification
 * (https://physionet.org/physiotools/wag/header-5.htm) and WFDB 10.7 `readheader`.
 */
export interface SignalSpec {
  /** Signal file name, relative to the header's folder (`~` for a null signal). */
  fileName: string;
  /** WFDB storage format (8, 16, 61, 80, 160, 212, 310, 311, 24, 32, 0…). */
  format: number;
  /** Samples of this signal per frame (`formatxspf`); 1 when absent. */
  samplesPerFrame: number;
  /** Skew in frames (`format:skew`): the sample for frame t is stored in frame t + skew; 0 when absent. */
  skew: number;
  /** Bytes to skip at the start of the signal file (`format+offset`); 0 when absent. */
  byteOffset: number;
  /** ADC units per physical unit; a gain of 0 or a missing gain is WFDB's default 200. */
  gainAdcPerUnit: number;
  /** ADC value of 0 physical units (`gain(baseline)`); ADC zero when absent. */
  baselineAdc: number;
  /** Physical units (`gain/units`); 'mV' when absent. */
  units: string;
  /** ADC resolution in bits; when absent, WFDB's default for the format (8 for 80, 10 for 310/311, 12 for 212, 16 for 16/61/160, 24, 32; 12 otherwise). */
  adcResolutionBits: number;
  /** ADC value at the middle of the input range; 0 when absent. */
  adcZero: number;
  /** Value of the first sample (used by format 8 differences); ADC zero when absent. */
  initialValue: number;
  /** 16-bit checksum of all samples of the signal, or null when absent. */
  checksum: number | null;
  /** Block size in bytes for special files; 0 when absent. */
  blockSize: number;
  /** Signal description (rest of the line); `record R, signal i` when absent, as WFDB does. */
  description: string;
}

/** A parsed single-segment WFDB header (`.hea`). */
export interface WfdbHeader {
  recordName: string;
  nSignals: number;
  /** Sampling frequency per signal, in frames per second (Hz); 250 when absent. */
  fsHz: number;
  /** Counter frequency in Hz (`fs/counter`), or null when absent. */
  counterFreqHz: number | null;
  /** Frames per signal; 0 when absent (the reader then derives it from the signal file length). */
  nSamples: number;
  /** Base time as written (`hh:mm:ss[.sss]`), or null. */
  baseTime: string | null;
  /** Base date as written (`dd/mm/yyyy`), or null. */
  baseDate: string | null;
  signals: SignalSpec[];
  /** Comment lines, without the leading `#` and surrounding white space, in file order. */
  comments: string[];
}

/** WFDB's default ADC gain (adu per physical unit) for a gain of 0 / absent (`WFDB_DEFGAIN`). */
const DEFAULT_GAIN_ADC_PER_UNIT = 200;
/** WFDB's default sampling frequency in Hz (`WFDB_DEFFREQ`). */
const DEFAULT_FS_HZ = 250;

const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const INTEGER = '[-+]?\\d+';
const RECORD_NAME_RE = /^[A-Za-z0-9_.~-]+$/;
const FREQUENCY_RE = new RegExp(`^(${NUMBER})(?:/(${NUMBER})(?:\\((${NUMBER})\\))?)?$`);
const FORMAT_RE = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN_RE = new RegExp(`^(${NUMBER})(?:\\((${INTEGER})\\))?(?:/(\\S+))?$`);
const INTEGER_RE = new RegExp(`^${INTEGER}$`);
const TIME_RE = /^\d{1,2}(?::\d{1,2}){0,2}(?:\.\d+)?$/;
const DATE_RE = /^\d{1,2}\/\d{1,2}\/\d{1,4}$/;

function defaultAdcResolutionBits(format: number): number {
  switch (format) {
    case 80:
      return 8;
    case 310:
    case 311:
      return 10;
    case 16:
    case 61:
    case 160:
      return 16;
    case 24:
      return 24;
    case 32:
      return 32;
    default:
      return 12;
  }
}

/** Splits a line into its first `count` white-space separated fields and the remainder (trimmed). */
function splitFields(line: string, count: number): { fields: string[]; rest: string } {
  const fields: string[] = [];
  const re = /\S+/g;
  let end = 0;
  let m: RegExpExecArray | null;
  while (fields.length < count && (m = re.exec(line)) !== null) {
    fields.push(m[0]);
    end = re.lastIndex;
  }
  return { fields, rest: fields.length < count ? '' : line.slice(end).trim() };
}

function parseInteger(text: string, what: string, headerPath: string, lineNo: number): number {
  if (!INTEGER_RE.test(text)) {
    throw new WfdbError(headerPath, `line ${lineNo}: ${what} '${text}' is not an integer`);
  }
  return Number(text);
}

function parseRecordLine(line: string, headerPath: string, lineNo: number): Omit<WfdbHeader, 'signals' | 'comments'> {
  const { fields } = splitFields(line, 7);
  const [nameField, nSigField, fsField, nSampField, timeField, dateField, extra] = fields;
  if (nameField === undefined || nSigField === undefined) {
    throw new WfdbError(headerPath, `line ${lineNo}: record line needs at least a record name and a signal count`);
  }
  if (nameField.includes('/')) {
    throw new WfdbError(headerPath, `line ${lineNo}: multi-segment records ('${nameField}') are not supported`);
  }
  if (!RECORD_NAME_RE.test(nameField)) {
    throw new WfdbError(headerPath, `line ${lineNo}: '${nameField}' is not a valid record name`);
  }
  if (extra !== undefined) {
    throw new WfdbError(headerPath, `line ${lineNo}: unexpected field '${extra}' on the record line`);
  }
  const nSignals = parseInteger(nSigField, 'signal count', headerPath, lineNo);
  if (nSignals < 0) throw new WfdbError(headerPath, `line ${lineNo}: negative signal count ${nSignals}`);

  let fsHz = DEFAULT_FS_HZ;
  let counterFreqHz: number | null = null;
  if (fsField !== undefined) {
    const m = FREQUENCY_RE.exec(fsField);
    if (m?.[1] === undefined) {
      throw new WfdbError(headerPath, `line ${lineNo}: sampling frequency '${fsField}' is not a number`);
    }
    fsHz = Number(m[1]);
    if (!(fsHz > 0) || !Number.isFinite(fsHz)) {
      throw new WfdbError(headerPath, `line ${lineNo}: sampling frequency must be positive, got '${fsField}'`);
    }
    if (m[2] !== undefined) counterFreqHz = Number(m[2]);
  }
  const nSamples = nSampField === undefined ? 0 : parseInteger(nSampField, 'sample count', headerPath, lineNo);
  if (nSamples < 0) throw new WfdbError(headerPath, `line ${lineNo}: negative sample count ${nSamples}`);
  if (timeField !== undefined && !TIME_RE.test(timeField)) {
    throw new WfdbError(headerPath, `line ${lineNo}: base time '${timeField}' is not hh:mm:ss`);
  }
  if (dateField !== undefined && !DATE_RE.test(dateField)) {
    throw new WfdbError(headerPath, `line ${lineNo}: base date '${dateField}' is not dd/mm/yyyy`);
  }
  return {
    recordName: nameField,
    nSignals,
    fsHz,
    counterFreqHz,
    nSamples,
    baseTime: timeField ?? null,
    baseDate: dateField ?? null,
  };
}

function parseSignalLine(line: string, index: number, recordName: string, headerPath: string, lineNo: number): SignalSpec {
  const { fields, rest } = splitFields(line, 8);
  const [fileName, formatField, gainField, resField, zeroField, initField, checksumField, blockField] = fields;
  if (fileName === undefined || formatField === undefined) {
    throw new WfdbError(headerPath, `line ${lineNo}: signal ${index} needs at least a file name and a format`);
  }
  const fm = FORMAT_RE.exec(formatField);
  if (fm?.[1] === undefined) {
    throw new WfdbError(headerPath, `line ${lineNo}: signal ${index} format '${formatField}' is not format[xspf][:skew][+offset]`);
  }
  const format = Number(fm[1]);
  const samplesPerFrame = fm[2] === undefined ? 1 : Number(fm[2]);
  if (samplesPerFrame < 1) {
    throw new WfdbError(headerPath, `line ${lineNo}: signal ${index} has ${samplesPerFrame} samples per frame`);
  }

  let gainAdcPerUnit = DEFAULT_GAIN_ADC_PER_UNIT;
  let baselineText: string | undefined;
  let units = 'mV';
  if (gainField !== undefined) {
    const gm = GAIN_RE.exec(gainField);
    if (gm?.[1] === undefined) {
      throw new WfdbError(headerPath, `line ${lineNo}: signal ${index} gain '${gainField}' is not gain[(baseline)][/units]`);
    }
    const gain = Number(gm[1]);
    if (gain !== 0) gainAdcPerUnit = gain;
    baselineText = gm[2];
    if (gm[3] !== undefined) units = gm[3];
  }
  const adcResolutionBits =
    resField === undefined ? defaultAdcResolutionBits(format) : parseInteger(resField, 'ADC resolution', headerPath, lineNo);
  const adcZero = zeroField === undefined ? 0 : parseInteger(zeroField, 'ADC zero', headerPath, lineNo);
  const initialValue = initField === undefined ? adcZero : parseInteger(initField, 'initial value', headerPath, lineNo);
  const checksum = checksumField === undefined ? null : parseInteger(checksumField, 'checksum', headerPath, lineNo);
  const blockSize = blockField === undefined ? 0 : parseInteger(blockField, 'block size', headerPath, lineNo);
  return {
    fileName,
    format,
    samplesPerFrame,
    skew: fm[3] === undefined ? 0 : Number(fm[3]),
    byteOffset: fm[4] === undefined ? 0 : Number(fm[4]),
    gainAdcPerUnit,
    baselineAdc: baselineText === undefined ? adcZero : Number(baselineText),
    units,
    adcResolutionBits: adcResolutionBits === 0 ? defaultAdcResolutionBits(format) : adcResolutionBits,
    adcZero,
    initialValue,
    checksum,
    blockSize,
    description: rest === '' ? `record ${recordName}, signal ${index}` : rest,
  };
}

/**
 * Parses the text of a single-segment WFDB header file.
 *
 * Spec: https://physionet.org/physiotools/wag/header-5.htm — record line
 * `name nsig [fs[/counter[(base)]] [nsamp [time [date]]]]`, then one line per signal
 * `file format[xspf][:skew][+offset] [gain[(baseline)][/units] [adcres [adczero [initval [checksum [blocksize [description]]]]]]]`;
 * `#` lines are comments. Missing fields take the defaults documented on {@link SignalSpec} and {@link WfdbHeader}.
 *
 * @param text header file contents.
 * @param headerPath path used in error messages.
 * @returns the parsed header.
 * @throws WfdbError (naming headerPath) for an empty or malformed header, a multi-segment header, too few signal
 *   lines, or text after the last signal line that is not a comment.
 */
export function parseHeader(text: string, headerPath: string): WfdbHeader {
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  const signals: SignalSpec[] = [];
  let record: Omit<WfdbHeader, 'signals' | 'comments'> | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const lineNo = i + 1;
    if (line === '') continue;
    if (line.startsWith('#')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    if (record === null) {
      record = parseRecordLine(line, headerPath, lineNo);
    } else if (signals.length < record.nSignals) {
      signals.push(parseSignalLine(line, signals.length, record.recordName, headerPath, lineNo));
    } else {
      throw new WfdbError(headerPath, `line ${lineNo}: unexpected text after the ${record.nSignals} signal lines`);
    }
  }
  if (record === null) throw new WfdbError(headerPath, 'no record line (empty header)');
  if (signals.length < record.nSignals) {
    throw new WfdbError(headerPath, `record line announces ${record.nSignals} signals but only ${signals.length} signal lines follow`);
  }
  return { ...record, signals, comments };
}
