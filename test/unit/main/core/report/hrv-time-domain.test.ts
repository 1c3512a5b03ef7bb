import { describe, expect, it } from 'vitest';
import { HRV_CONFIG, hrvTimeDomain } from '../../../../../src/main/core/report/hrv-time-domain';
import type { NnIntervals } from '../../../../../src/main/core/report/nn-intervals';

const nnOf = (nnMs: number[], onsetSample: number[], followsPrevious: boolean[]): NnIntervals => ({
  nnMs,
  onsetSample,
  followsPrevious,
  candidates: nnMs.length,
  rejectedByRange: 0,
  rejectedByChange: 0,
});

describe('hrvTimeDomain (Task Force 1996)', () => {
  it('computes SDNN, RMSSD and pNN50 of one segment by hand', () => {
    // NN 800 820 780 800: mean 800; SDNN = sqrt((0 + 400 + 400 + 0) / 3); diffs 20, −40, 20: RMSSD = sqrt(2400 / 3).
    const hrv = hrvTimeDomain(nnOf([800, 820, 780, 800], [0, 800, 1620, 2400], [false, true, true, true]), 1000);
    expect(hrv.meanNnMs).toBe(800);
    expect(hrv.sdnnMs).toBeCloseTo(Math.sqrt(800 / 3), 12);
    expect(hrv.rmssdMs).toBeCloseTo(Math.sqrt(800), 12);
    expect(hrv.pnn50Percent).toBe(0);
    expect(hrv.successivePairs).toBe(3);
    expect(hrv.sdannMs).toBeNull();
    expect(hrv.sdnnIndexMs).toBeCloseTo(Math.sqrt(800 / 3), 12);
  });

  it('counts differences strictly above 50 ms and only between NN sharing a beat', () => {
    expect(hrvTimeDomain(nnOf([800, 850, 901], [0, 800, 1650], [false, true, true]), 1000).pnn50Percent).toBe(50);
    const broken = hrvTimeDomain(nnOf([800, 1000], [0, 5000], [false, false]), 1000);
    expect(broken.successivePairs).toBe(0);
    expect(broken.rmssdMs).toBeNull();
    expect(broken.pnn50Percent).toBeNull();
  });

  it('computes SDANN and SDNN index over 5-min segments from sample 0', () => {
    // segment 0: 800, 900 (mean 850, SD 70.71…); segment 1 (from 300 s): 1000, 1100 (mean 1050, SD 70.71…).
    const hrv = hrvTimeDomain(nnOf([800, 900, 1000, 1100], [0, 800, 300_000, 301_000], [false, true, false, true]), 1000, HRV_CONFIG);
    expect(hrv.segments).toBe(2);
    expect(hrv.sdannMs).toBeCloseTo(Math.sqrt(2) * 100, 12);
    expect(hrv.sdnnIndexMs).toBeCloseTo(Math.sqrt(5000), 12);
    expect(hrv.rmssdMs).toBe(100);
    expect(hrv.pnn50Percent).toBe(100);
  });

  it('gives nulls, never NaN, without NN', () => {
    const hrv = hrvTimeDomain(nnOf([], [], []), 360);
    expect(hrv).toEqual({
      nnCount: 0,
      meanNnMs: null,
      sdnnMs: null,
      sdannMs: null,
      sdnnIndexMs: null,
      rmssdMs: null,
      pnn50Percent: null,
      successivePairs: 0,
      segments: 0,
    });
    expect(hrvTimeDomain(nnOf([812], [0], [false]), 360).sdnnMs).toBeNull();
  });

  it('refuses a non-positive segment length', () => {
    expect(() => hrvTimeDomain(nnOf([], [], []), 360, { segmentS: 0, pnnThresholdMs: 50 })).toThrow(RangeError);
  });
});
