import type { ReviewViewDelta } from '../../../shared/api';
import { trendFromMinutes, type MinuteStats } from '../analysis/minute-stats';

/**
 * The minutes whose overview aggregates (heart rate min, mean and max; S and V counts) differ between two states of
 * one analysis's per-minute aggregates, as a review edit's reply sends them.
 * @param before - the aggregates read before the edit
 * @param after - the aggregates read after its commit (the same number of minutes)
 * @returns the changed minutes, ascending, with their values after, and whether any minute's RR intervals changed
 * @throws RangeError when the two have different minute counts
 */
export function minuteChanges(before: MinuteStats, after: MinuteStats): NonNullable<ReviewViewDelta['minutes']> {
  const n = after.rrCount.length;
  if (before.rrCount.length !== n) throw new RangeError(`minuteChanges: ${before.rrCount.length} minutes before, ${n} after`);
  const changed: number[] = [];
  let heartRateChanged = false;
  for (let m = 0; m < n; m++) {
    const heartRate =
      before.rrCount[m] !== after.rrCount[m] ||
      !Object.is(before.hrSumBpm[m], after.hrSumBpm[m]) ||
      !Object.is(before.hrMinBpm[m], after.hrMinBpm[m]) ||
      !Object.is(before.hrMaxBpm[m], after.hrMaxBpm[m]);
    heartRateChanged ||= heartRate;
    if (heartRate || before.counts.S[m] !== after.counts.S[m] || before.counts.V[m] !== after.counts.V[m]) changed.push(m);
  }
  const index = Uint32Array.from(changed);
  const meanBpm = trendFromMinutes(after, 1);
  return {
    index,
    hrMinBpm: Float32Array.from(changed, (m) => after.hrMinBpm[m] as number),
    hrMeanBpm: Float32Array.from(changed, (m) => meanBpm[m] as number),
    hrMaxBpm: Float32Array.from(changed, (m) => after.hrMaxBpm[m] as number),
    sCount: Uint16Array.from(changed, (m) => after.counts.S[m] as number),
    vCount: Uint16Array.from(changed, (m) => after.counts.V[m] as number),
    heartRateChanged,
  };
}
