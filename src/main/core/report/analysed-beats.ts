import type { AamiClass } from '../../../shared/labels';
import type { ExcludedSpans } from './excluded-spans';
import type { ReportBeat } from './report-input';

/** The beats the report analyses, with where the sequence is broken by exclusions. */
export interface AnalysedBeats {
  /** Sampling frequency, in Hz. */
  readonly fsHz: number;
  /** Sample of each analysed beat, increasing. */
  readonly samples: readonly number[];
  /** AAMI class of each analysed beat. */
  readonly labels: readonly AamiClass[];
  /**
   * `contiguous[i]` is true when beat i directly follows analysed beat i − 1: no excluded beat and no excluded sample
   * lies between them, so the RR interval between them is known. Always false for i = 0.
   */
  readonly contiguous: readonly boolean[];
  /** Beats left out: flagged excluded, or inside an excluded span. */
  readonly excludedBeats: number;
}

/**
 * Selects the analysed beats: beats not flagged excluded and not inside an excluded span. The sequence is broken
 * (not contiguous) across every excluded beat and every excluded span, so no RR interval, run or pattern is formed
 * across them.
 *
 * @param beats - the record's beats (checked by `checkReportInput`).
 * @param excluded - the merged excluded spans.
 * @param fsHz - sampling frequency, in Hz.
 * @returns the analysed beats.
 */
export function analysedBeats(beats: readonly ReportBeat[], excluded: ExcludedSpans, fsHz: number): AnalysedBeats {
  const samples: number[] = [];
  const labels: AamiClass[] = [];
  const contiguous: boolean[] = [];
  let linked = false;
  let excludedBeats = 0;
  for (const beat of beats) {
    if (beat.excluded || excluded.overlap(beat.sample, beat.sample + 1) > 0) {
      excludedBeats++;
      linked = false;
      continue;
    }
    const previous = samples[samples.length - 1];
    contiguous.push(linked && previous !== undefined && excluded.overlap(previous, beat.sample) === 0);
    samples.push(beat.sample);
    labels.push(beat.label);
    linked = true;
  }
  return Object.freeze({ fsHz, samples, labels, contiguous, excludedBeats });
}

/**
 * RR interval ending at analysed beat i, in ms, or null when it is unknown (first beat, or not contiguous).
 * @param beats - the analysed beats.
 * @param i - index of the interval's end beat.
 */
export function rrMsBefore(beats: AnalysedBeats, i: number): number | null {
  if (beats.contiguous[i] !== true) return null;
  return (((beats.samples[i] as number) - (beats.samples[i - 1] as number)) * 1000) / beats.fsHz;
}
