import type { AamiClass } from '../../../shared/labels';
import type { ExcludedSpans } from './excluded-spans';
import type { ReportBeat } from './report-input';

/** The beats the report analyses, with where the sequence is broken by exclusions. */
export interface AnalysedBeats {
  /** Sampling frequency, in Hz. */
  readonly fsHz: number;
  /** Sample of each analysed beat, increasing (an array, or the analysis's Int32Array of beat samples as is). */
  readonly samples: ArrayLike<number>;
  /** AAMI class of each analysed beat. */
  readonly labels: readonly AamiClass[];
  /**
   * `contiguous[i]` is 1 when beat i directly follows analysed beat i − 1: no excluded beat and no excluded sample
   * lies between them, so the RR interval between them is known; else 0. Always 0 for i = 0. (A byte per beat: a
   * 7-day record's 770k beats as an array of booleans would take 6 MB.)
   */
  readonly contiguous: Uint8Array;
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
  const contiguous = new Uint8Array(beats.length);
  let linked = false;
  let excludedBeats = 0;
  for (const beat of beats) {
    if (beat.excluded || excluded.overlap(beat.sample, beat.sample + 1) > 0) {
      excludedBeats++;
      linked = false;
      continue;
    }
    const previous = samples[samples.length - 1];
    contiguous[samples.length] = linked && previous !== undefined && excluded.overlap(previous, beat.sample) === 0 ? 1 : 0;
    samples.push(beat.sample);
    labels.push(beat.label);
    linked = true;
  }
  return Object.freeze({ fsHz, samples, labels, contiguous: contiguous.subarray(0, samples.length), excludedBeats });
}

/**
 * RR interval ending at analysed beat i, in ms, or null when it is unknown (first beat, or not contiguous).
 * @param beats - the analysed beats.
 * @param i - index of the interval's end beat.
 */
export function rrMsBefore(beats: AnalysedBeats, i: number): number | null {
  if (beats.contiguous[i] !== 1) return null;
  return (((beats.samples[i] as number) - (beats.samples[i - 1] as number)) * 1000) / beats.fsHz;
}
