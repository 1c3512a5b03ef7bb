import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { AnalysedBeats } from './analysed-beats';
import type { ArrhythmiaThresholds } from './arrhythmia-thresholds';
import { ectopicPatterns, type EctopicPattern } from './ectopic-patterns';
import { ectopicRuns, type EctopicClass, type EctopicRun } from './ectopic-runs';
import type { HourBin, HourBins } from './hour-bins';
import type { RecordClock, ReportTime } from './record-clock';

/** A run with the clock time of its first beat. */
export interface TimedRun extends EctopicRun {
  readonly onset: ReportTime;
}

/** Ectopy of one class in one hour bin. */
export interface HourlyEctopy {
  readonly hour: HourBin;
  /** Ectopic beats of the class in the hour. */
  readonly beats: number;
  /** Isolated beats in the hour. */
  readonly isolated: number;
  /** Couplets whose first beat is in the hour. */
  readonly couplets: number;
  /** Runs (≥ `minRunBeats`) whose first beat is in the hour. */
  readonly runs: number;
}

/** Ectopy figures of one class (S or V). */
export interface EctopyClassSummary {
  readonly beatClass: EctopicClass;
  /** Analysed beats of the class. */
  readonly beats: number;
  /** Those beats as a percentage (0..100) of all analysed beats, or null when there are none. */
  readonly burdenPercent: number | null;
  /** Single beats of the class between beats of other classes (or exclusions). */
  readonly isolated: number;
  /** Sequences of exactly 2. */
  readonly couplets: number;
  /** Sequences of ≥ `minRunBeats`, in time order. */
  readonly runs: readonly EctopicRun[];
  /** Sequences of exactly 2, in time order. */
  readonly coupletList: readonly EctopicRun[];
  /** Sequences longer than 2 but shorter than `minRunBeats` (none with the default of 3). */
  readonly shortRuns: number;
  /** Longest run (most beats; the first of equals), or null without runs. */
  readonly longestRun: TimedRun | null;
  /** Fastest run (highest rate; the first of equals), or null without runs. */
  readonly fastestRun: TimedRun | null;
  /** Bigeminy episodes of the class (≥ `patternMinCycles` N–X cycles), in time order. */
  readonly bigeminy: readonly EctopicPattern[];
  /** Trigeminy episodes of the class (≥ `patternMinCycles` N–N–X cycles), in time order. */
  readonly trigeminy: readonly EctopicPattern[];
  /** One row per hour bin. */
  readonly hourly: readonly HourlyEctopy[];
}

/** S and V ectopy. */
export interface EctopySummary {
  /** All analysed beats (the denominator of the burdens). */
  readonly analysedBeats: number;
  /** Analysed beats per AAMI class. */
  readonly byClass: Readonly<Record<AamiClass, number>>;
  /** Supraventricular ectopy. */
  readonly S: EctopyClassSummary;
  /** Ventricular ectopy. */
  readonly V: EctopyClassSummary;
}

function classSummary(
  beats: AnalysedBeats,
  beatClass: EctopicClass,
  clock: RecordClock,
  hours: HourBins,
  thresholds: ArrhythmiaThresholds,
): EctopyClassSummary {
  const all = ectopicRuns(beats, beatClass);
  const runs = all.filter((r) => r.beats >= thresholds.minRunBeats);
  const coupletList = all.filter((r) => r.beats === 2);
  const hourly = hours.bins.map((hour) => ({ hour, beats: 0, isolated: 0, couplets: 0, runs: 0 }));
  for (const run of all) {
    const row = hourly[hours.indexOf(run.onsetSample)];
    if (row === undefined) continue;
    if (run.beats === 1) row.isolated++;
    else if (run.beats === 2) row.couplets++;
    else if (run.beats >= thresholds.minRunBeats) row.runs++;
  }
  let count = 0;
  beats.labels.forEach((label, i) => {
    if (label !== beatClass) return;
    count++;
    const row = hourly[hours.indexOf(beats.samples[i] as number)];
    if (row !== undefined) row.beats++;
  });
  const best = (better: (a: EctopicRun, b: EctopicRun) => boolean): TimedRun | null => {
    const run = runs.reduce<EctopicRun | null>((acc, r) => (acc === null || better(r, acc) ? r : acc), null);
    return run === null ? null : { ...run, onset: clock.at(run.onsetSample) };
  };
  const minCycles = thresholds.patternMinCycles;
  return {
    beatClass,
    beats: count,
    burdenPercent: beats.samples.length > 0 ? (100 * count) / beats.samples.length : null,
    isolated: all.filter((r) => r.beats === 1).length,
    couplets: coupletList.length,
    runs,
    coupletList,
    shortRuns: all.filter((r) => r.beats > 2 && r.beats < thresholds.minRunBeats).length,
    longestRun: best((a, b) => a.beats > b.beats),
    fastestRun: best((a, b) => (a.rateBpm as number) > (b.rateBpm as number)),
    bigeminy: ectopicPatterns(beats, 'bigeminy', beatClass, minCycles),
    trigeminy: ectopicPatterns(beats, 'trigeminy', beatClass, minCycles),
    hourly,
  };
}

/**
 * Supraventricular (S) and ventricular (V) ectopy over the analysed beats: isolated beats, couplets and runs (maximal
 * sequences of consecutive beats of the class, see `ectopicRuns`), the longest and fastest run, bigeminy and trigeminy
 * episodes (`ectopicPatterns`), hourly counts and the burden as a percentage of analysed beats.
 *
 * @param beats - analysed beats.
 * @param clock - record clock.
 * @param hours - hour bins.
 * @param thresholds - run length and pattern cycles (`ARRHYTHMIA_THRESHOLDS`).
 * @returns the S and V summaries.
 */
export function ectopy(beats: AnalysedBeats, clock: RecordClock, hours: HourBins, thresholds: ArrhythmiaThresholds): EctopySummary {
  return Object.freeze({
    analysedBeats: beats.samples.length,
    byClass: Object.fromEntries(AAMI_CLASSES.map((c) => [c, beats.labels.filter((label) => label === c).length])) as Record<
      AamiClass,
      number
    >,
    S: classSummary(beats, 'S', clock, hours, thresholds),
    V: classSummary(beats, 'V', clock, hours, thresholds),
  });
}
