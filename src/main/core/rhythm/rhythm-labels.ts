/**
 * Rhythm classes of the PhysioNet/CinC Challenge 2017: the classes of the strip CNN's windows and of
 * the record call. Episodes carry Holter rhythm types instead (`src/shared/holter-rhythms.ts`).
 *
 * Source: Clifford GD, Liu C, Moody B, et al. AF classification from a short single lead ECG recording:
 * the PhysioNet/Computing in Cardiology Challenge 2017. Computing in Cardiology 44, 2017.
 * doi:10.22489/CinC.2017.065-469.
 */

import type { RhythmLabel } from '../../../shared/api';

/** A CinC 2017 class: N normal, A AF, O other rhythm, ~ too noisy (defined in the shared API types, re-exported for the core). */
export type { RhythmLabel };

/** The four classes in the order of the model's output units. */
export const RHYTHM_LABELS: readonly RhythmLabel[] = Object.freeze(['N', 'A', 'O', '~'] as const);

/** Meaning of each class, as defined by the Challenge. */
export const RHYTHM_LABEL_MEANINGS: Readonly<Record<RhythmLabel, string>> = Object.freeze({
  N: 'Normal sinus rhythm',
  A: 'Atrial fibrillation',
  O: 'Other rhythm',
  '~': 'Too noisy to classify',
});

/**
 * The class with the highest probability in one row of an n × 4 probability array (first wins ties).
 * @param probabilities - rows of 4 probabilities in RHYTHM_LABELS order
 * @param row - row index (default 0)
 */
export function mostProbableLabel(probabilities: ArrayLike<number>, row = 0): RhythmLabel {
  const classes = RHYTHM_LABELS.length;
  let best = 0;
  for (let c = 1; c < classes; c++) {
    if ((probabilities[row * classes + c] as number) > (probabilities[row * classes + best] as number)) best = c;
  }
  return RHYTHM_LABELS[best] as RhythmLabel;
}
