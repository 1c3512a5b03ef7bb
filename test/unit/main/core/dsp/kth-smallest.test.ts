import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../../../../src/main/core/dsp/kth-smallest';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

describe('kthSmallest', () => {
  it('returns the entry sorting puts at k, with no larger entry before it and no smaller after it', () => {
    const random = seededRandom(7);
    for (const n of [1, 2, 3, 10, 69, 200]) {
      // few distinct values, so that ties are common
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * 7) - 3);
      const sorted = Float64Array.from(values).sort();
      for (const k of [0, n >> 1, n - 1]) {
        const copy = Float32Array.from(values);
        const value = kthSmallest(copy, k);
        expect(value).toBe(sorted[k]);
        expect(copy.subarray(0, k).every((v) => v <= value)).toBe(true);
        expect(copy.subarray(k + 1).every((v) => v >= value)).toBe(true);
        expect(Array.from(copy).sort((a, b) => a - b)).toEqual(Array.from(sorted));
      }
    }
  });
});
