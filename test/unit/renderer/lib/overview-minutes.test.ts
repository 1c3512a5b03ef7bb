import { describe, expect, it } from 'vitest';
import { overviewMinuteSeries } from '../../../../src/renderer/src/lib/overview-minutes';

describe('overviewMinuteSeries', () => {
  it('gives no band and no ectopy lane without per-minute aggregates', () => {
    expect(overviewMinuteSeries(null)).toEqual({ hrRange: null, ectopy: null });
  });

  it('maps each stored minute to one 60 s bin of the HR band and of the S/V lanes', () => {
    const { hrRange, ectopy } = overviewMinuteSeries({
      minuteS: 60,
      hrMinBpm: Float32Array.from([58, NaN, 61]),
      hrMeanBpm: Float32Array.from([64, NaN, 70]),
      hrMaxBpm: Float32Array.from([75, NaN, 90]),
      sCount: Uint16Array.from([0, 0, 3]),
      vCount: Uint16Array.from([12, 0, 65535]),
    });
    expect(hrRange?.binS).toBe(60);
    expect(Array.from(hrRange?.minBpm ?? [])).toEqual([58, NaN, 61]);
    expect(Array.from(hrRange?.maxBpm ?? [])).toEqual([75, NaN, 90]);
    expect(ectopy?.binS).toBe(60);
    expect(ectopy?.sPerBin).toBeInstanceOf(Float32Array);
    expect(Array.from(ectopy?.sPerBin ?? [])).toEqual([0, 0, 3]);
    expect(Array.from(ectopy?.vPerBin ?? [])).toEqual([12, 0, 65535]);
  });
});
