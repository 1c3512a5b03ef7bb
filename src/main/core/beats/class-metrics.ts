import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';

/** One class's beat-by-beat scores (labels compared at the same beats, no detection step). */
export interface ClassMetrics {
  /** sensitivity TP / (TP + FN), 0 when the class has no reference beat */
  se: number;
  /** positive predictivity TP / (TP + FP), 0 when nothing was called this class */
  ppv: number;
  /** harmonic mean of se and ppv, 0 when both are 0 */
  f1: number;
  /** reference beats of the class, TP + FN */
  support: number;
}

/**
 * Per-class sensitivity, positive predictivity and F1 of predicted against reference class indices,
 * beat by beat (the metrics the training scripts log; EC57 scoring with beat matching lives in
 * `evaluate/`).
 * @param reference - class index per beat into `classes`
 * @param predicted - class index per beat, same length
 * @param classes - the class names in index order (default AAMI_CLASSES; the rhythm fine-tuning passes
 *   the CinC 2017 classes and scores 30 s windows the same way)
 * @returns the scores of every class
 * @throws RangeError when the lengths differ
 */
export function classMetrics<C extends string = AamiClass>(
  reference: Uint8Array,
  predicted: Uint8Array,
  classes: readonly C[] = AAMI_CLASSES as readonly string[] as readonly C[],
): Record<C, ClassMetrics> {
  if (reference.length !== predicted.length)
    throw new RangeError(`classMetrics: ${reference.length} reference vs ${predicted.length} predicted labels`);
  const out = {} as Record<C, ClassMetrics>;
  classes.forEach((name, c) => {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    reference.forEach((r, i) => {
      const p = predicted[i];
      if (r === c && p === c) tp++;
      else if (r === c) fn++;
      else if (p === c) fp++;
    });
    const se = tp + fn > 0 ? tp / (tp + fn) : 0;
    const ppv = tp + fp > 0 ? tp / (tp + fp) : 0;
    out[name] = { se, ppv, f1: se + ppv > 0 ? (2 * se * ppv) / (se + ppv) : 0, support: tp + fn };
  });
  return out;
}
