import { describe, expect, it } from 'vitest';
import { chooseTrendBinS, hrAxisRange, hrTrendPoints, MAX_TREND_POINTS } from '../../../../src/renderer/src/lib/hr-trend-series';
import { MAX_TREND_BINS } from '../../../../src/shared/api-bounds';

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
    expect(chooseTrendBinS(1000)).toBe(1);
    expect(chooseTrendBinS(1805.6)).toBe(2);
    expect(chooseTrendBinS(86_400)).toBe(60);
    expect(86_400 / 30).toBeGreaterThan(MAX_TREND_POINTS);
    expect(chooseTrendBinS(30 * 86_400)).toBe(600);
    expect(chooseTrendBinS(60 * 86_400)).toBe(1037);
    expect((60 * 86_400) / 1037).toBeLessThanOrEqual(MAX_TREND_BINS);
    expect(chooseTrendBinS(0)).toBe(1);
  });

  it('puts the heart-rate axis on round ticks around every value, at most 4 intervals', () => {
    expect(hrAxisRange(new Float32Array([62, NaN, 95]))).toEqual({ minBpm: 60, maxBpm: 100, stepBpm: 10 });
    expect(hrAxisRange(new Float32Array([45, 158]))).toEqual({ minBpm: 40, maxBpm: 160, stepBpm: 40 });
    expect(hrAxisRange(new Float32Array([70, 70]))).toEqual({ minBpm: 70, maxBpm: 80, stepBpm: 10 });
    expect(hrAxisRange(new Float32Array([NaN]))).toEqual({ minBpm: 40, maxBpm: 120, stepBpm: 20 });
  });
});
