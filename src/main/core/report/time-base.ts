import type { ExcludedSpans } from './excluded-spans';

/** How much of the record the report covers. */
export interface TimeBase {
  /** Record duration, in seconds. */
  readonly recordS: number;
  /** Analysed time: the record minus the excluded (noise/artefact) spans, in seconds. */
  readonly analysedS: number;
  /** Excluded time (union of the excluded spans), in seconds. */
  readonly excludedS: number;
  /** Excluded time as a percentage of the record (0..100), or null for an empty record. */
  readonly excludedPercent: number | null;
  /** Number of disjoint excluded spans after merging overlapping and touching ones. */
  readonly excludedSpanCount: number;
  /** Beats left out of the analysis (flagged excluded or inside an excluded span). */
  readonly excludedBeats: number;
}

/**
 * The report's time base: everything else is computed over analysed time, i.e. the record without its excluded
 * noise/artefact spans.
 *
 * @param nSamples - record length, in samples.
 * @param fsHz - sampling frequency, in Hz.
 * @param excluded - merged excluded spans.
 * @param excludedBeats - beats left out of the analysis.
 * @returns record, analysed and excluded time.
 */
export function timeBase(nSamples: number, fsHz: number, excluded: ExcludedSpans, excludedBeats: number): TimeBase {
  return Object.freeze({
    recordS: nSamples / fsHz,
    analysedS: (nSamples - excluded.totalSamples) / fsHz,
    excludedS: excluded.totalSamples / fsHz,
    excludedPercent: nSamples > 0 ? (100 * excluded.totalSamples) / nSamples : null,
    excludedSpanCount: excluded.spans.length,
    excludedBeats,
  });
}
