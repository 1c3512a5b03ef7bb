import { analysedBeats } from './analysed-beats';
import { ARRHYTHMIA_THRESHOLDS, checkArrhythmiaThresholds, type ArrhythmiaThresholds } from './arrhythmia-thresholds';
import { ectopy, type EctopySummary } from './ectopy';
import { episodeSummary, type EpisodeSummary } from './episode-summary';
import { mergeExcludedSpans } from './excluded-spans';
import { heartRate, HEART_RATE_CONFIG, type HeartRateConfig, type HeartRateSummary } from './heart-rate';
import { hourBins } from './hour-bins';
import { HRV_CONFIG, hrvTimeDomain, type HrvConfig, type HrvTimeDomain } from './hrv-time-domain';
import { NN_EDITING_CONFIG, nnIntervals, type NnEditingConfig } from './nn-intervals';
import { pauses, type PauseSummary } from './pauses';
import { recordClock } from './record-clock';
import { checkReportInput, type HolterReportInput } from './report-input';
import { timeBase, type TimeBase } from './time-base';

/** Every tunable of the report, each documented in its own config type. */
export interface HolterReportConfig {
  readonly nnEditing: NnEditingConfig;
  readonly hrv: HrvConfig;
  readonly heartRate: HeartRateConfig;
  readonly thresholds: ArrhythmiaThresholds;
}

/** Default report configuration. */
export const HOLTER_REPORT_CONFIG: HolterReportConfig = Object.freeze({
  nnEditing: NN_EDITING_CONFIG,
  hrv: HRV_CONFIG,
  heartRate: HEART_RATE_CONFIG,
  thresholds: ARRHYTHMIA_THRESHOLDS,
});

/** The computed figures of a Holter report (no presentation). */
export interface HolterReport {
  readonly recordName: string;
  readonly fsHz: number;
  readonly nSamples: number;
  /** The configuration the figures were computed with. */
  readonly config: HolterReportConfig;
  readonly timeBase: TimeBase;
  readonly heartRate: HeartRateSummary;
  /** NN editing outcome: candidates and rejections by filter. */
  readonly nnEditingOutcome: { readonly candidates: number; readonly rejectedByRange: number; readonly rejectedByChange: number };
  readonly hrv: HrvTimeDomain;
  readonly ectopy: EctopySummary;
  readonly pauses: PauseSummary;
  readonly episodes: EpisodeSummary;
}

/**
 * Computes the figures of a Holter report over analysed time (the record without its excluded spans): time base,
 * heart rate (overall and hourly), time-domain HRV on edited NN intervals, S and V ectopy, pauses, rhythm episodes and
 * VT/SVT. Each part is documented in its own module with its definition and source.
 *
 * @param input - beats, excluded spans, rhythm episodes and record facts.
 * @param config - tunables; defaults to {@link HOLTER_REPORT_CONFIG}.
 * @returns the report figures; figures that a record cannot define (no beats, everything excluded) are null, never NaN.
 * @throws RangeError naming the record and the problem for invalid input (see `checkReportInput`, `recordClock`) or
 *   an invalid configuration.
 */
export function holterReport(input: HolterReportInput, config: HolterReportConfig = HOLTER_REPORT_CONFIG): HolterReport {
  checkReportInput(input);
  checkArrhythmiaThresholds(config.thresholds);
  const { fsHz, nSamples } = input;
  const clock = recordClock(input.recordName, fsHz, input.baseTime, input.baseDate);
  const excluded = mergeExcludedSpans(input.excludedSpans);
  const beats = analysedBeats(input.beats, excluded, fsHz);
  const hours = hourBins(clock, nSamples);
  const nn = nnIntervals(beats, config.nnEditing);
  const ectopySummary = ectopy(beats, clock, hours, config.thresholds);
  return Object.freeze({
    recordName: input.recordName,
    fsHz,
    nSamples,
    config,
    timeBase: timeBase(nSamples, fsHz, excluded, beats.excludedBeats),
    heartRate: heartRate(beats, clock, hours, excluded, config.heartRate),
    nnEditingOutcome: { candidates: nn.candidates, rejectedByRange: nn.rejectedByRange, rejectedByChange: nn.rejectedByChange },
    hrv: hrvTimeDomain(nn, fsHz, config.hrv),
    ectopy: ectopySummary,
    pauses: pauses(beats, clock, config.thresholds.pauseMinMs),
    episodes: episodeSummary(input.rhythmEpisodes, ectopySummary, excluded, nSamples, clock, config.thresholds),
  });
}
