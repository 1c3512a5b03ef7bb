import { describe, expect, it } from 'vitest';
import { runningMedian, runningMedianBeats } from '../../../../../src/main/core/beats/running-median';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';

describe('runningMedian', () => {
  it('is the upper median of the finite values of beats i − h … i + h', () => {
    // h = 1: [5,1] → 5; [5,1,NaN] → 5; [1,NaN,3] → 3; [NaN,3,9] → 9; [3,9,2] → 3; [9,2] → 9
    const values = Float64Array.from([5, 1, NaN, 3, 9, 2]);
    expect(Array.from(runningMedian(values, 1, 7))).toEqual([5, 5, 3, 9, 3, 9]);
    // h = 0 keeps each value; NaN takes the fallback
    expect(Array.from(runningMedian(values, 0, 7))).toEqual([5, 1, 7, 3, 9, 2]);
  });

  it('falls back where the span holds no finite value, and rejects a bad half-width', () => {
    expect(Array.from(runningMedian(Float64Array.from([NaN, NaN, 4]), 0, 1.5))).toEqual([1.5, 1.5, 4]);
    expect(runningMedian(new Float64Array(0), 3, 1)).toHaveLength(0);
    expect(() => runningMedian(new Float64Array(3), 1.5, 1)).toThrow(RangeError);
    expect(() => runningMedian(new Float64Array(3), -1, 1)).toThrow(RangeError);
  });
});

describe('runningMedianBeats', () => {
  // 5 windows of 2 values: (1,10) (3,30) (2,20) (8,80) (5,50)
  const windows = Float32Array.from([1, 10, 3, 30, 2, 20, 8, 80, 5, 50]);

  it('takes the per-sample upper median over the centred beats', () => {
    // h = 1, first value: [1,3] → 3; [1,3,2] → 2; [3,2,8] → 3; [2,8,5] → 5; [8,5] → 8
    expect(Array.from(runningMedianBeats(windows, 2, 1, 0, 5))).toEqual([3, 30, 2, 20, 3, 30, 5, 50, 8, 80]);
    // a sub-range gives the same rows (neighbours outside the range still count)
    expect(Array.from(runningMedianBeats(windows, 2, 1, 2, 4))).toEqual([3, 30, 5, 50]);
    // h large enough to span every beat: the median of all five, 3 and 30, everywhere
    expect(Array.from(runningMedianBeats(windows, 2, 10, 0, 5))).toEqual([3, 30, 3, 30, 3, 30, 3, 30, 3, 30]);
  });

  it('matches a direct per-beat sort on random windows with repeated values', () => {
    const random = seededRandom(7);
    const n = 200;
    const perWindow = 3;
    const h = 4;
    const data = Float32Array.from({ length: n * perWindow }, () => Math.round(random() * 6) - 3 + random() * (random() < 0.5 ? 0 : 0.1));
    const direct = new Float32Array((n - 20) * perWindow);
    for (let i = 10; i < n - 10; i++) {
      for (let k = 0; k < perWindow; k++) {
        const column: number[] = [];
        for (let j = Math.max(0, i - h); j <= Math.min(n - 1, i + h); j++) column.push(data[j * perWindow + k] as number);
        column.sort((a, b) => a - b);
        direct[(i - 10) * perWindow + k] = column[column.length >> 1] as number;
      }
    }
    expect(runningMedianBeats(data, perWindow, h, 10, n - 10)).toEqual(direct);
  });

  it('rejects a range outside the windows', () => {
    expect(() => runningMedianBeats(windows, 2, 1, 3, 6)).toThrow(RangeError);
    expect(() => runningMedianBeats(windows, 2, 1, 3, 2)).toThrow(RangeError);
    expect(runningMedianBeats(windows, 2, 1, 2, 2)).toHaveLength(0);
  });
});
