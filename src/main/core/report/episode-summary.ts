import type { HolterRhythm, RhythmEpisode } from '../../../shared/api';
import { HOLTER_RHYTHM_CODES } from '../../../shared/holter-rhythms';
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

/** Episodes of one Holter rhythm type. */
export interface RhythmSummary {
  readonly label: HolterRhythm;
  /** Number of episodes. */
  readonly episodes: number;
  /** Total duration of the episodes, in seconds. */
  readonly totalS: number;
  /** Every episode, in time order. */
  readonly list: readonly TimedEpisode[];
  /** Longest episode (the first of equals), or null without episodes. */
  readonly longest: TimedEpisode | null;
  /**
   * Analysed time inside the episodes as a percentage (0..100) of the analysed time outside NOISE episodes (noise is
   * excluded from every burden, AF burden included), or null without such time.
   */
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
   * Per Holter rhythm type (`holter-rhythms.ts`): AFIB atrial fibrillation, AFL flutter (reviewer-assigned), VT, SVTA,
   * B/T ventricular bigeminy/trigeminy, VFL/VF, OTHER, N, NOISE.
   */
  readonly rhythm: Readonly<Record<HolterRhythm, RhythmSummary>>;
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
  const inside = (e: RhythmEpisode): number => e.endSample - e.onsetSample - excluded.overlap(e.onsetSample, e.endSample);
  const noiseSamples = episodes.reduce((acc, e) => acc + (e.label === 'NOISE' ? inside(e) : 0), 0);
  const analysedSamples = nSamples - excluded.totalSamples - noiseSamples;
  const summarise = (label: HolterRhythm): RhythmSummary => {
    const list = episodes
      .filter((e) => e.label === label)
      .map((e) => ({
        onsetSample: e.onsetSample,
        endSample: e.endSample,
        durationS: (e.endSample - e.onsetSample) / clock.fsHz,
        onset: clock.at(e.onsetSample),
      }));
    const covered = episodes.reduce((acc, e) => acc + (e.label === label ? inside(e) : 0), 0);
    return {
      label,
      episodes: list.length,
      totalS: list.reduce((acc, e) => acc + e.durationS, 0),
      list,
      longest: list.reduce<TimedEpisode | null>((acc, e) => (acc === null || e.durationS > acc.durationS ? e : acc), null),
      burdenPercent: label !== 'NOISE' && analysedSamples > 0 ? (100 * covered) / analysedSamples : null,
    };
  };
  const rhythm = Object.fromEntries(HOLTER_RHYTHM_CODES.map((label) => [label, summarise(label)])) as Record<HolterRhythm, RhythmSummary>;
  return Object.freeze({
    rhythm,
    vt: tachycardia(ectopySummary.V.runs, thresholds.vtMinRateBpm, thresholds.sustainedMinS, clock),
    svt: tachycardia(ectopySummary.S.runs, thresholds.svtMinRateBpm, thresholds.sustainedMinS, clock),
  });
}
