import { describe, expect, it } from 'vitest';
import { attentionBeatMass } from '../../../../../src/main/core/evaluate/attention-beat-mass';

describe('attentionBeatMass', () => {
  it('gives uniform attention a lift of 1 and splits it by interval', () => {
    // 100 samples at 100 Hz, R at 10, 40, 80; ±50 ms = ±5 samples → 33 samples near R
    const result = attentionBeatMass(new Float64Array(100).fill(0.01), [10, 40, 80], 100, 50);
    expect(result.nearFraction).toBeCloseTo(0.33, 12);
    expect(result.nearMass).toBeCloseTo(0.33, 12);
    expect(result.intervals).toEqual([
      { fromSample: 10, toSample: 40, rrMs: 300, irregularityMs: 100, mass: expect.closeTo(0.3, 12), fraction: 0.3 },
      { fromSample: 40, toSample: 80, rrMs: 400, irregularityMs: 100, mass: expect.closeTo(0.4, 12), fraction: 0.4 },
    ]);
  });

  it('measures attention concentrated on the R peaks and on one interval', () => {
    const perSample = new Float64Array(100);
    perSample[10] = 2;
    perSample[40] = 1;
    perSample[60] = 1;
    const result = attentionBeatMass(perSample, [10, 40, 80], 100, 50);
    expect(result.nearMass).toBeCloseTo(0.75, 12);
    expect(result.intervals.map((iv) => iv.mass)).toEqual([0.5, 0.5]);
  });

  it('uses R peaks outside the window only as interval bounds and irregularity neighbours', () => {
    const result = attentionBeatMass(new Float64Array(100).fill(1), [-20, 30, 90, 130], 100, 0);
    // intervals inside: 30→90 only (600 ms); its neighbours are 500 ms and 400 ms → |Δ| 100 and 200
    expect(result.intervals).toHaveLength(1);
    expect(result.intervals[0]?.irregularityMs).toBe(150);
    expect(result.nearFraction).toBeCloseTo(0.02, 12);
  });

  it('rejects a window without attention or bad settings', () => {
    expect(() => attentionBeatMass(new Float64Array(10), [2], 100, 50)).toThrow(/no attention/);
    expect(() => attentionBeatMass(new Float64Array(0), [], 100, 50)).toThrow(RangeError);
    expect(() => attentionBeatMass([1], [], 0, 50)).toThrow(/rate/);
    expect(() => attentionBeatMass([1], [], 100, -1)).toThrow(/half-width/);
  });
});
