import { WfdbError } from './errors';
import { HEADER_FIELDS, printableField, readField, type FieldContext, type HeaderFieldName } from './header-fields';

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
  /**
   * Values that are allowed but unusual (outside a field's `usual` range in {@link HEADER_FIELDS}), one message per
   * value (`line N: signal S ADC gain … is unusual …`), for the import to show; empty for ordinary headers.
   */
  warnings: string[];
}

const RECORD_NAME_RE = /^[A-Za-z0-9_.~-]+$/;
/** Composite fields: each capture is one field of {@link HEADER_FIELDS}, read by {@link readField}. */
const FREQUENCY_RE = /^([^/]+)(?:\/([^(]+)(?:\((.+)\))?)?$/;
const FORMAT_RE = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN_RE = /^([^(/]+)(?:\(([^)]*)\))?(?:\/(\S+))?$/;
const TIME_RE = /^\d{1,2}(?::\d{1,2}){0,2}(?:\.\d+)?$/;
const DATE_RE = /^\d{1,2}\/\d{1,2}\/\d{1,4}$/;
/** Printable ASCII units name (`mV`, `uV`, `mmHg`…). */
const UNITS_RE = /^[\x21-\x7e]{1,20}$/;

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

/** Reads fields of one header line through the field table, collecting warnings and naming the file on error. */
class LineReader {
  constructor(
    private readonly headerPath: string,
    private readonly where: string,
    private readonly warnings: string[],
  ) {}

  fail(problem: string): never {
    throw new WfdbError(this.headerPath, `${this.where} ${problem}`);
  }

  /** The field's value; its default when absent (see {@link readField}). */
  value(name: HeaderFieldName, text: string | undefined, context?: FieldContext): number | null {
    let field;
    try {
      field = readField(name, text, this.where, context);
    } catch (err) {
      throw new WfdbError(this.headerPath, (err as Error).message);
    }
    if (field.warning !== null) this.warnings.push(field.warning);
    return field.value;
  }

  /** Like {@link value} for a field whose absence has a numeric default. */
  number(name: HeaderFieldName, text: string | undefined, context?: FieldContext): number {
    return this.value(name, text, context) ?? this.fail(`${HEADER_FIELDS[name].label} is missing`);
  }
}

function parseRecordLine(
  line: string,
  headerPath: string,
  lineNo: number,
  warnings: string[],
): Omit<WfdbHeader, 'signals' | 'comments' | 'warnings'> {
  const { fields } = splitFields(line, 7);
  const [nameField, nSigField, fsField, nSampField, timeField, dateField, extra] = fields;
  const reader: LineReader = new LineReader(headerPath, `line ${lineNo}:`, warnings);
  if (nameField === undefined || nSigField === undefined) reader.fail('record line needs at least a record name and a signal count');
  if (nameField.includes('/')) reader.fail(`multi-segment records ('${nameField}') are not supported`);
  if (!RECORD_NAME_RE.test(nameField)) reader.fail(`'${printableField(nameField)}' is not a valid record name`);
  if (extra !== undefined) reader.fail(`unexpected field '${printableField(extra)}' on the record line`);
  const nSignals = reader.number('nSignals', nSigField);

  let fsHz = reader.number('fsHz', undefined);
  let counterFreqHz: number | null = null;
  if (fsField !== undefined) {
    const m = FREQUENCY_RE.exec(fsField);
    if (m?.[1] === undefined) reader.fail(`sampling frequency '${printableField(fsField)}' is not fs[/counter[(base)]]`);
    fsHz = reader.number('fsHz', m[1]);
    counterFreqHz = reader.value('counterFreqHz', m[2]);
    reader.value('baseCounter', m[3]);
  }
  if (timeField !== undefined && !TIME_RE.test(timeField)) reader.fail(`base time '${printableField(timeField)}' is not hh:mm:ss`);
  if (dateField !== undefined && !DATE_RE.test(dateField)) reader.fail(`base date '${printableField(dateField)}' is not dd/mm/yyyy`);
  return {
    recordName: nameField,
    nSignals,
    fsHz,
    counterFreqHz,
    nSamples: reader.number('nSamples', nSampField),
    baseTime: timeField ?? null,
    baseDate: dateField ?? null,
  };
}

function parseSignalLine(
  line: string,
  index: number,
  recordName: string,
  headerPath: string,
  lineNo: number,
  warnings: string[],
): SignalSpec {
  const { fields, rest } = splitFields(line, 8);
  const [fileName, formatField, gainField, resField, zeroField, initField, checksumField, blockField] = fields;
  const reader: LineReader = new LineReader(headerPath, `line ${lineNo}: signal ${index}`, warnings);
  if (fileName === undefined || formatField === undefined) reader.fail('needs at least a file name and a format');
  const fm = FORMAT_RE.exec(formatField);
  if (fm?.[1] === undefined) reader.fail(`format '${printableField(formatField)}' is not format[xspf][:skew][+offset]`);
  const format = reader.number('format', fm[1]);

  let gainText: string | undefined;
  let baselineText: string | undefined;
  let units = 'mV';
  if (gainField !== undefined) {
    const gm = GAIN_RE.exec(gainField);
    if (gm?.[1] === undefined) reader.fail(`gain '${printableField(gainField)}' is not gain[(baseline)][/units]`);
    [gainText, baselineText] = [gm[1], gm[2]];
    if (gm[3] !== undefined) {
      if (!UNITS_RE.test(gm[3])) reader.fail(`units '${printableField(gm[3])}' are not a short printable name like mV`);
      units = gm[3];
    }
  }
  const adcZero = reader.number('adcZero', zeroField);
  const adcResolutionBits = reader.number('adcResolution', resField, { format });
  const baselineAdc = reader.number('baseline', baselineText, { adcZero });
  if (Math.abs(baselineAdc - adcZero) > 2 ** adcResolutionBits) {
    warnings.push(
      `line ${lineNo}: signal ${index} baseline ${baselineAdc} lies outside the ${adcResolutionBits}-bit ADC range around ADC zero ${adcZero}`,
    );
  }
  return {
    fileName,
    format,
    samplesPerFrame: reader.number('samplesPerFrame', fm[2]),
    skew: reader.number('skew', fm[3]),
    byteOffset: reader.number('byteOffset', fm[4]),
    gainAdcPerUnit: reader.number('gain', gainText),
    baselineAdc,
    units,
    adcResolutionBits,
    adcZero,
    initialValue: reader.number('initialValue', initField, { adcZero }),
    checksum: reader.value('checksum', checksumField),
    blockSize: reader.number('blockSize', blockField),
    description: rest === '' ? `record ${recordName}, signal ${index}` : rest,
  };
}

/**
 * Parses the text of a single-segment WFDB header file.
 *
 * Spec: https://physionet.org/physiotools/wag/header-5.htm — record line
 * `name nsig [fs[/counter[(base)]] [nsamp [time [date]]]]`, then one line per signal
 * `file format[xspf][:skew][+offset] [gain[(baseline)][/units] [adcres [adczero [initval [checksum [blocksize [description]]]]]]]`;
 * `#` lines are comments. Every numeric field is read, defaulted and range-checked through the one field table
 * {@link HEADER_FIELDS}: a value outside a field's allowed range is rejected naming the line, the signal and the WFDB
 * field; an allowed but unusual value adds a message to `warnings`.
 *
 * @param text header file contents.
 * @param headerPath path used in error messages.
 * @returns the parsed header.
 * @throws WfdbError (naming headerPath) for an empty or malformed header, an impossible field value, a multi-segment
 *   header, too few signal lines, or text after the last signal line that is not a comment.
 */
export function parseHeader(text: string, headerPath: string): WfdbHeader {
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  const signals: SignalSpec[] = [];
  const warnings: string[] = [];
  let record: Omit<WfdbHeader, 'signals' | 'comments' | 'warnings'> | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const lineNo = i + 1;
    if (line === '') continue;
    if (line.startsWith('#')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    if (record === null) {
      record = parseRecordLine(line, headerPath, lineNo, warnings);
    } else if (signals.length < record.nSignals) {
      signals.push(parseSignalLine(line, signals.length, record.recordName, headerPath, lineNo, warnings));
    } else {
      throw new WfdbError(headerPath, `line ${lineNo}: unexpected text after the ${record.nSignals} signal lines`);
    }
  }
  if (record === null) throw new WfdbError(headerPath, 'no record line (empty header)');
  if (signals.length < record.nSignals) {
    throw new WfdbError(headerPath, `record line announces ${record.nSignals} signals but only ${signals.length} signal lines follow`);
  }
  return { ...record, signals, comments, warnings };
}
