import { probeRecord, type RecordProbe } from '../wfdb/probe-record';
import type { ImportedRecord } from './imported-record';
import { edfAnalysedSignals } from './edf-analysed-signals';
import { readEdfHeader } from './edf-header';
import { readEdfRecord } from './edf-record';
import { probeFormat } from './format-probe';
import { readIshneRecord } from './ishne-record';
import { WfdbError } from '../wfdb/errors';

function fromImported(path: string, record: ImportedRecord): RecordProbe {
  return {
    headerPath: path,
    header: record.header,
    nSamples: record.header.nSamples,
    warnings: record.warnings.map((w) => `${path}: ${w}`),
  };
}

/**
 * Checks that a path is a record this workstation can import, whatever its format, without reading its samples:
 * a WFDB `.hea` (`probeRecord`), an EDF/EDF+ file (header, file size against the record count, and for EDF+ every
 * time-keeping TAL, through `readEdfRecord` with an empty range) or an ISHNE `.ecg` (header and its CRC, file size).
 * Cost: the header (and for EDF+ the annotation signal), no sample arrays. Importers call it before anything is stored.
 * @param path the `.hea`, `.edf` or `.ecg`.
 * @returns the (synthesized, for EDF/ISHNE) WFDB header of the signals `readSignalRange` returns, the record's length
 *   in frames, and the reader's warnings prefixed with the path.
 * @throws WfdbError naming the file and the problem (unsupported format, or any error of the format's reader).
 */
export function probeSignalRecord(path: string): RecordProbe {
  const format = probeFormat(path);
  switch (format) {
    case 'wfdb':
      return probeRecord(path);
    case 'edf':
      return fromImported(path, readEdfRecord(path, { startSample: 0, endSample: 0, signals: edfAnalysedSignals(readEdfHeader(path)) }));
    case 'ishne':
      return fromImported(path, readIshneRecord(path, { startSample: 0, endSample: 0 }));
    default:
      throw new WfdbError(path, `not a supported signal file (recognised as ${format}; expected WFDB .hea, EDF/EDF+ or ISHNE .ecg)`);
  }
}
