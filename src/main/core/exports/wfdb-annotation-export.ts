import { AAMI_TO_MIT_SYMBOL } from '../../../shared/labels';
import { rhythmAnnotations } from '../rhythm/rhythm-annotations';
import { annotationAt, type Annotation } from '../wfdb/annotations';
import type { CaseExportSource } from './case-export-source';
import { provenanceLines } from './export-provenance';

/** MIT symbol of a beat the reviewer marked artefact: `|`, isolated QRS-like artefact (WFDB `ecgcodes.h` ARFCT). */
export const ARTEFACT_SYMBOL = '|';

/**
 * The case as WFDB annotations: first NOTE (`"`) annotations at sample 0, one per provenance line (models, review
 * status, sign-off), then every beat with its AAMI class's MIT symbol (N, A for S, V, F, Q; `|` when marked artefact) and a
 * rhythm-change `+` annotation with its Holter rhythm aux code (`rhythmAnnotations`: `(N`, `(AFIB`, `(VT`, `(B`, `(T`, …) at
 * each episode onset, in sample order (a rhythm change before a beat at the same sample). Encode with `encodeAnnotations`.
 * @param source - the case.
 * @returns annotations sorted by sample, chan 0, num 0, subtype 0.
 */
export function caseAnnotations(source: CaseExportSource): Annotation[] {
  const notes = provenanceLines(source.provenance).map((line) => annotationAt(0, '"', line));
  const rhythm = rhythmAnnotations(source.episodes);
  const beats = source.beats.map((b) => annotationAt(b.sample, b.artefact ? ARTEFACT_SYMBOL : AAMI_TO_MIT_SYMBOL[b.label], null));
  const merged: Annotation[] = [];
  let r = 0;
  for (const beat of beats) {
    while (r < rhythm.length && (rhythm[r] as Annotation).sample <= beat.sample) merged.push(rhythm[r++] as Annotation);
    merged.push(beat);
  }
  merged.push(...rhythm.slice(r));
  return [...notes, ...merged];
}
