import type { RhythmEpisode, RhythmLabel } from '../../../shared/api';
import { RHYTHM_LABELS } from '../rhythm/rhythm-labels';
import type { ArrhythmiaThresholds } from './arrhythmia-thresholds';
import type { EctopicRun } from './ectopic-runs';
import type { EctopySummary, TimedRun } from './ectopy';
import type { ExcludedSpans } from './excluded-spans';
import type { RecordClock, ReportTime } from './record-clock';

/** One rhythm episode located in time. */
export interface TimedEpisode {
  readonly onsetSample: number;
  /** Sample after the episode (exclusive). */
  readonly endSample: number;
  /** Duration, in seconds. */
  readonly durationS: number;
  /** Clock time of the onset. */
  readonly onset: ReportTime;
}

/** Episodes of one rhythm label. */
export interface RhythmSummary {
  readonly label: RhythmLabel;
  /** Number of episodes. */
  readonly episodes: number;
  /** Total duration of the episodes, in seconds. */
  readonly totalS: number;
  /** Every episode, in time order. */
  readonly list: readonly TimedEpisode[];
  /** Longest episode (the first of equals), or null without episodes. */
  readonly longest: TimedEpisode | null;
  /** Analysed time inside the episodes as a percentage (0..100) of all analysed time, or null without analysed time. */
  readonly burdenPercent: number | null;
}

/** VT or SVT runs found in the beat sequence. */
export interface TachycardiaSummary {
  /** Qualifying runs (≥ `minRunBeats` beats of the class, rate above the class's threshold), in time order. */
  readonly runs: readonly EctopicRun[];
  /** Those lasting ≥ `sustainedMinS`. */
  readonly sustained: number;
  /** Qualifying run with the most beats (the first of equals), or null. */
  readonly longest: TimedRun | null;
  /** Qualifying run with the highest rate (the first of equals), or null. */
  readonly fastest: TimedRun | null;
}

/** Rhythm episodes and tachycardias. */
export interface EpisodeSummary {
  /**
   * Per rhythm-stage label: 'A' atrial fibrillation (the rhythm model does not separate flutter, which falls in 'O'),
   * 'O' other rhythm, 'N' normal sinus rhythm, '~' too noisy to classify.
   */
  readonly rhythm: Readonly<Record<RhythmLabel, RhythmSummary>>;
  /** Ventricular tachycardia: V runs above `vtMinRateBpm`. */
  readonly vt: TachycardiaSummary;
  /** Supraventricular tachycardia: S runs above `svtMinRateBpm`. */
  readonly svt: TachycardiaSummary;
}

function tachycardia(runs: readonly EctopicRun[], minRateBpm: number, sustainedMinS: number, clock: RecordClock): TachycardiaSummary {
  const fast = runs.filter((r) => (r.rateBpm as number) > minRateBpm);
  const pick = (key: 'beats' | 'rateBpm'): TimedRun | null => {
    const run = fast.reduce<EctopicRun | null>((acc, r) => (acc === null || (r[key] as number) > (acc[key] as number) ? r : acc), null);
    return run === null ? null : { ...run, onset: clock.at(run.onsetSample) };
  };
  return {
    runs: fast,
    sustained: fast.filter((r) => r.durationS >= sustainedMinS).length,
    longest: pick('beats'),
    fastest: pick('rateBpm'),
  };
}

/**
 * Summarises the rhythm stage's episodes per label (count, total, longest, burden over analysed time) and finds
 * VT and SVT in the beat sequence: runs of ≥ `minRunBeats` V (S) beats whose rate is above `vtMinRateBpm`
 * (`svtMinRateBpm`), sustained when they last ≥ `sustainedMinS` (see `ArrhythmiaThresholds` for the sources).
 *
 * @param episodes - rhythm episodes (checked by `checkReportInput`).
 * @param ectopySummary - the record's ectopy (its runs).
 * @param excluded - merged excluded spans.
 * @param nSamples - record length, in samples.
 * @param clock - record clock.
 * @param thresholds - VT/SVT thresholds.
 * @returns the summary.
 */
export function episodeSummary(
  episodes: readonly RhythmEpisode[],
  ectopySummary: EctopySummary,
  excluded: ExcludedSpans,
  nSamples: number,
  clock: RecordClock,
  thresholds: ArrhythmiaThresholds,
): EpisodeSummary {
  const analysedSamples = nSamples - excluded.totalSamples;
  const summarise = (label: RhythmLabel): RhythmSummary => {
    const list = episodes
      .filter((e) => e.label === label)
      .map((e) => ({
        onsetSample: e.onsetSample,
        endSample: e.endSample,
        durationS: (e.endSample - e.onsetSample) / clock.fsHz,
        onset: clock.at(e.onsetSample),
      }));
    const inside = list.reduce((acc, e) => acc + e.endSample - e.onsetSample - excluded.overlap(e.onsetSample, e.endSample), 0);
    return {
      label,
      episodes: list.length,
      totalS: list.reduce((acc, e) => acc + e.durationS, 0),
      list,
      longest: list.reduce<TimedEpisode | null>((acc, e) => (acc === null || e.durationS > acc.durationS ? e : acc), null),
      burdenPercent: analysedSamples > 0 ? (100 * inside) / analysedSamples : null,
    };
  };
  const rhythm = Object.fromEntries(RHYTHM_LABELS.map((label) => [label, summarise(label)])) as Record<RhythmLabel, RhythmSummary>;
  return Object.freeze({
    rhythm,
    vt: tachycardia(ectopySummary.V.runs, thresholds.vtMinRateBpm, thresholds.sustainedMinS, clock),
    svt: tachycardia(ectopySummary.S.runs, thresholds.svtMinRateBpm, thresholds.sustainedMinS, clock),
  });
}
