import { describe, expect, it } from 'vitest';
import { chooseTrendBinS, hrTrendPoints, MAX_TREND_POINTS } from '../../../../src/renderer/src/lib/hr-trend-series';

describe('heart-rate trend → chart points', () => {
  it('puts each bin at its centre time and breaks the line at NaN bins', () => {
    const points = hrTrendPoints(new Float32Array([60, NaN, 75.5]), 10);
    expect(points).toEqual([
      [5, 60],
      [15, null],
      [25, 75.5],
    ]);
  });

  it('returns no points for an empty trend', () => {
    expect(hrTrendPoints(new Float32Array(0), 10)).toEqual([]);
  });

  it('chooses the finest bin that keeps the trend under the point budget', () => {
    expect(chooseTrendBinS(1805.6)).toBe(1);
    expect(chooseTrendBinS(86_400)).toBe(60);
    expect(86_400 / 30).toBeGreaterThan(MAX_TREND_POINTS);
    expect(chooseTrendBinS(30 * 86_400)).toBe(600);
    expect(chooseTrendBinS(0)).toBe(1);
  });
});
