import { describe, expect, it } from 'vitest';
import { sameSeriesData } from '../../../../src/renderer/src/lib/same-series-data';

describe('sameSeriesData', () => {
  it('is true for equal numbers, tuples and typed arrays, NaN and null included', () => {
    expect(sameSeriesData([1, 2, Number.NaN], [1, 2, Number.NaN])).toBe(true);
    expect(
      sameSeriesData(
        [
          [0, 60],
          [60, null],
        ],
        [
          [0, 60],
          [60, null],
        ],
      ),
    ).toBe(true);
    expect(sameSeriesData(new Float32Array([1.5, 2]), new Float32Array([1.5, 2]))).toBe(true);
    expect(sameSeriesData([], [])).toBe(true);
  });

  it('is false when one value, one tuple member or the length differs, or the data is not a list', () => {
    expect(sameSeriesData([1, 2, 3], [1, 2, 4])).toBe(false);
    expect(
      sameSeriesData(
        [
          [0, 60],
          [60, 61],
        ],
        [
          [0, 60],
          [60, 62],
        ],
      ),
    ).toBe(false);
    expect(sameSeriesData([[0, 60]], [[0, 60, 1]])).toBe(false);
    expect(sameSeriesData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameSeriesData(new Uint16Array([3]), new Uint16Array([4]))).toBe(false);
    expect(sameSeriesData(undefined, [1])).toBe(false);
  });
});
