import { closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { readMatV4Layout } from '../formats/physionet2017';
import { WfdbError } from './errors';
import { parseHeader, type SignalSpec, type WfdbHeader } from './header';
import { HEADER_LIMITS } from './header-fields';
import { openRecordFile, readRecordFile, recordFilePath, type OpenRecordFile } from './record-file';
import { bytesForSamples, samplesInBytes, signalFormatCodec, SUPPORTED_SIGNAL_FORMATS, type SignalFormatCodec } from './signal-formats';

/** Signals stored in one file, in header order (WFDB's "signal group"). */
export interface SignalGroup {
  fileName: string;
  codec: SignalFormatCodec;
  byteOffset: number;
  signalIndices: number[];
  /** Samples per frame in this file (sum of the signals' samplesPerFrame). */
  frameSize: number;
}

/** A record whose header is parsed and whose signal files are open and checked, before any sample is read. */
export interface OpenedRecord {
  headerPath: string;
  header: WfdbHeader;
  groups: SignalGroup[];
  /** Open signal file of each group (same order); close with {@link closeRecord}. */
  files: OpenRecordFile[];
  /** Whole frames each group's file holds. */
  framesAvailable: number[];
  /** Indices of the null signals (format 0 or file `~`): no samples stored. */
  nullSignals: number[];
  /** Frames of the record: the header's sample count, or the shortest file's frames when the header has none. */
  recordFrames: number;
}

/**
 * Whether a signal is a WFDB null signal (file name `~` or storage format 0): no samples are stored for it.
 * @param spec the signal's header line.
 * @returns true for a null signal.
 */
export function isNullSignal(spec: SignalSpec): boolean {
  return spec.format === 0 || spec.fileName === '~';
}

function groupSignals(header: WfdbHeader, headerPath: string): { groups: SignalGroup[]; nullSignals: number[] } {
  const groups: SignalGroup[] = [];
  const nullSignals: number[] = [];
  header.signals.forEach((spec, s) => {
    if (isNullSignal(spec)) {
      nullSignals.push(s);
      return;
    }
    const codec = signalFormatCodec(spec.format);
    if (codec === undefined) {
      throw new WfdbError(
        headerPath,
        `signal ${s} (${spec.fileName}) has unsupported storage format ${spec.format} (supported: 0, ${SUPPORTED_SIGNAL_FORMATS.join(', ')})`,
      );
    }
    const last = groups[groups.length - 1];
    const previous = header.signals[s - 1];
    if (last !== undefined && previous?.fileName === spec.fileName && !isNullSignal(previous)) {
      if (last.codec.format !== spec.format) {
        throw new WfdbError(
          headerPath,
          `signals in ${spec.fileName} mix formats ${last.codec.format} and ${spec.format}, which is not supported`,
        );
      }
      last.signalIndices.push(s);
      last.frameSize += spec.samplesPerFrame;
    } else {
      if (spec.fileName === '-') throw new WfdbError(headerPath, `signal ${s} is read from standard input, which is not supported`);
      if (groups.some((g) => g.fileName === spec.fileName)) {
        throw new WfdbError(headerPath, `signal ${s} is in ${spec.fileName} but does not follow the other signals of that file`);
      }
      groups.push({ fileName: spec.fileName, codec, byteOffset: spec.byteOffset, signalIndices: [s], frameSize: spec.samplesPerFrame });
    }
  });
  if (nullSignals.length === header.signals.length && nullSignals.length > 0) {
    throw new WfdbError(headerPath, 'no signal is stored: every signal is a null signal (~ or format 0), so there are no samples');
  }
  return { groups, nullSignals };
}

/** A PhysioNet 2017 style `.mat` signal file must hold, where the header says, the int16 matrix the header reads. */
function checkMatFile(file: OpenRecordFile, group: SignalGroup, recordFrames: number): void {
  const layout = readMatV4Layout(file);
  if (layout.dataByteOffset !== group.byteOffset) {
    throw new WfdbError(
      file.path,
      `the MATLAB matrix starts at byte ${layout.dataByteOffset}, but the header reads the samples from byte ${group.byteOffset}`,
    );
  }
  if (group.codec.format === 16 && layout.precision !== 3) {
    throw new WfdbError(
      file.path,
      `the MATLAB matrix does not hold 16-bit integers (type word ${layout.typeCode}), but the header reads format 16`,
    );
  }
  const needed = recordFrames * group.frameSize;
  if (layout.rows * layout.cols < needed) {
    throw new WfdbError(
      file.path,
      `the MATLAB matrix holds ${layout.rows}×${layout.cols} values, fewer than the ${needed} samples the header announces`,
    );
  }
}

/**
 * Reads and parses a record's header, opens and checks every signal file it names, and works out the record's
 * length, without reading a sample. Every claim of the header is checked against the real files here, so that what a
 * reader allocates afterwards is bounded by the files' sizes: signal files must lie in the header's folder and be
 * regular, non-sparse files (see `openRecordFile`), hold the frames the header announces, and a `.mat` file must be
 * the MATLAB v4 int16 matrix the header reads.
 * @param headerPath path of the `.hea`.
 * @returns the opened record; the caller must {@link closeRecord} it.
 * @throws WfdbError naming the header or signal file for any of the problems above, an unsupported format, a
 *   record of only null signals, or signal files holding no frame.
 */
export function openRecord(headerPath: string): OpenedRecord {
  const text = readRecordFile(headerPath, 'header file', HEADER_LIMITS.maxHeaderBytes).toString('latin1');
  const header = parseHeader(text, headerPath);
  const folder = dirname(headerPath);
  const { groups, nullSignals } = groupSignals(header, headerPath);
  const paths = groups.map((g) => recordFilePath(headerPath, g.fileName, `signal ${g.signalIndices[0] ?? 0} file`));
  const files: OpenRecordFile[] = [];
  try {
    for (const path of paths) files.push(openRecordFile(path, 'signal file', folder));
    const framesAvailable = groups.map((g, i) => {
      const dataBytes = Math.max(0, (files[i] as OpenRecordFile).sizeBytes - g.byteOffset);
      return Math.floor(samplesInBytes(g.codec, dataBytes) / g.frameSize);
    });
    let recordFrames = header.nSamples;
    if (recordFrames === 0 && groups.length > 0) recordFrames = Math.min(...framesAvailable);
    if (recordFrames === 0 && groups.length > 0) {
      throw new WfdbError(headerPath, 'the record holds no samples: the signal files are empty (or shorter than one frame)');
    }
    if (recordFrames > HEADER_LIMITS.maxFrames) {
      throw new WfdbError(
        headerPath,
        `the signal files hold ${recordFrames} frames, more than the ${HEADER_LIMITS.maxFrames} a record may have`,
      );
    }
    groups.forEach((g, i) => {
      const file = files[i] as OpenRecordFile;
      const have = framesAvailable[i] as number;
      if (have < recordFrames) {
        const need = g.byteOffset + bytesForSamples(g.codec, recordFrames * g.frameSize);
        throw new WfdbError(
          file.path,
          `signal file too short: ${file.sizeBytes} bytes hold ${have} frames, the header needs ${recordFrames} frames (${need} bytes)`,
        );
      }
      if (g.fileName.toLowerCase().endsWith('.mat')) checkMatFile(file, g, recordFrames);
    });
    return { headerPath, header, groups, files, framesAvailable, nullSignals, recordFrames };
  } catch (err) {
    for (const file of files) closeSync(file.fd);
    throw err;
  }
}

/**
 * Closes the signal files of a record from {@link openRecord}.
 * @param record the opened record.
 */
export function closeRecord(record: OpenedRecord): void {
  for (const file of record.files) closeSync(file.fd);
}
