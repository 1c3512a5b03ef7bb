import type { AamiClass } from '../../../shared/labels';
import { DEFAULT_HR_TREND_CONFIG, forEachHeartRate, type HrTrendConfig } from './hr-trend';
import { addHeartRate, MINUTE_S, minuteOf, type MinuteStats } from './minute-stats';

/** What the minute aggregates see of one beat. */
export interface BeatAggregateState {
  label: AamiClass;
  /** marked artefact: neither counted nor used for HR */
  artefact: boolean;
  /** deleted (or not yet inserted): absent */
  deleted: boolean;
}

/** One beat an edit touched: its R-peak sample and its state before and after. */
export interface BeatStateChange {
  sample: number;
  from: BeatAggregateState;
  to: BeatAggregateState;
}

/** The present beats (not deleted) with startSample ≤ sample < endSample, sorted, with their artefact flags (1 = artefact). */
export type PresentBeatReader = (startSample: number, endSample: number) => { samples: Int32Array; artefact: Uint8Array };

/**
 * Brings per-minute aggregates up to date after an edit, touching only the minutes it changed, with the result
 * {@link minuteStats} would give for the edited beats (bit for bit: the same intervals are summed in the same order).
 *
 * - Class counts: each changed beat's old contribution is taken out of its minute and its new one put in.
 * - Heart rate: a beat whose presence or artefact flag changed alters only the RR intervals closing at it and at the
 *   next present beat; an interval longer than `config.maxRrMs` is never used, so only the minutes overlapping
 *   [sample, sample + maxRrMs] can change. Those minutes are recomputed from the beats `readBeats` returns for them
 *   (from maxRrMs before their start), in runs of consecutive minutes.
 *
 * @param stats - the aggregates before the edit (as stored); updated in place
 * @param changes - the beats the edit touched (a label-only change costs O(1), nothing is read for it)
 * @param fsHz - sampling frequency, in Hz (> 0)
 * @param readBeats - the beats after the edit, by sample range
 * @param config - the usable RR range the aggregates were built with
 * @throws RangeError when fsHz is not positive
 */
export function updateMinuteStats(
  stats: MinuteStats,
  changes: readonly BeatStateChange[],
  fsHz: number,
  readBeats: PresentBeatReader,
  config: Readonly<HrTrendConfig> = DEFAULT_HR_TREND_CONFIG,
): void {
  if (!(fsHz > 0)) throw new RangeError(`updateMinuteStats: fsHz must be positive, got ${fsHz}`);
  const n = stats.rrCount.length;
  if (n === 0) return;
  const maxRrSamples = Math.ceil((config.maxRrMs / 1000) * fsHz) + 2;
  const dirty = new Uint8Array(n);
  const counted = (state: BeatAggregateState): boolean => !state.deleted && !state.artefact;
  for (const { sample, from, to } of changes) {
    const m = minuteOf(sample, fsHz, n);
    if (counted(from)) stats.counts[from.label][m] = (stats.counts[from.label][m] as number) - 1;
    if (counted(to)) stats.counts[to.label][m] = (stats.counts[to.label][m] as number) + 1;
    if (from.deleted !== to.deleted || from.artefact !== to.artefact) dirty.fill(1, m, minuteOf(sample + maxRrSamples, fsHz, n) + 1);
  }
  for (let first = dirty.indexOf(1); first >= 0;) {
    let last = first;
    while (last + 1 < n && dirty[last + 1] === 1) last++;
    recomputeHeartRate(stats, first, last, fsHz, maxRrSamples, readBeats, config);
    first = dirty.indexOf(1, last + 1);
  }
}

/** Recomputes the HR aggregates of minutes first..last from the beats read for them. */
function recomputeHeartRate(
  stats: MinuteStats,
  first: number,
  last: number,
  fsHz: number,
  maxRrSamples: number,
  readBeats: PresentBeatReader,
  config: Readonly<HrTrendConfig>,
): void {
  const n = stats.rrCount.length;
  stats.rrCount.fill(0, first, last + 1);
  stats.hrSumBpm.fill(0, first, last + 1);
  stats.hrMinBpm.fill(NaN, first, last + 1);
  stats.hrMaxBpm.fill(NaN, first, last + 1);
  const samplesPerMinute = MINUTE_S * fsHz;
  // the last minute also holds any sample past the record's end (minuteOf clamps)
  const endSample = last === n - 1 ? Number.MAX_SAFE_INTEGER : Math.ceil((last + 1) * samplesPerMinute) + 1;
  const beats = readBeats(Math.max(0, Math.floor(first * samplesPerMinute) - maxRrSamples), endSample);
  forEachHeartRate(beats.samples, fsHz, config, beats.artefact, (end, bpm) => {
    const m = minuteOf(end, fsHz, n);
    if (m >= first && m <= last) addHeartRate(stats, m, bpm);
  });
}
