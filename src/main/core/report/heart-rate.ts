import { rrMsBefore, type AnalysedBeats } from './analysed-beats';
import type { ExcludedSpans } from './excluded-spans';
import type { HourBin, HourBins } from './hour-bins';
import type { RecordClock, ReportTime } from './record-clock';

/** Heart-rate definition. */
export interface HeartRateConfig {
  /**
   * Number of consecutive RR intervals averaged for the minimum and maximum heart rate (a sliding window, one step per
   * beat); default 10, the definition of `../shared/reference/hrv/hrv_reference.py` (min/max "over 10-beat windows").
   * Windows never cross an excluded beat or span.
   */
  readonly windowRr: number;
}

/** Default heart-rate definition: min/max over sliding windows of 10 RR intervals. */
export const HEART_RATE_CONFIG: HeartRateConfig = Object.freeze({ windowRr: 10 });

/** The slowest or fastest window of the record. */
export interface HeartRateExtreme {
  /** 60000 / mean RR of the window, in beats per minute. */
  readonly bpm: number;
  /** First beat of the window. */
  readonly onset: ReportTime;
  /** Last beat of the window. */
  readonly end: ReportTime;
}

/** Heart rate in one hour bin; nulls where the hour has no RR interval (or no full window, for min/max). */
export interface HourlyHeartRate {
  readonly hour: HourBin;
  /** Analysed beats in the hour. */
  readonly beats: number;
  /** Analysed time in the hour, in seconds. */
  readonly analysedS: number;
  /** Lowest window rate among windows ending in the hour, bpm. */
  readonly minBpm: number | null;
  /** 60000 / mean of the RR intervals ending in the hour, bpm. */
  readonly meanBpm: number | null;
  /** Highest window rate among windows ending in the hour, bpm. */
  readonly maxBpm: number | null;
}

/** Heart-rate figures of the report; nulls where there are no RR intervals (or no full window). */
export interface HeartRateSummary {
  /** Known RR intervals (between contiguous analysed beats). */
  readonly rrCount: number;
  /** 60000 / mean of all known RR intervals, bpm (all beat classes, as the reference). */
  readonly meanBpm: number | null;
  /** Slowest window (first one on ties). */
  readonly min: HeartRateExtreme | null;
  /** Fastest window (first one on ties). */
  readonly max: HeartRateExtreme | null;
  /** One row per hour bin. */
  readonly hourly: readonly HourlyHeartRate[];
}

/**
 * Heart rate: mean over all known RR intervals (60000 / mean RR, any beat class), minimum and maximum over sliding
 * windows of `windowRr` consecutive known RR intervals (60000 / mean RR of the window), each with the clock time of
 * the window's first and last beat, and the same per hour (a window or RR interval belongs to the hour of its last
 * beat).
 *
 * @param beats - analysed beats.
 * @param clock - record clock (sample → time).
 * @param hours - hour bins of the record.
 * @param excluded - merged excluded spans (for the analysed time per hour).
 * @param config - window length; defaults to {@link HEART_RATE_CONFIG}.
 * @returns the heart-rate summary.
 * @throws RangeError when `config.windowRr` is not a positive integer.
 */
export function heartRate(
  beats: AnalysedBeats,
  clock: RecordClock,
  hours: HourBins,
  excluded: ExcludedSpans,
  config: HeartRateConfig = HEART_RATE_CONFIG,
): HeartRateSummary {
  const { windowRr } = config;
  if (!(Number.isInteger(windowRr) && windowRr > 0))
    throw new RangeError(`heartRate: windowRr must be a positive integer, got ${windowRr}`);
  const hourly = hours.bins.map((hour) => ({ hour, beats: 0, rrSumMs: 0, rrCount: 0, min: Infinity, max: -Infinity }));
  let rrSumMs = 0;
  let rrCount = 0;
  let min: { bpm: number; last: number } | null = null;
  let max: { bpm: number; last: number } | null = null;
  let runLength = 0;
  const { samples } = beats;
  for (let i = 0; i < samples.length; i++) {
    const row = hourly[hours.indexOf(samples[i] as number)];
    if (row === undefined) continue;
    row.beats++;
    const rr = rrMsBefore(beats, i);
    if (rr === null) {
      runLength = 0;
      continue;
    }
    rrSumMs += rr;
    rrCount++;
    row.rrSumMs += rr;
    row.rrCount++;
    runLength++;
    if (runLength < windowRr) continue;
    const windowMs = (((samples[i] as number) - (samples[i - windowRr] as number)) * 1000) / beats.fsHz;
    const bpm = 60000 / (windowMs / windowRr);
    if (min === null || bpm < min.bpm) min = { bpm, last: i };
    if (max === null || bpm > max.bpm) max = { bpm, last: i };
    row.min = Math.min(row.min, bpm);
    row.max = Math.max(row.max, bpm);
  }
  const extreme = (e: { bpm: number; last: number } | null): HeartRateExtreme | null =>
    e === null ? null : { bpm: e.bpm, onset: clock.at(samples[e.last - windowRr] as number), end: clock.at(samples[e.last] as number) };
  return Object.freeze({
    rrCount,
    meanBpm: rrCount > 0 ? 60000 / (rrSumMs / rrCount) : null,
    min: extreme(min),
    max: extreme(max),
    hourly: hourly.map((row) => ({
      hour: row.hour,
      beats: row.beats,
      analysedS: (row.hour.endSample - row.hour.onsetSample - excluded.overlap(row.hour.onsetSample, row.hour.endSample)) / clock.fsHz,
      minBpm: Number.isFinite(row.min) ? row.min : null,
      meanBpm: row.rrCount > 0 ? 60000 / (row.rrSumMs / row.rrCount) : null,
      maxBpm: Number.isFinite(row.max) ? row.max : null,
    })),
  });
}
