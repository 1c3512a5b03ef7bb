import type { AnalysedBeats } from './analysed-beats';
import type { EctopicClass } from './ectopic-runs';

/** Bigeminy: ectopic beats alternating with one normal beat; trigeminy: every third beat ectopic. */
export type EctopicPatternKind = 'bigeminy' | 'trigeminy';

/** One bigeminy or trigeminy episode. */
export interface EctopicPattern {
  readonly kind: EctopicPatternKind;
  readonly beatClass: EctopicClass;
  /** Number of cycles (N–X for bigeminy, N–N–X for trigeminy), i.e. ectopic beats in the episode. */
  readonly cycles: number;
  /** Sample of the first normal beat of the first cycle. */
  readonly onsetSample: number;
  /** Sample of the last ectopic beat. */
  readonly lastSample: number;
  /** Time from the first to the last beat, in seconds. */
  readonly durationS: number;
}

const NORMALS_PER_CYCLE: Readonly<Record<EctopicPatternKind, number>> = Object.freeze({ bigeminy: 1, trigeminy: 2 });

/**
 * Finds bigeminy or trigeminy episodes of one ectopic class. A cycle is m normal (AAMI N) beats followed by one
 * ectopic beat of the class (m = 1 bigeminy, m = 2 trigeminy), all contiguous; an episode is a maximal chain of at
 * least `minCycles` cycles, each starting right after the previous cycle's ectopic beat (so N N X N X N X is
 * three bigeminal cycles, and a couplet, a beat of another class or an exclusion ends the chain). Definitions: the
 * MIT-BIH rhythm labels `(B` ventricular bigeminy and `(T` ventricular trigeminy; see `ArrhythmiaThresholds`.
 *
 * @param beats - analysed beats.
 * @param kind - 'bigeminy' or 'trigeminy'.
 * @param beatClass - 'S' or 'V'.
 * @param minCycles - fewest cycles in an episode (≥ 2).
 * @returns the episodes in time order.
 */
export function ectopicPatterns(
  beats: AnalysedBeats,
  kind: EctopicPatternKind,
  beatClass: EctopicClass,
  minCycles: number,
): EctopicPattern[] {
  const m = NORMALS_PER_CYCLE[kind];
  const { samples, labels, contiguous, fsHz } = beats;
  const isCycleEnd = (i: number): boolean => {
    if (labels[i] !== beatClass || i < m) return false;
    for (let k = i - m; k < i; k++) if (labels[k] !== 'N' || contiguous[k + 1] !== 1) return false;
    return true;
  };
  const episodes: EctopicPattern[] = [];
  let firstEnd = -1;
  let lastEnd = -1;
  const close = (): void => {
    const cycles = (lastEnd - firstEnd) / (m + 1) + 1;
    if (firstEnd >= 0 && cycles >= minCycles) {
      const onsetSample = samples[firstEnd - m] as number;
      const lastSample = samples[lastEnd] as number;
      episodes.push({ kind, beatClass, cycles, onsetSample, lastSample, durationS: (lastSample - onsetSample) / fsHz });
    }
    firstEnd = -1;
  };
  for (let i = 0; i < samples.length; i++) {
    if (!isCycleEnd(i)) continue;
    if (firstEnd >= 0 && lastEnd === i - m - 1 && contiguous[i - m] === 1) {
      lastEnd = i;
      continue;
    }
    close();
    firstEnd = i;
    lastEnd = i;
  }
  close();
  return episodes;
}
