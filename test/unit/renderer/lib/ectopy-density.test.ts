import { describe, expect, it } from 'vitest';
import { ectopyRates } from '../../../../src/renderer/src/lib/ectopy-density';
import { hrRangeBand } from '../../../../src/renderer/src/lib/hr-trend-series';

describe('overview series for per-minute aggregates', () => {
  it('gives S and V per minute at the bins’ centres whatever the bin width', () => {
    const rates = ectopyRates({ binS: 30, sPerBin: new Float32Array([1, 0]), vPerBin: new Float32Array([0, 6]) });
    expect(rates.s).toEqual([
      [15, 2],
      [45, 0],
    ]);
    expect(rates.v).toEqual([
      [15, 0],
      [45, 12],
    ]);
    expect(rates.maxPerMin).toBe(12);
    expect(ectopyRates({ binS: 60, sPerBin: new Float32Array([0]), vPerBin: new Float32Array([0]) }).maxPerMin).toBe(1);
  });

  it('stacks the heart-rate band as the minimum plus the max − min height, with gaps where a bin has no beats', () => {
    const band = hrRangeBand({ binS: 60, minBpm: new Float32Array([55, NaN, 70]), maxBpm: new Float32Array([80, NaN, 65]) });
    expect(band.lower).toEqual([
      [30, 55],
      [90, null],
      [150, null],
    ]);
    expect(band.height).toEqual([
      [30, 25],
      [90, null],
      [150, null],
    ]);
  });
});
