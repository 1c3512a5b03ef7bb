import { WfdbError } from '../wfdb/errors';
import { forEachRecordChunk } from './edf-data-records';
import type { EdfHeader } from './edf-header';

/**
 * EDF+ annotations: Time-stamped Annotations Lists (TALs) in the `EDF Annotations` signals.
 *
 * A TAL is `+onset[\x15duration]\x14[text\x14]…\x00` (onset and duration in seconds, onset relative to the header's
 * start time; texts in UTF-8). The first TAL of the first annotation signal of every data record starts with an
 * empty text: its onset is the start time of that data record ("time-keeping" TAL), which is how EDF+D places
 * records with gaps between them. Unused bytes after the last TAL are 0.
 *
 * Source: Kemp B, Olivan J. EDF+. Clin Neurophysiol 2003;114:1755–1761, §2.2 (doi:10.1016/S1388-2457(03)00123-8);
 * https://www.edfplus.info/specs/edfplus.html#tal.
 */

/** One EDF+ annotation. */
export interface EdfAnnotation {
  /** Onset in seconds after the header's start time (the TAL's value). */
  onsetS: number;
  /** Duration in seconds, or null when the TAL gives none. */
  durationS: number | null;
  /** The annotation text (UTF-8 decoded). */
  text: string;
  /** 0-based data record whose annotation signal holds it. */
  dataRecord: number;
}

/** One parsed TAL. */
export interface Tal {
  onsetS: number;
  durationS: number | null;
  /** The texts, in order (the time-keeping TAL's first text is ''). */
  texts: string[];
}

/** Annotations and data-record start times of an EDF+ file. */
export interface EdfAnnotations {
  /** Start of each data record in seconds after the header's start time (from the time-keeping TALs). */
  recordOnsetsS: Float64Array;
  /** Every non-empty annotation, in file order. */
  annotations: EdfAnnotation[];
}

const ONSET_RE = /^[+-]\d+(?:\.\d+)?$/;
const DURATION_RE = /^\d+(?:\.\d+)?$/;
const utf8 = new TextDecoder('utf-8');

/**
 * Parses the TALs of one annotation signal of one data record.
 * @param bytes the signal's bytes in the record (2 × samplesPerRecord).
 * @param file path named in errors.
 * @param where names the record and signal in errors, e.g. `data record 3, signal 2`.
 * @returns the TALs, in order; parsing stops at the first 0 byte where a TAL would start.
 * @throws WfdbError naming the file, `where` and byte offset for a TAL that does not start with +/−, has an onset or
 *   duration that is not a number, lacks the 0x14 after the onset, or is not closed by a 0 byte.
 */
export function parseTals(bytes: Uint8Array, file: string, where: string): Tal[] {
  const tals: Tal[] = [];
  let i = 0;
  while (i < bytes.length && bytes[i] !== 0) {
    const start = i;
    const fail = (problem: string): never => {
      throw new WfdbError(file, `${where}: TAL at byte ${start}: ${problem}`);
    };
    while (i < bytes.length && bytes[i] !== 0x14 && bytes[i] !== 0x15 && bytes[i] !== 0) i++;
    const onsetText = Buffer.from(bytes.subarray(start, i)).toString('latin1');
    if (!ONSET_RE.test(onsetText)) fail(`onset "${onsetText}" is not a signed number of seconds`);
    let durationS: number | null = null;
    if (bytes[i] === 0x15) {
      const d0 = ++i;
      while (i < bytes.length && bytes[i] !== 0x14 && bytes[i] !== 0) i++;
      const durationText = Buffer.from(bytes.subarray(d0, i)).toString('latin1');
      if (!DURATION_RE.test(durationText)) fail(`duration "${durationText}" is not a number of seconds`);
      durationS = Number(durationText);
    }
    if (bytes[i] !== 0x14) fail('onset is not followed by 0x14');
    i++;
    const texts: string[] = [];
    while (i < bytes.length && bytes[i] !== 0) {
      const t0 = i;
      while (i < bytes.length && bytes[i] !== 0x14 && bytes[i] !== 0) i++;
      if (bytes[i] !== 0x14) fail('annotation text is not closed by 0x14');
      texts.push(utf8.decode(bytes.subarray(t0, i)));
      i++;
    }
    if (i >= bytes.length) fail('not closed by a 0 byte before the end of the signal');
    i++;
    tals.push({ onsetS: Number(onsetText), durationS, texts });
  }
  return tals;
}

/**
 * Reads the annotations and data-record start times of an EDF+ file, scanning its annotation signals record by
 * record in bounded chunks.
 * @param header from `readEdfHeader`; a plain EDF file (no annotation signal) gives record onsets r × duration and
 *   no annotations.
 * @returns onsets (seconds after the header's start time) and annotations.
 * @throws WfdbError naming the file and data record when a TAL is malformed, a record's first annotation signal does
 *   not start with a time-keeping TAL, or record onsets are not increasing by at least one record duration (records
 *   overlap or are out of order).
 */
export function readEdfAnnotations(header: EdfHeader): EdfAnnotations {
  const { path, nDataRecords, recordDurationS, recordBytes } = header;
  const recordOnsetsS = new Float64Array(nDataRecords);
  const annotationSignals = header.signals.filter((s) => s.isAnnotation);
  if (annotationSignals.length === 0) {
    for (let r = 0; r < nDataRecords; r++) recordOnsetsS[r] = r * recordDurationS;
    return { recordOnsetsS, annotations: [] };
  }
  const annotations: EdfAnnotation[] = [];
  forEachRecordChunk(header, 0, nDataRecords, (bytes, firstRecord, nRecords) => {
    for (let k = 0; k < nRecords; k++) {
      const r = firstRecord + k;
      annotationSignals.forEach((signal, a) => {
        const from = k * recordBytes + signal.recordByteOffset;
        const where = `data record ${r}, annotation signal ${signal.index}`;
        const tals = parseTals(bytes.subarray(from, from + signal.samplesPerRecord * 2), path, where);
        tals.forEach((tal, t) => {
          let texts = tal.texts;
          if (a === 0 && t === 0) {
            if (tal.texts[0] !== '')
              throw new WfdbError(path, `${where}: does not start with a time-keeping TAL (onset followed by an empty annotation)`);
            recordOnsetsS[r] = tal.onsetS;
            texts = texts.slice(1);
          }
          for (const text of texts)
            if (text !== '') annotations.push({ onsetS: tal.onsetS, durationS: tal.durationS, text, dataRecord: r });
        });
        if (a === 0 && tals.length === 0) throw new WfdbError(path, `${where}: has no time-keeping TAL`);
      });
      if (r > 0) {
        const previous = recordOnsetsS[r - 1] as number;
        const onset = recordOnsetsS[r] as number;
        // Allow rounding of the onset text (EDFlib writes 7 decimals): 1 µs.
        if (onset < previous + recordDurationS - 1e-6) {
          throw new WfdbError(
            path,
            `data record ${r} starts at ${onset} s, before the end of record ${r - 1} (${previous} s + ${recordDurationS} s)`,
          );
        }
      }
    }
  });
  return { recordOnsetsS, annotations };
}
