import { aamiClassOfSymbol, type AamiClass } from '../../../shared/labels';
import { readAnnotations } from '../wfdb/annotations';

/** Reference beats of a record: R-peak samples and AAMI classes. */
export interface ReferenceBeatLabels {
  /** 0-based samples, increasing */
  samples: Int32Array;
  labels: AamiClass[];
}

/**
 * Reads a record's reference beat annotations (e.g. `.atr`) without its signal, keeping the beats
 * with an AAMI class (de Chazal 2004 grouping, see aamiClassOfSymbol); other codes are dropped.
 *
 * @param annotationPath - path of the annotation file
 * @param offsetSamples - added to every sample (to place a record inside a concatenation; default 0)
 * @returns the beats in file order
 * @throws WfdbError (from readAnnotations) when the file is missing or malformed
 */
export function readReferenceBeatLabels(annotationPath: string, offsetSamples = 0): ReferenceBeatLabels {
  const samples: number[] = [];
  const labels: AamiClass[] = [];
  for (const annotation of readAnnotations(annotationPath)) {
    const aami = aamiClassOfSymbol(annotation.symbol);
    if (aami === null) continue;
    samples.push(annotation.sample + offsetSamples);
    labels.push(aami);
  }
  return { samples: Int32Array.from(samples), labels };
}
