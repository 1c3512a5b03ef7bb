import { WfdbError } from '../wfdb/errors';
import { readEdfAnnotations, type EdfAnnotation, type EdfAnnotations } from './edf-annotations';
import { forEachRecordChunk } from './edf-data-records';
import { readEdfHeader, type EdfHeader, type EdfSignal } from './edf-header';
import { checkFrameRange, IMPORTED_INVALID_ADC, importedWfdbHeader, type ImportedRecord } from './imported-record';

/** Options of {@link readEdfRecord}. */
export interface ReadEdfOptions {
  /** First frame to read, 0-based from the start of the recording (gaps of EDF+D files count as frames). */
  startSample?: number;
  /** Frame after the last one to read (default: the end of the recording). */
  endSample?: number;
  /**
   * EDF signal numbers (0-based, as in the header, annotation signals excluded) to read, in the order wanted;
   * default: every ordinary signal. Choose signals of one rate to get 1 sample per frame.
   */
  signals?: readonly number[];
  /**
   * Scan the annotation signals for annotations (default true). With false, an EDF or EDF+C read touches only the
   * data records of the range (what a viewer paging through a Holter file wants) and `annotations` is empty; EDF+D
   * files are always scanned, since their time-keeping TALs place the records.
   */
  annotations?: boolean;
}

/** A frame interval without data (between two EDF+D data records), in frames from the start of the recording. */
export interface EdfGap {
  startSample: number;
  endSample: number;
}

/** An EDF annotation placed on the record's frame axis. */
export interface EdfFrameAnnotation extends EdfAnnotation {
  /** Frame of the onset, 0-based from the first data record's start (may lie outside the frames read). */
  onsetSample: number;
}

/** An EDF/EDF+ record in the common shape (see `imported-record.ts`), with the EDF specifics. */
export interface EdfRecord extends ImportedRecord {
  edf: EdfHeader;
  /** EDF signal number of each entry of `adc`. */
  signalIndices: number[];
  /** Every EDF+ annotation of the file (not only those inside the frames read). */
  annotations: EdfFrameAnnotation[];
  /** Gaps of an EDF+D file, over the whole recording. */
  gaps: EdfGap[];
}

/** Tunables of {@link readEdfRecord}. */
export const EDF_RECORD_CONFIG = Object.freeze({
  /**
   * Most gap samples (frames inside EDF+D gaps × samples per frame, over the chosen signals) one read may allocate:
   * 2²⁵ (128 MiB of Int32), e.g. 8 h of gaps at 3 × 256 Hz. Data samples are bounded by the file's size; gaps are
   * not, so a longer gap needs a sample range.
   */
  maxGapSamples: 2 ** 25,
  /** An EDF+D record onset off the frame grid by more than this fraction of a frame is reported in `warnings`. */
  offGridWarnFraction: 0.01,
});

/** Record onsets r × duration, without reading the file (EDF and EDF+C records are contiguous). */
function contiguousOnsets(header: EdfHeader): EdfAnnotations {
  return { recordOnsetsS: Float64Array.from({ length: header.nDataRecords }, (_, r) => r * header.recordDurationS), annotations: [] };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function chooseSignals(header: EdfHeader, requested: readonly number[] | undefined): EdfSignal[] {
  const ordinary = header.signals.filter((s) => !s.isAnnotation);
  if (requested === undefined) {
    if (ordinary.length === 0) throw new WfdbError(header.path, 'file has no ordinary signals (only annotations)');
    return ordinary;
  }
  if (requested.length === 0) throw new WfdbError(header.path, 'no signals requested');
  return requested.map((i) => {
    const s = header.signals[i];
    if (s === undefined || s.isAnnotation || !Number.isInteger(i)) {
      throw new WfdbError(header.path, `signal ${i} is not an ordinary signal of the file (it has ${header.signals.length} signals)`);
    }
    return s;
  });
}

/** First data record whose frames end after `frame` (record r covers [starts[r], starts[r] + framesPerRecord)). */
function firstRecordEndingAfter(starts: Float64Array, framesPerRecord: number, frame: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) + framesPerRecord <= frame) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads an EDF, EDF+C or EDF+D file (or a frame range of it) into the common record shape.
 *
 * Frames: the frame rate `fsHz` is gcd(samplesPerRecord of the chosen signals) / record duration, and signal s has
 * samplesPerRecord(s) / gcd samples per frame. Data record r starts at frame round((onset(r) − onset(0)) × fsHz),
 * with onset(r) from its time-keeping TAL in EDF+ files and r × duration in plain EDF. In EDF+D files the frames
 * between records are gaps: they are kept (filled with {@link IMPORTED_INVALID_ADC}, NaN after `toPhysical`) and
 * listed in `gaps`, never glued together. ADC values are EDF digital values; gain and baseline map them to physical
 * values linearly from (digitalMin, physicalMin) to (digitalMax, physicalMax), as Kemp 1992 defines.
 *
 * @param path the `.edf` file.
 * @param options frame range and signals; see {@link ReadEdfOptions}.
 * @returns the record: `adc[i]` holds signal `signalIndices[i]`, nSamples × samplesPerFrame values.
 * @throws WfdbError naming the file and the problem for any header error (see `readEdfHeader`), malformed TALs (see
 *   `readEdfAnnotations`), a bad signal choice or frame range, an EDF+ onset that disagrees with a contiguous
 *   (EDF+C) layout, or a range whose EDF+D gaps hold more than {@link EDF_RECORD_CONFIG}.maxGapSamples samples.
 */
export function readEdfRecord(path: string, options: ReadEdfOptions = {}): EdfRecord {
  const header = readEdfHeader(path);
  const warnings = [...header.warnings];
  const chosen = chooseSignals(header, options.signals);
  const framesPerRecord = chosen.reduce((g, s) => gcd(g, s.samplesPerRecord), 0);
  const fsHz = framesPerRecord / header.recordDurationS;
  const spf = chosen.map((s) => s.samplesPerRecord / framesPerRecord);

  const scan = options.annotations !== false || header.fileType === 'EDF+D';
  const { recordOnsetsS, annotations } = scan ? readEdfAnnotations(header) : contiguousOnsets(header);
  const n = header.nDataRecords;
  const origin = n > 0 ? (recordOnsetsS[0] as number) : 0;
  const recordStarts = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const exact = ((recordOnsetsS[r] as number) - origin) * fsHz;
    const frame = header.fileType === 'EDF+D' ? Math.round(exact) : r * framesPerRecord;
    if (Math.abs(exact - frame) > 0.5) {
      throw new WfdbError(
        path,
        `data record ${r} starts at ${recordOnsetsS[r]} s, but a contiguous ${header.fileType} record must start at ${origin + r * header.recordDurationS} s`,
      );
    }
    if (Math.abs(exact - frame) > EDF_RECORD_CONFIG.offGridWarnFraction) {
      warnings.push(`data record ${r} onset ${recordOnsetsS[r]} s is off the ${fsHz} Hz frame grid; placed at frame ${frame}`);
    }
    recordStarts[r] = frame;
  }
  const totalFrames = n > 0 ? (recordStarts[n - 1] as number) + framesPerRecord : 0;
  const gaps: EdfGap[] = [];
  for (let r = 1; r < n; r++) {
    const end = (recordStarts[r - 1] as number) + framesPerRecord;
    if ((recordStarts[r] as number) > end) gaps.push({ startSample: end, endSample: recordStarts[r] as number });
  }

  const { startSample, endSample } = checkFrameRange(path, options.startSample, options.endSample, totalFrames);
  const nFrames = endSample - startSample;
  const firstRecord = firstRecordEndingAfter(recordStarts, framesPerRecord, startSample);
  let endRecord = firstRecord;
  let dataFrames = 0;
  for (; endRecord < n && (recordStarts[endRecord] as number) < endSample; endRecord++) {
    const from = recordStarts[endRecord] as number;
    dataFrames += Math.min(endSample, from + framesPerRecord) - Math.max(startSample, from);
  }
  const samplesPerFrame = spf.reduce((a, b) => a + b, 0);
  const gapSamples = (nFrames - dataFrames) * samplesPerFrame;
  if (gapSamples > EDF_RECORD_CONFIG.maxGapSamples) {
    throw new WfdbError(
      path,
      `frames [${startSample}, ${endSample}) span ${(nFrames - dataFrames) / fsHz} s of EDF+D gaps (${gapSamples} samples, more than the ${EDF_RECORD_CONFIG.maxGapSamples} one read may fill); read a shorter sample range`,
    );
  }
  const adc = chosen.map((_, i) => new Int32Array(nFrames * (spf[i] as number)));
  if (gaps.length > 0) for (const a of adc) a.fill(IMPORTED_INVALID_ADC);

  forEachRecordChunk(header, firstRecord, endRecord, (bytes, chunkFirst, nRecords) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let k = 0; k < nRecords; k++) {
      const recordFrame = recordStarts[chunkFirst + k] as number;
      chosen.forEach((signal, i) => {
        const perFrame = spf[i] as number;
        const out = adc[i] as Int32Array;
        const lo = Math.max(0, startSample - recordFrame) * perFrame;
        const hi = Math.min(framesPerRecord, endSample - recordFrame) * perFrame;
        const base = k * header.recordBytes + signal.recordByteOffset;
        const outBase = (recordFrame - startSample) * perFrame;
        for (let j = lo; j < hi; j++) out[outBase + j] = view.getInt16(base + 2 * j, true);
      });
    }
  });

  const wfdbHeader = importedWfdbHeader(
    path,
    fsHz,
    totalFrames,
    header.start,
    chosen.map((s, i) => {
      const gain = (s.digitalMax - s.digitalMin) / (s.physicalMax - s.physicalMin);
      return {
        description: s.label,
        units: s.physicalDimension,
        gainAdcPerUnit: gain,
        baselineAdc: s.digitalMin - s.physicalMin * gain,
        samplesPerFrame: spf[i] as number,
        adcResolutionBits: 16,
      };
    }),
    [header.patient, header.recording].filter((c) => c !== ''),
    [...warnings],
  );
  return {
    headerPath: path,
    header: wfdbHeader,
    recordName: wfdbHeader.recordName,
    fsHz,
    nSamples: nFrames,
    adc,
    startSample,
    warnings,
    edf: header,
    signalIndices: chosen.map((s) => s.index),
    annotations: annotations.map((a) => ({ ...a, onsetSample: Math.round((a.onsetS - origin) * fsHz) })),
    gaps,
  };
}
