import { describe, expect, it } from 'vitest';
import { hrTrend } from '../../../../../src/main/core/analysis/hr-trend';

describe('hrTrend', () => {
  it('gives 60 bpm for beats one second apart, NaN where there are none', () => {
    const fsHz = 250;
    const beats = Int32Array.from([0, 250, 500, 750, 1000]); // 0..4 s
    const trend = hrTrend(beats, fsHz, 250 * 30, 10);
    expect(trend.length).toBe(3);
    expect(trend[0]).toBeCloseTo(60, 5);
    expect(Number.isNaN(trend[1])).toBe(true);
    expect(Number.isNaN(trend[2])).toBe(true);
  });

  it('averages the instantaneous rate of the RR intervals ending in a bin and skips artefacts', () => {
    const fsHz = 100;
    // RR 1.0 s (60 bpm), 0.5 s (120 bpm), 0.1 s (artefact, < 200 ms), 5 s (pause, > 3 s)
    const beats = Int32Array.from([0, 100, 150, 160, 660]);
    const trend = hrTrend(beats, fsHz, 1000, 2);
    expect(trend[0]).toBeCloseTo(90, 5);
    expect(Number.isNaN(trend[3])).toBe(true);
  });

  it('handles no beats and rejects a bad bin width', () => {
    expect(Array.from(hrTrend(new Int32Array(0), 360, 3600, 5)).every(Number.isNaN)).toBe(true);
    expect(() => hrTrend(new Int32Array(0), 360, 3600, 0)).toThrow(RangeError);
  });
});
