import type { AnalysedBeats } from './analysed-beats';

/** Ectopic beat classes the report tracks. */
export type EctopicClass = 'S' | 'V';

/** A maximal sequence of contiguous analysed beats of one ectopic class (length 1 = isolated, 2 = couplet). */
export interface EctopicRun {
  readonly beatClass: EctopicClass;
  /** Index of the first beat in the analysed beats. */
  readonly firstBeat: number;
  /** Number of beats. */
  readonly beats: number;
  /** Sample of the first beat. */
  readonly onsetSample: number;
  /** Sample of the last beat. */
  readonly lastSample: number;
  /** Rate inside the run, 60000 · (beats − 1) / (last − first beat time in ms), bpm; null for a single beat. */
  readonly rateBpm: number | null;
  /** Time from the first to the last beat, in seconds. */
  readonly durationS: number;
}

/**
 * Splits the analysed beats of one class into maximal runs of consecutive beats: as in
 * `../shared/reference/hrv/hrv_reference.py`, any beat of another class (N, the other ectopic class, F, Q) ends a
 * run; here an excluded beat or span between two beats ends it too (the beats between are unknown).
 *
 * @param beats - analysed beats.
 * @param beatClass - 'S' or 'V'.
 * @returns the runs in time order, every length from 1 up.
 */
export function ectopicRuns(beats: AnalysedBeats, beatClass: EctopicClass): EctopicRun[] {
  const { samples, labels, contiguous, fsHz } = beats;
  const runs: EctopicRun[] = [];
  let first = -1;
  const close = (last: number): void => {
    const onsetSample = samples[first] as number;
    const lastSample = samples[last] as number;
    const n = last - first + 1;
    const durationS = (lastSample - onsetSample) / fsHz;
    runs.push({
      beatClass,
      firstBeat: first,
      beats: n,
      onsetSample,
      lastSample,
      rateBpm: n > 1 ? (60 * (n - 1)) / durationS : null,
      durationS,
    });
    first = -1;
  };
  for (let i = 0; i < samples.length; i++) {
    if (first >= 0 && !(labels[i] === beatClass && contiguous[i] === 1)) close(i - 1);
    if (first < 0 && labels[i] === beatClass) first = i;
  }
  if (first >= 0) close(samples.length - 1);
  return runs;
}
