/**
 * Rhythm classes of the PhysioNet/CinC Challenge 2017 and the MIT rhythm strings written for them.
 *
 * Source: Clifford GD, Liu C, Moody B, et al. AF classification from a short single lead ECG recording:
 * the PhysioNet/Computing in Cardiology Challenge 2017. Computing in Cardiology 44, 2017.
 * doi:10.22489/CinC.2017.065-469. MIT rhythm strings: WFDB Applications Guide, "Annotation codes"
 * (https://physionet.org/physiotools/wag/annot-5.htm).
 */

import type { RhythmLabel } from '../../../shared/api';

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
 * Aux string of the rhythm-change annotation (`+`) written at the onset of each episode.
 * `(N` and `(AFIB` are the standard MIT rhythm strings. The Challenge's "other rhythm" groups many
 * MIT rhythms and noise is a signal-quality state, not an MIT rhythm, so `(OTHER` and `(NOISE` are
 * this project's own strings (not in the MIT table). WFDB `epicmp -a` only tests for `(AFIB`, so AF
 * episode comparison is unaffected by that choice.
 */
export const RHYTHM_AUX: Readonly<Record<RhythmLabel, string>> = Object.freeze({
  N: '(N',
  A: '(AFIB',
  O: '(OTHER',
  '~': '(NOISE',
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
