import { readAnnotations, type Annotation } from '../wfdb/annotations';
import { mergeRhythmSpans, type RhythmSpan } from './rhythm-episode-compare';

/** Rhythms scored from reference annotations, with the annotation codes that mark them. */
export const REFERENCE_RHYTHMS = Object.freeze({
  /** atrial fibrillation: rhythm aux `(AFIB` (MIT-BIH; atrial flutter `(AFL` is a different rhythm) */
  AF: Object.freeze({ auxCodes: Object.freeze(['(AFIB']), flutterMarkers: false }),
  /**
   * ventricular flutter/fibrillation: rhythm aux `(VF`, `(VFL` and vfdb's `(VFIB`, plus the spans
   * between the `[` (start of ventricular flutter or fibrillation) and `]` (end) annotations
   */
  VF: Object.freeze({ auxCodes: Object.freeze(['(VF', '(VFL', '(VFIB']), flutterMarkers: true }),
  /** atrial flutter `(AFL` */
  AFL: Object.freeze({ auxCodes: Object.freeze(['(AFL']), flutterMarkers: false }),
  /** ventricular tachycardia `(VT` */
  VT: Object.freeze({ auxCodes: Object.freeze(['(VT']), flutterMarkers: false }),
  /** supraventricular tachyarrhythmia `(SVTA` */
  SVTA: Object.freeze({ auxCodes: Object.freeze(['(SVTA']), flutterMarkers: false }),
  /** ventricular bigeminy `(B` (vfdb's `(BI` is first-degree heart block, not bigeminy) */
  B: Object.freeze({ auxCodes: Object.freeze(['(B']), flutterMarkers: false }),
  /** ventricular trigeminy `(T` */
  T: Object.freeze({ auxCodes: Object.freeze(['(T']), flutterMarkers: false }),
  /** noise `(NOISE` */
  NOISE: Object.freeze({ auxCodes: Object.freeze(['(NOISE']), flutterMarkers: false }),
});

/** A rhythm of {@link REFERENCE_RHYTHMS}. */
export type ReferenceRhythm = keyof typeof REFERENCE_RHYTHMS;

/** Any rhythm: the rhythm aux strings that open its spans, and whether `[` … `]` spans count too. */
export interface RhythmCodes {
  readonly auxCodes: readonly string[];
  readonly flutterMarkers: boolean;
}

/**
 * Reference spans of one rhythm from a record's annotations, as `epicmp` reads them: a rhythm change
 * (`+` with an aux string such as `(AFIB`) opens a span that lasts until the next rhythm change or the
 * record end; for VF, `[` opens and `]` closes a flutter/fibrillation span too (a `[` with no `]` runs to
 * the record end, a `]` with no `[` starts at 0). Touching and overlapping spans are merged.
 * @param annotations - one record's annotations in file order (readAnnotations)
 * @param nSamples - record length, in samples (spans are cut to [0, nSamples))
 * @param rhythm - a name of {@link REFERENCE_RHYTHMS} ('AF', 'VF', 'VT', …) or explicit codes
 * @returns disjoint spans in time order, in samples
 * @throws RangeError for a negative or non-integer record length
 */
export function referenceRhythmSpans(
  annotations: readonly Annotation[],
  nSamples: number,
  rhythm: ReferenceRhythm | RhythmCodes,
): RhythmSpan[] {
  if (!Number.isInteger(nSamples) || nSamples < 0) throw new RangeError(`referenceRhythmSpans: invalid record length ${nSamples}`);
  const { auxCodes, flutterMarkers } = typeof rhythm === 'string' ? REFERENCE_RHYTHMS[rhythm] : rhythm;
  const codes: readonly string[] = auxCodes;
  const spans: RhythmSpan[] = [];
  const push = (onset: number, end: number): void => {
    const a = Math.max(0, Math.min(onset, nSamples));
    const b = Math.max(0, Math.min(end, nSamples));
    if (b > a) spans.push({ onsetSample: a, endSample: b });
  };
  const changes = annotations.filter((a) => a.symbol === '+' && a.aux !== null && a.aux.trim().startsWith('('));
  changes.forEach((a, i) => {
    if (codes.includes((a.aux as string).trim())) push(a.sample, changes[i + 1]?.sample ?? nSamples);
  });
  if (flutterMarkers) {
    let open: number | null = null;
    let seenAny = false;
    for (const a of annotations) {
      if (a.symbol === '[') {
        open ??= a.sample;
        seenAny = true;
      } else if (a.symbol === ']') {
        push(open ?? (seenAny ? a.sample : 0), a.sample);
        open = null;
        seenAny = true;
      }
    }
    if (open !== null) push(open, nSamples);
  }
  return mergeRhythmSpans(spans, 'reference span');
}

/**
 * {@link referenceRhythmSpans} of an annotation file.
 * @param atrPath - MIT-format annotation file, e.g. `../shared/data/vfdb/418.atr`
 * @param nSamples - record length, in samples
 * @param rhythm - a name of {@link REFERENCE_RHYTHMS} or explicit codes
 * @returns disjoint spans in time order, in samples
 * @throws WfdbError naming the file when it cannot be read or is malformed
 */
export function readReferenceRhythmSpans(atrPath: string, nSamples: number, rhythm: ReferenceRhythm | RhythmCodes): RhythmSpan[] {
  return referenceRhythmSpans(readAnnotations(atrPath), nSamples, rhythm);
}
