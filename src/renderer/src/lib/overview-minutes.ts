import type { RecordOverview } from '../../../shared/api';
import type { EctopyDensity } from './ectopy-density';
import type { HrRangeTrend } from './hr-trend-series';

/**
 * The overview chart's per-minute inputs from the stored per-minute aggregates of `record:overview`:
 * the heart-rate min–max band and the S and V ectopy density.
 * @param minutes - `RecordOverview.minutes` (one entry per minute of the record), or null when the
 *   analysis has none (no finished analysis)
 * @returns `hrRange` (bpm per 60 s bin; NaN where a minute has no RR interval) and `ectopy` (S and V
 *   beats per 60 s bin), both null when `minutes` is null
 */
export function overviewMinuteSeries(minutes: RecordOverview['minutes']): {
  hrRange: HrRangeTrend | null;
  ectopy: EctopyDensity | null;
} {
  if (minutes === null) return { hrRange: null, ectopy: null };
  return {
    hrRange: { binS: minutes.minuteS, minBpm: minutes.hrMinBpm, maxBpm: minutes.hrMaxBpm },
    ectopy: { binS: minutes.minuteS, sPerBin: Float32Array.from(minutes.sCount), vPerBin: Float32Array.from(minutes.vCount) },
  };
}
