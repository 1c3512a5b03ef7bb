import { AAMI_CLASSES } from '../../../shared/labels';

/**
 * Per-class loss weights against class imbalance: weight_c = min(cap, (n_N / n_c)^power) over the
 * given beats (1 for a class with no beat), N being class 0.
 * @param labels - class index per beat into AAMI_CLASSES
 * @param power - exponent (0.75 for the committed beat model)
 * @param cap - largest weight
 * @returns one weight per AAMI class, in AAMI_CLASSES order
 */
export function classWeights(labels: Uint8Array, power: number, cap: number): number[] {
  const counts = AAMI_CLASSES.map(() => 0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  const nN = counts[0] as number;
  return counts.map((n) => (n === 0 ? 1 : Math.min(cap, (nN / n) ** power)));
}
