import { describe, expect, it } from 'vitest';
import { bootstrapInterval, resampleIndices } from '../../../../../src/main/core/evaluate/bootstrap-interval';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

describe('bootstrapInterval', () => {
  it('takes the 2.5 % and 97.5 % points of the draws', () => {
    let k = 0;
    // draws 0, 1, …, 999 (in a shuffled order would give the same result: they are sorted)
    const { low, high } = bootstrapInterval(() => k++, 1000);
    expect(low).toBe(25);
    expect(high).toBe(975);
  });

  it('covers the mean of a normal sample about as wide as ±1.96 standard errors', () => {
    const random = seededRandom(4);
    const values = Array.from({ length: 400 }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
    const mean = (idx: Int32Array): number => idx.reduce((s, i) => s + (values[i] as number), 0) / idx.length;
    const { low, high } = bootstrapInterval(() => mean(resampleIndices(values.length, random)), 2000);
    const sd = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length - mean(Int32Array.from(values.keys())) ** 2);
    expect((high - low) / 2).toBeGreaterThan(0.85 * 1.96 * (sd / 20));
    expect((high - low) / 2).toBeLessThan(1.15 * 1.96 * (sd / 20));
  });

  it('rejects bad settings', () => {
    expect(() => bootstrapInterval(() => 0, 0)).toThrow(RangeError);
    expect(() => bootstrapInterval(() => 0, 10, 1)).toThrow(/level/);
  });
});

describe('resampleIndices', () => {
  it('draws n indices in range', () => {
    const idx = resampleIndices(50, seededRandom(1));
    expect(idx).toHaveLength(50);
    expect(Math.min(...idx)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...idx)).toBeLessThan(50);
    expect(new Set(idx).size).toBeLessThan(50);
  });
});
