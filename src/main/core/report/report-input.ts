import type { RhythmEpisode } from '../../../shared/api';
import { MAX_SAMPLE_INDEX } from '../../../shared/api-bounds';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';

/** One beat as the report takes it. */
export interface ReportBeat {
  /** QRS fiducial point, 0-based sample index from the record start. */
  readonly sample: number;
  /** AAMI EC57 class (N, S, V, F, Q). */
  readonly label: AamiClass;
  /**
   * True when the beat is excluded from analysis (flagged artefact, or its class is not trusted). An excluded beat is
   * not counted, the RR intervals on both sides of it are unknown and dropped, and it breaks every run and pattern. A
   * detection that is not a heartbeat at all should be deleted, not flagged: flagging does not join its neighbours.
   */
  readonly excluded: boolean;
}

/** A half-open span of samples [onsetSample, endSample) of the record. */
export interface SampleSpan {
  /** First sample of the span, 0-based. */
  readonly onsetSample: number;
  /** Sample after the last one (exclusive). */
  readonly endSample: number;
}

/** Everything the Holter report is computed from (no transport, no store). */
export interface HolterReportInput {
  /** Record name, used in error messages. */
  readonly recordName: string;
  /** Sampling frequency, in Hz (the unit of every sample index here). */
  readonly fsHz: number;
  /** Record length, in samples. */
  readonly nSamples: number;
  /** WFDB header base time as written (`hh:mm:ss[.sss]`, `mm:ss` or `ss`), or null when the header has none. */
  readonly baseTime: string | null;
  /** WFDB header base date as written (`dd/mm/yyyy`), or null. Ignored without a base time. */
  readonly baseDate: string | null;
  /** Beats in strictly increasing sample order, each inside [0, nSamples). */
  readonly beats: readonly ReportBeat[];
  /** Noise/artefact spans excluded from analysis, each inside [0, nSamples); any order, overlaps allowed. */
  readonly excludedSpans: readonly SampleSpan[];
  /** Rhythm episodes in time order, not overlapping, each inside [0, nSamples) (e.g. from `mergeEpisodes`). */
  readonly rhythmEpisodes: readonly RhythmEpisode[];
}

/** Largest accepted sampling frequency, in Hz. */
const MAX_FS_HZ = 100_000;
/**
 * Longest record the report accepts, in days: 30-day extended ambulatory monitoring with margin. Keeps the hourly
 * tables at most 841 rows whatever the sampling rate.
 */
const MAX_RECORD_DAYS = 35;

/**
 * Checks a report input and throws on the first problem.
 *
 * @param input - the report input.
 * @throws RangeError `record NAME: …` naming the problem and the offending item (index and sample) for a sampling rate
 *   that is not a positive finite number up to 100 kHz, a record length that is not an integer in [0, 2^40] or lasts
 *   over 35 days, a beat
 *   whose sample is not an integer inside the record or not after the previous beat's, an unknown label, a non-boolean
 *   excluded flag, a span or episode that is not integer, empty/reversed or outside the record, or episodes out of
 *   order or overlapping.
 */
export function checkReportInput(input: HolterReportInput): void {
  const fail = (problem: string): never => {
    throw new RangeError(`record ${input.recordName}: ${problem}`);
  };
  const { fsHz, nSamples } = input;
  if (!(Number.isFinite(fsHz) && fsHz > 0 && fsHz <= MAX_FS_HZ)) fail(`sampling frequency ${fsHz} Hz is not in (0, ${MAX_FS_HZ}]`);
  if (!(Number.isSafeInteger(nSamples) && nSamples >= 0 && nSamples <= MAX_SAMPLE_INDEX))
    fail(`record length ${nSamples} is not an integer in [0, ${MAX_SAMPLE_INDEX}]`);
  if (nSamples / fsHz > MAX_RECORD_DAYS * 86_400)
    fail(`record of ${(nSamples / fsHz / 86_400).toFixed(1)} days is longer than ${MAX_RECORD_DAYS} days`);
  const inRecord = (s: number): boolean => Number.isSafeInteger(s) && s >= 0 && s < nSamples;
  let previous = -1;
  input.beats.forEach((beat, i) => {
    const where = `beat ${i} (sample ${beat.sample})`;
    if (!inRecord(beat.sample)) fail(`${where} is not an integer sample inside [0, ${nSamples})`);
    if (beat.sample <= previous) fail(`${where} is not after the previous beat (sample ${previous})`);
    if (!AAMI_CLASSES.includes(beat.label)) fail(`${where} has unknown label '${String(beat.label)}'`);
    if (typeof beat.excluded !== 'boolean') fail(`${where} has a non-boolean excluded flag`);
    previous = beat.sample;
  });
  const checkSpan = (span: SampleSpan, where: string): void => {
    const { onsetSample, endSample } = span;
    if (!(inRecord(onsetSample) && Number.isSafeInteger(endSample) && endSample > onsetSample && endSample <= nSamples))
      fail(`${where} [${onsetSample}, ${endSample}) is not a non-empty integer span inside [0, ${nSamples}]`);
  };
  input.excludedSpans.forEach((span, i) => checkSpan(span, `excluded span ${i}`));
  let previousEnd = 0;
  input.rhythmEpisodes.forEach((episode, i) => {
    checkSpan(episode, `rhythm episode ${i}`);
    if (episode.onsetSample < previousEnd)
      fail(`rhythm episode ${i} starts at ${episode.onsetSample}, before the previous one ends (${previousEnd})`);
    previousEnd = episode.endSample;
  });
}
