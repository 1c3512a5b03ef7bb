import type { SampleSpan } from './report-input';

/** One mark or clear of a span, as a review action made it. */
export interface SpanMark extends SampleSpan {
  /** True marks the span, false clears it. */
  readonly marked: boolean;
}

/**
 * The spans that stay marked after a sequence of marks and clears applied in order: a mark adds its span (joined with
 * overlapping or touching marked spans), a clear removes its span from every marked one (splitting a span it falls
 * inside). This is how the reviewer's artefact stretches are rebuilt from their actions.
 * @param marks - half-open sample spans [onsetSample, endSample), in the order they were made; empty spans are ignored.
 * @returns the marked spans, sorted, disjoint and not touching.
 */
export function markedSpans(marks: readonly SpanMark[]): SampleSpan[] {
  let spans: SampleSpan[] = [];
  for (const mark of marks) {
    if (mark.endSample <= mark.onsetSample) continue;
    const kept: SampleSpan[] = [];
    let onsetSample = mark.onsetSample;
    let endSample = mark.endSample;
    for (const span of spans) {
      const apart = span.endSample < mark.onsetSample || span.onsetSample > mark.endSample;
      if (mark.marked) {
        if (apart) kept.push(span);
        else {
          onsetSample = Math.min(onsetSample, span.onsetSample);
          endSample = Math.max(endSample, span.endSample);
        }
        continue;
      }
      if (span.onsetSample < mark.onsetSample)
        kept.push({ onsetSample: span.onsetSample, endSample: Math.min(span.endSample, mark.onsetSample) });
      if (span.endSample > mark.endSample)
        kept.push({ onsetSample: Math.max(span.onsetSample, mark.endSample), endSample: span.endSample });
    }
    if (mark.marked) kept.push({ onsetSample, endSample });
    spans = kept.sort((a, b) => a.onsetSample - b.onsetSample);
  }
  return spans;
}
