import type { AnalysedBeats } from './analysed-beats';
import type { RecordClock, ReportTime } from './record-clock';

/** One RR interval located in time. */
export interface TimedRr {
  /** The interval, in ms. */
  readonly rrMs: number;
  /** Sample of the beat that starts the interval. */
  readonly onsetSample: number;
  /** Sample of the beat that ends it. */
  readonly endBeatSample: number;
  /** Clock time of the starting beat. */
  readonly onset: ReportTime;
}

/** Pauses and the longest RR interval. */
export interface PauseSummary {
  /** The pause threshold used, in ms (intervals strictly longer count). */
  readonly thresholdMs: number;
  /** Every pause, in time order. */
  readonly pauses: readonly TimedRr[];
  /** Longest known RR interval (the first of equals), or null without RR intervals. */
  readonly longestRr: TimedRr | null;
}

/**
 * Pauses: known RR intervals (between contiguous analysed beats, of any class) strictly longer than the threshold,
 * as `../shared/reference/hrv/hrv_reference.py` counts them; intervals across an exclusion are unknown and never a
 * pause.
 *
 * @param beats - analysed beats.
 * @param clock - record clock.
 * @param thresholdMs - pause threshold, in ms (`ARRHYTHMIA_THRESHOLDS.pauseMinMs`).
 * @returns the pauses and the longest RR.
 */
export function pauses(beats: AnalysedBeats, clock: RecordClock, thresholdMs: number): PauseSummary {
  const { samples, contiguous, fsHz } = beats;
  const found: TimedRr[] = [];
  let longest = -1;
  const timed = (i: number): TimedRr => {
    const onsetSample = samples[i - 1] as number;
    const endBeatSample = samples[i] as number;
    return { rrMs: ((endBeatSample - onsetSample) * 1000) / fsHz, onsetSample, endBeatSample, onset: clock.at(onsetSample) };
  };
  for (let i = 1; i < samples.length; i++) {
    if (contiguous[i] !== 1) continue;
    const rrSamples = (samples[i] as number) - (samples[i - 1] as number);
    if ((rrSamples * 1000) / fsHz > thresholdMs) found.push(timed(i));
    if (longest < 0 || rrSamples > (samples[longest] as number) - (samples[longest - 1] as number)) longest = i;
  }
  return Object.freeze({ thresholdMs, pauses: found, longestRr: longest > 0 ? timed(longest) : null });
}
