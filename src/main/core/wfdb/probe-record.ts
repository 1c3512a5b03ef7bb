import type { WfdbHeader } from './header';
import { closeRecord, openRecord } from './open-record';

/** What {@link probeRecord} learns about a record without reading its samples. */
export interface RecordProbe {
  headerPath: string;
  header: WfdbHeader;
  /** Frames of the record (the header's sample count, or what the signal files hold when it has none). */
  nSamples: number;
  /** Unusual but allowed header values (see `WfdbHeader.warnings`), prefixed with the header's path. */
  warnings: string[];
}

/**
 * Checks that a path is a record this workstation can read, without reading or allocating its samples: the header
 * parses and every value is allowed, the signal files lie in the header's folder, are regular non-sparse files long
 * enough for the header's sample count, and `.mat` files are the matrices the header reads. Cost: the header and the
 * file metadata only. Importers call it before anything is stored.
 * @param headerPath path of the `.hea`.
 * @returns the header, the record's length in frames and the header's warnings.
 * @throws WfdbError naming the header or signal file and the problem (see `openRecord`).
 */
export function probeRecord(headerPath: string): RecordProbe {
  const opened = openRecord(headerPath);
  closeRecord(opened);
  return {
    headerPath,
    header: opened.header,
    nSamples: opened.recordFrames,
    warnings: opened.header.warnings.map((w) => `${headerPath}: ${w}`),
  };
}
