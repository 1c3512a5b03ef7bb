/**
 * Moving through the beats of a strip: stepping the selection and finding the next beat of a class.
 */
import type { AamiClass } from '../../../shared/labels';

/** What navigation needs of a beat. */
export interface NavigableBeat {
  beatId: number;
  sample: number;
  label: AamiClass;
}

/**
 * The beat after (direction 1) or before (direction −1) the selected one, in sample order.
 * @param beats - beats sorted by sample
 * @param selectedId - the selected beat's id, or null when nothing is selected
 * @param direction - 1 for the next beat, −1 for the previous one
 * @returns with nothing selected (or the selected id not among the beats): the first beat going forward, the last
 *   going back; null when the selection is already at that end (the caller moves the strip) or there are no beats
 */
export function stepBeat<B extends NavigableBeat>(beats: readonly B[], selectedId: number | null, direction: 1 | -1): B | null {
  const index = selectedId === null ? -1 : beats.findIndex((b) => b.beatId === selectedId);
  if (index < 0) return (direction === 1 ? beats[0] : beats[beats.length - 1]) ?? null;
  return beats[index + direction] ?? null;
}

/**
 * The nearest beat strictly after (direction 1) or strictly before (direction −1) a sample, optionally of one class.
 * @param beats - beats sorted by sample
 * @param fromSample - reference position, in samples from record start
 * @param direction - 1 to search forward, −1 backward
 * @param label - AAMI class to look for, or null for any beat
 * @returns the beat, or null when none qualifies
 */
export function findBeatFrom<B extends NavigableBeat>(
  beats: readonly B[],
  fromSample: number,
  direction: 1 | -1,
  label: AamiClass | null,
): B | null {
  if (direction === 1) {
    for (const beat of beats) if (beat.sample > fromSample && (label === null || beat.label === label)) return beat;
    return null;
  }
  for (let i = beats.length - 1; i >= 0; i--) {
    const beat = beats[i] as B;
    if (beat.sample < fromSample && (label === null || beat.label === label)) return beat;
  }
  return null;
}

/**
 * The beat nearest to a sample, within a distance.
 * @param beats - beats in any order
 * @param sample - position clicked, in samples from record start
 * @param maxDistanceSamples - farthest a beat may be, in samples
 * @returns the nearest beat (the earlier one on a tie), or null when none is close enough
 */
export function nearestBeat<B extends NavigableBeat>(beats: readonly B[], sample: number, maxDistanceSamples: number): B | null {
  let best: B | null = null;
  let bestDistance = Infinity;
  for (const beat of beats) {
    const distance = Math.abs(beat.sample - sample);
    if (
      distance <= maxDistanceSamples &&
      (distance < bestDistance || (distance === bestDistance && best !== null && beat.sample < best.sample))
    ) {
      best = beat;
      bestDistance = distance;
    }
  }
  return best;
}
