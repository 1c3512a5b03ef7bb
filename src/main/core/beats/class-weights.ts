import { AAMI_CLASSES } from '../../../shared/labels';

/**
 * Per-class loss weights against class imbalance: weight_c = min(cap, (n_N / n_c)^power) over the
 * given beats (1 for a class with no beat), N being class 0.
 * @param labels - class index per beat into AAMI_CLASSES
 * @param power - exponent (0.75 for the committed beat model)
 * @param cap - largest weight
 * @param classCount - number of classes (default the AAMI classes'; the rhythm fine-tuning passes 4, its class 0 being N too)
 * @returns one weight per class, in index order
 */
export function classWeights(labels: Uint8Array, power: number, cap: number, classCount: number = AAMI_CLASSES.length): number[] {
  const counts = Array.from({ length: classCount }, () => 0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  const nN = counts[0] as number;
  return counts.map((n) => (n === 0 ? 1 : Math.min(cap, (nN / n) ** power)));
}
