/**
 * Beat counts per AAMI class, kept in step with relabels without a round trip.
 */
import type { ClassCounts } from '../../../shared/api';
import type { AamiClass } from '../../../shared/labels';

/**
 * The counts after one beat moved from one class to another.
 * @param counts - counts before the relabel (not modified)
 * @param from - the beat's old class
 * @param to - the beat's new class
 * @returns new counts; unchanged copy when from === to
 */
export function countsAfterRelabel(counts: Readonly<ClassCounts>, from: AamiClass, to: AamiClass): ClassCounts {
  const next: ClassCounts = { ...counts };
  if (from === to) return next;
  next[from] = Math.max(0, next[from] - 1);
  next[to] += 1;
  return next;
}
