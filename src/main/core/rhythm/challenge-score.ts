import { RHYTHM_LABELS, type RhythmLabel } from './rhythm-labels';

/** Scores of a 4-class rhythm classification, as defined for the CinC 2017 Challenge. */
export interface ChallengeScores {
  /** confusion[i][j]: records of reference class RHYTHM_LABELS[i] classified as RHYTHM_LABELS[j] */
  readonly confusion: number[][];
  /** per-class F1 = 2·C[i][i] / (Σ row i + Σ column i) (0 when the class is absent from both) */
  readonly f1: Record<RhythmLabel, number>;
  /** Challenge score: mean of the F1 of N, A and O (noise is not scored) */
  readonly challengeF1: number;
  /** fraction of records classified correctly */
  readonly accuracy: number;
  /** number of records scored */
  readonly count: number;
}

/**
 * Scores predicted record labels against reference labels with the CinC 2017 F1 measure.
 *
 * Source: Clifford GD, Liu C, Moody B, et al. AF classification from a short single lead ECG
 * recording: the PhysioNet/Computing in Cardiology Challenge 2017. Computing in Cardiology 44, 2017.
 * doi:10.22489/CinC.2017.065-469 (score = (F1n + F1a + F1o) / 3).
 *
 * @param reference - reference label per record
 * @param predicted - predicted label per record, same order and length
 * @returns confusion matrix, per-class F1, Challenge F1, accuracy
 * @throws RangeError when the arrays differ in length
 */
export function challengeScores(reference: readonly RhythmLabel[], predicted: readonly RhythmLabel[]): ChallengeScores {
  if (reference.length !== predicted.length) {
    throw new RangeError(`challengeScores: ${reference.length} reference labels but ${predicted.length} predictions`);
  }
  const confusion = RHYTHM_LABELS.map(() => RHYTHM_LABELS.map(() => 0));
  let correct = 0;
  reference.forEach((truth, k) => {
    const i = RHYTHM_LABELS.indexOf(truth);
    const j = RHYTHM_LABELS.indexOf(predicted[k] as RhythmLabel);
    (confusion[i] as number[])[j] = ((confusion[i] as number[])[j] as number) + 1;
    if (i === j) correct++;
  });
  const f1 = {} as Record<RhythmLabel, number>;
  RHYTHM_LABELS.forEach((label, i) => {
    const row = (confusion[i] as number[]).reduce((a, b) => a + b, 0);
    const column = confusion.reduce((a, r) => a + (r[i] as number), 0);
    f1[label] = row + column > 0 ? (2 * ((confusion[i] as number[])[i] as number)) / (row + column) : 0;
  });
  return {
    confusion,
    f1,
    challengeF1: (f1.N + f1.A + f1.O) / 3,
    accuracy: reference.length > 0 ? correct / reference.length : 0,
    count: reference.length,
  };
}
