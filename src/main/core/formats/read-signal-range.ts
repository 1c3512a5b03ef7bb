import { WfdbError } from '../wfdb/errors';
import { readRecord, type ReadRecordOptions, type WfdbRecord } from '../wfdb/record';
import { edfAnalysedSignals } from './edf-analysed-signals';
import { readEdfHeader } from './edf-header';
import { readEdfRecord } from './edf-record';
import { probeFormat } from './format-probe';
import { readIshneRecord } from './ishne-record';

/**
 * Frame range of {@link readSignalRange}: 0-based, end exclusive; defaults to the whole record. `verifyChecksums`
 * applies to WFDB records only (EDF and ISHNE have no sample checksums; ISHNE's header CRC is always checked).
 */
export type SignalRange = Pick<ReadRecordOptions, 'startSample' | 'endSample' | 'verifyChecksums'>;

/**
 * Reads a frame range of a record's signals, whatever its format: a WFDB `.hea` (`readRecord`), an EDF/EDF+C/EDF+D
 * file (`readEdfRecord`, the signals of `edfAnalysedSignals`, annotations not scanned except for EDF+D placement) or
 * an ISHNE `.ecg` (`readIshneRecord`). Every consumer of record signals (analysis chunks, `record:window`, beat
 * windows) reads through here and converts with `toPhysicalFrames`, one value per frame; EDF+D gaps are NaN.
 * @param path the record's `.hea`, `.edf` or `.ecg`.
 * @param range frames [startSample, endSample).
 * @returns the record shape of `readRecord`; `adc` holds the frames of the range.
 * @throws WfdbError naming the file and the problem: unsupported format (BDF, ISHNE annotations, unknown), or any
 *   error of the format's reader.
 */
export function readSignalRange(path: string, range: SignalRange = {}): WfdbRecord {
  const format = probeFormat(path);
  switch (format) {
    case 'wfdb':
      return readRecord(path, range);
    case 'edf':
      return readEdfRecord(path, {
        startSample: range.startSample,
        endSample: range.endSample,
        signals: edfAnalysedSignals(readEdfHeader(path)),
        annotations: false,
      });
    case 'ishne':
      return readIshneRecord(path, { startSample: range.startSample, endSample: range.endSample });
    default:
      throw new WfdbError(path, `not a supported signal file (recognised as ${format}; expected WFDB .hea, EDF/EDF+ or ISHNE .ecg)`);
  }
}
