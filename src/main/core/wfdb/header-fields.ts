/**
 * The one table of WFDB header fields: each field's WFDB name, words for a technician, type, unit, default and the
 * ranges this workstation accepts. The header parser (`header.ts`) reads every value through {@link readField}, so
 * parsing, validation and error/warning messages all come from this table (the way wfdb-python's `_header.py`
 * describes the header once in `RECORD_SPECS` / `SIGNAL_SPECS`).
 *
 * Field names and defaults: https://physionet.org/physiotools/wag/header-5.htm and WFDB 10.7 `readheader`.
 * `allowed` is what an ECG recording this workstation analyses can be; a value outside it is rejected with the
 * field named. `usual` (optional) is what real ECG recorders write; a value outside it is accepted with a warning.
 * Text fields (record and file names, units, description) have fixed syntax and are checked in `header.ts`.
 */

/** Value types of header fields. */
export type FieldType = 'integer' | 'number';

/** Description of one numeric header field. */
export interface FieldSpec {
  /** WFDB (wfdb-python) field name, e.g. `adc_gain`. */
  wfdbName: string;
  /** What the field is, in words a technician reads in an error message. */
  label: string;
  type: FieldType;
  /** Unit of the value, or null when it has none (counts, ADC units are named in the label). */
  unit: string | null;
  /** Closed range [min, max] a value must lie in; outside it the header is rejected. */
  allowed: readonly [number, number];
  /** Closed range [min, max] of ordinary values; outside it (but allowed) the header gets a warning. */
  usual?: readonly [number, number];
  /**
   * Value when the field is absent: a number, or the WFDB field it is taken from (`adc_zero` for baseline and
   * initial value; `fmt` for the ADC resolution, via the format's default), or null when absent means "none".
   */
  default: number | 'adc_zero' | 'fmt' | null;
  /** True when a written 0 also means "use the default" (WFDB's uncalibrated gain 0, ADC resolution 0). */
  zeroMeansDefault?: true;
}

/**
 * Hard limits on what a header may claim, so that every claim is checked before anything is allocated.
 * A 14-day, 2-lead recording at 1000 Hz (1,209,600,000 frames) is within them.
 */
export const HEADER_LIMITS = Object.freeze({
  /** Most signals in one record (12-lead Holter plus auxiliary channels fit comfortably). */
  maxSignals: 64,
  /** Most frames in one record: 2^31 − 1 (24.8 days at 1000 Hz). */
  maxFrames: 2 ** 31 - 1,
  /** Most samples of one signal per frame (WFDB multi-frequency records use a few; 64 is far above any ECG use). */
  maxSamplesPerFrame: 64,
  /** Largest header file read, in bytes (real headers are under a few kB; long comment blocks stay far below). */
  maxHeaderBytes: 1 << 20,
});

const INT32: readonly [number, number] = [-(2 ** 31), 2 ** 31 - 1];

/** Every numeric field of the record line and the signal lines. */
export const HEADER_FIELDS = Object.freeze({
  nSignals: {
    wfdbName: 'n_sig',
    label: 'signal count',
    type: 'integer',
    unit: null,
    allowed: [0, HEADER_LIMITS.maxSignals],
    default: null,
  },
  /** Below 50 Hz a QRS complex (≈ 100 ms) is one or two samples; above 20 kHz no ECG recorder samples. */
  fsHz: {
    wfdbName: 'fs',
    label: 'sampling frequency',
    type: 'number',
    unit: 'Hz',
    allowed: [50, 20_000],
    usual: [100, 2_000],
    default: 250,
  },
  counterFreqHz: { wfdbName: 'counter_freq', label: 'counter frequency', type: 'number', unit: 'Hz', allowed: [1e-6, 1e9], default: null },
  baseCounter: { wfdbName: 'base_counter', label: 'base counter value', type: 'number', unit: null, allowed: [0, 1e15], default: 0 },
  nSamples: {
    wfdbName: 'sig_len',
    label: 'sample count (frames per signal)',
    type: 'integer',
    unit: 'frames',
    allowed: [0, HEADER_LIMITS.maxFrames],
    default: 0,
  },
  format: { wfdbName: 'fmt', label: 'storage format', type: 'integer', unit: null, allowed: [0, 999], default: null },
  samplesPerFrame: {
    wfdbName: 'samps_per_frame',
    label: 'samples per frame',
    type: 'integer',
    unit: null,
    allowed: [1, HEADER_LIMITS.maxSamplesPerFrame],
    default: 1,
  },
  skew: { wfdbName: 'skew', label: 'skew', type: 'integer', unit: 'frames', allowed: [0, HEADER_LIMITS.maxFrames], default: 0 },
  byteOffset: { wfdbName: 'byte_offset', label: 'byte offset', type: 'integer', unit: 'bytes', allowed: [0, 2 ** 40], default: 0 },
  /**
   * A gain of 1e-3 adu/mV puts a 16-bit ADC's full scale at 3.3e7 mV; 1e8 adu/mV resolves 10 fV: both already far
   * past any recorder (a 1e-37 gain once reached the analysis as NaN). Negative gains are refused too.
   */
  gain: {
    wfdbName: 'adc_gain',
    label: 'ADC gain',
    type: 'number',
    unit: 'ADC units per physical unit',
    allowed: [1e-3, 1e8],
    usual: [1, 1e5],
    default: 200,
    zeroMeansDefault: true,
  },
  baseline: { wfdbName: 'baseline', label: 'baseline', type: 'integer', unit: 'ADC units', allowed: INT32, default: 'adc_zero' },
  adcResolution: {
    wfdbName: 'adc_res',
    label: 'ADC resolution',
    type: 'integer',
    unit: 'bits',
    allowed: [0, 32],
    default: 'fmt',
    zeroMeansDefault: true,
  },
  adcZero: { wfdbName: 'adc_zero', label: 'ADC zero', type: 'integer', unit: 'ADC units', allowed: INT32, default: 0 },
  initialValue: { wfdbName: 'init_value', label: 'initial value', type: 'integer', unit: 'ADC units', allowed: INT32, default: 'adc_zero' },
  checksum: { wfdbName: 'checksum', label: 'checksum', type: 'integer', unit: null, allowed: [-32768, 65535], default: null },
  blockSize: { wfdbName: 'block_size', label: 'block size', type: 'integer', unit: 'bytes', allowed: [0, 2 ** 31 - 1], default: 0 },
} satisfies Record<string, FieldSpec>);

/** Names of the fields in {@link HEADER_FIELDS}. */
export type HeaderFieldName = keyof typeof HEADER_FIELDS;

const INTEGER_RE = /^[-+]?\d+$/;
const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Result of reading one field: its value (null for an absent field without default), and a warning when unusual. */
export interface FieldValue {
  value: number | null;
  warning: string | null;
}

/** Values of other fields that some defaults are taken from. */
export interface FieldContext {
  /** The signal's ADC zero (default of baseline and initial value). */
  adcZero?: number;
  /** The signal's storage format (its default ADC resolution). */
  format?: number;
}

/**
 * WFDB's default ADC resolution of a storage format, in bits (WFDB 10.7 `readheader`).
 * @param format WFDB storage format.
 * @returns 8 for 80, 10 for 310/311, 16 for 16/61/160, 24 for 24, 32 for 32, 12 otherwise.
 */
export function defaultAdcResolutionBits(format: number): number {
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

function defaultValue(spec: FieldSpec, context: FieldContext): number | null {
  if (spec.default === 'adc_zero') return context.adcZero ?? 0;
  if (spec.default === 'fmt') return defaultAdcResolutionBits(context.format ?? 0);
  return spec.default;
}

function describeRange(spec: FieldSpec, [min, max]: readonly [number, number]): string {
  return `${min} to ${max}${spec.unit === null ? '' : ` ${spec.unit}`}`;
}

/**
 * A header field as quoted in a message: at most 40 characters, anything but printable ASCII as `?` (so that a
 * binary or foreign file named as a header shows neither its bytes nor more than a fragment of its text).
 * @param text the field as written.
 * @returns the text to quote.
 */
export function printableField(text: string): string {
  const shown = text.replace(/[^\x20-\x7e]/g, '?');
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}

/**
 * Parses and checks one numeric field against its spec in {@link HEADER_FIELDS}.
 * @param name field name.
 * @param text the field as written in the header, or undefined when the header omits it.
 * @param where prefix naming the place in the header, e.g. `line 2: signal 0`.
 * @param context fields some defaults come from.
 * @returns the value (the spec's default when absent, or when 0 and `zeroMeansDefault`), with a warning
 *   (`${where} ${label} ${text} is unusual (WFDB field …): …`) when it lies outside the usual range.
 * @throws Error `${where} ${label} '${text}' … (WFDB field …)` when the text is not a number / not an integer or
 *   lies outside the allowed range; header.ts wraps it into a WfdbError naming the file.
 */
export function readField(name: HeaderFieldName, text: string | undefined, where: string, context: FieldContext = {}): FieldValue {
  const spec: FieldSpec = HEADER_FIELDS[name];
  if (text === undefined) return { value: defaultValue(spec, context), warning: null };
  const field = `(WFDB field ${spec.wfdbName})`;
  const re = spec.type === 'integer' ? INTEGER_RE : NUMBER_RE;
  if (!re.test(text)) {
    throw new Error(
      `${where} ${spec.label} '${printableField(text)}' is not ${spec.type === 'integer' ? 'an integer' : 'a number'} ${field}`,
    );
  }
  const value = Number(text);
  if (value === 0 && spec.zeroMeansDefault) return { value: defaultValue(spec, context), warning: null };
  const [min, max] = spec.allowed;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(
      `${where} ${spec.label} '${printableField(text)}' is impossible ${field}: it must be ${describeRange(spec, spec.allowed)}`,
    );
  }
  const usual = spec.usual;
  const unusual = usual !== undefined && (value < usual[0] || value > usual[1]);
  const warning = unusual ? `${where} ${spec.label} ${text} is unusual ${field}: ordinary values are ${describeRange(spec, usual)}` : null;
  return { value, warning };
}
