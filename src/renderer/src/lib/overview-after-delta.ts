import type { RecordOverview, ReviewViewDelta } from '../../../shared/api';

/**
 * The overview after a review edit, from the edit's {@link ReviewViewDelta} instead of a `record:overview` reload:
 * status and counts replaced, the changed minutes' S and V counts written into copies of the per-minute arrays.
 * Only when the edit changed no RR interval (a relabel: the HR trend at the overview's bin width would need every
 * beat's RR interval of the bin) and the minute counts match.
 * @param overview - the overview shown (not modified)
 * @param delta - the edit's reply's delta
 * @returns the new overview, or null when a reload is needed (an analysis without aggregates, changed RR intervals)
 */
export function overviewAfterDelta(overview: RecordOverview, delta: ReviewViewDelta): RecordOverview | null {
  const shown = overview.minutes;
  const changed = delta.minutes;
  if (shown === null || changed === null || changed.heartRateChanged || changed.index.some((m) => m >= shown.sCount.length)) return null;
  const sCount = shown.sCount.slice();
  const vCount = shown.vCount.slice();
  changed.index.forEach((m, k) => {
    sCount[m] = changed.sCount[k] as number;
    vCount[m] = changed.vCount[k] as number;
  });
  return { ...overview, reviewStatus: delta.reviewStatus, beatCounts: delta.beatCounts, minutes: { ...shown, sCount, vCount } };
}
