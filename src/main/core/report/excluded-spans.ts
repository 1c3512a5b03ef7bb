import type { SampleSpan } from './report-input';

/** Excluded (noise/artefact) spans merged into a sorted, disjoint list with fast overlap queries. */
export interface ExcludedSpans {
  /** The merged spans, sorted, disjoint and not touching. */
  readonly spans: readonly SampleSpan[];
  /** Total excluded samples. */
  readonly totalSamples: number;
  /**
   * Number of excluded samples inside [onsetSample, endSample).
   * @returns 0 for an empty or reversed query; O(log n) in the number of spans.
   */
  overlap(onsetSample: number, endSample: number): number;
}

/**
 * Merges excluded spans (overlapping or touching ones become one) for overlap queries.
 * @param spans - half-open sample spans in any order (checked by `checkReportInput`).
 * @returns the merged spans and their overlap query.
 */
export function mergeExcludedSpans(spans: readonly SampleSpan[]): ExcludedSpans {
  const sorted = [...spans].sort((a, b) => a.onsetSample - b.onsetSample);
  const merged: { onsetSample: number; endSample: number }[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.onsetSample <= last.endSample) last.endSample = Math.max(last.endSample, span.endSample);
    else merged.push({ onsetSample: span.onsetSample, endSample: span.endSample });
  }
  const before = [0];
  for (const span of merged) before.push((before[before.length - 1] as number) + span.endSample - span.onsetSample);
  const excludedBefore = (sample: number): number => {
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((merged[mid] as SampleSpan).onsetSample < sample) lo = mid + 1;
      else hi = mid;
    }
    const span = merged[lo - 1];
    const full = before[lo - 1] ?? 0;
    return span === undefined ? 0 : full + Math.min(sample, span.endSample) - span.onsetSample;
  };
  return Object.freeze({
    spans: Object.freeze(merged.map((s) => Object.freeze(s))),
    totalSamples: before[before.length - 1] as number,
    overlap: (onsetSample: number, endSample: number) =>
      endSample > onsetSample ? excludedBefore(endSample) - excludedBefore(onsetSample) : 0,
  });
}
