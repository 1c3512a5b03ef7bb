import { readAnnotations } from '../wfdb/annotations';
import { readRecord, toPhysicalFrames } from '../wfdb/record';
import { aamiClassOfSymbol, type AamiClass } from '../../../shared/labels';

/** A WFDB record's beat lead and its reference beats in AAMI classes. */
export interface ReferenceBeatRecord {
  recordName: string;
  fsHz: number;
  /** the beat lead (MLII when the record has it, else signal 0), mV, NaN for invalid samples */
  leadMv: Float32Array;
  /** description of that lead in the header */
  leadName: string;
  /** sample indices of the reference beats (annotations with an AAMI class), 0-based, increasing */
  beatSamples: Int32Array;
  /** AAMI class of each reference beat */
  beatClasses: AamiClass[];
}

/** Header description of the lead the beat model prefers. */
const PREFERRED_LEAD = 'MLII';

/**
 * Reads a WFDB record and its reference beat annotations, keeping the beats that have an AAMI class
 * (de Chazal 2004 grouping, {@link aamiClassOfSymbol}); other beat codes (Q-like `?`, flutter waves
 * `!`, B, n, r) and non-beat annotations are dropped.
 *
 * @param headerPath - path of the `.hea` file
 * @param annotator - annotation file extension (default `atr`), beside the header
 * @returns the beat lead and the reference beats
 * @throws WfdbError (from the readers) when a file is missing or malformed
 */
export function readReferenceBeats(headerPath: string, annotator = 'atr'): ReferenceBeatRecord {
  const record = readRecord(headerPath);
  const descriptions = record.header.signals.map((s) => s.description);
  const preferred = descriptions.indexOf(PREFERRED_LEAD);
  const leadIndex = preferred >= 0 ? preferred : 0;
  const annotations = readAnnotations(headerPath.replace(/\.hea$/, `.${annotator}`));
  const samples: number[] = [];
  const classes: AamiClass[] = [];
  for (const annotation of annotations) {
    const aami = aamiClassOfSymbol(annotation.symbol);
    if (aami === null) continue;
    samples.push(annotation.sample);
    classes.push(aami);
  }
  return {
    recordName: record.recordName,
    fsHz: record.fsHz,
    leadMv: toPhysicalFrames(record, leadIndex),
    leadName: descriptions[leadIndex] ?? `signal ${leadIndex}`,
    beatSamples: Int32Array.from(samples),
    beatClasses: classes,
  };
}
