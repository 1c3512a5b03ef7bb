import { describe, expect, it } from 'vitest';
import { hrTrend } from '../../../../../src/main/core/analysis/hr-trend';
import { minuteStats, totalCounts, trendFromMinutes } from '../../../../../src/main/core/analysis/minute-stats';
import type { AamiClass } from '../../../../../src/shared/labels';

describe('minuteStats', () => {
  it('aggregates heart rate (min, mean, max of the RR intervals ending in each minute) and class counts per minute', () => {
    const fsHz = 100;
    // minute 0: RR 1.0 s (60 bpm) then 0.5 s (120 bpm); minute 1: RR 59.5 s, a pause outside 200–3000 ms;
    // then 0.75 s (80 bpm) in minute 1; minute 2 empty (record is 150 s)
    const beats = Int32Array.from([100, 200, 250, 6200, 6275]);
    const labels: AamiClass[] = ['N', 'N', 'S', 'V', 'N'];
    const stats = minuteStats(beats, labels, fsHz, 15_000);
    expect(Array.from(stats.rrCount)).toEqual([2, 1, 0]);
    expect(Array.from(stats.hrSumBpm)).toEqual([180, 80, 0]);
    expect(stats.hrMinBpm[0]).toBe(60);
    expect(stats.hrMaxBpm[0]).toBe(120);
    expect(stats.hrMinBpm[1]).toBe(80);
    expect(stats.hrMaxBpm[1]).toBe(80);
    expect(Number.isNaN(stats.hrMinBpm[2])).toBe(true);
    expect(Array.from(stats.counts.N)).toEqual([2, 1, 0]);
    expect(Array.from(stats.counts.S)).toEqual([1, 0, 0]);
    expect(Array.from(stats.counts.V)).toEqual([0, 1, 0]);
    expect(totalCounts(stats)).toEqual({ N: 3, S: 1, V: 1, F: 0, Q: 0 });
  });

  it('gives the trend hrTrend gives for whole-minute bins', () => {
    const fsHz = 360;
    const nSamples = 360 * 60 * 17 + 123;
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples: number[] = [];
    for (let t = 50; t < nSamples; t += Math.round(360 * (0.4 + next()))) samples.push(t);
    const beats = Int32Array.from(samples);
    const stats = minuteStats(beats, new Array<AamiClass>(beats.length).fill('N'), fsHz, nSamples);
    for (const minutesPerBin of [1, 2, 5]) {
      const expected = hrTrend(beats, fsHz, nSamples, 60 * minutesPerBin);
      const got = trendFromMinutes(stats, minutesPerBin);
      expect(got.length).toBe(expected.length);
      got.forEach((v, i) => {
        const want = expected[i] as number;
        if (Number.isNaN(want)) expect(v).toBeNaN();
        else expect(v).toBeCloseTo(want, 4);
      });
    }
  });

  it('has no bins for an empty record and rejects mismatched labels', () => {
    expect(minuteStats(new Int32Array(0), [], 360, 0).rrCount).toHaveLength(0);
    expect(() => minuteStats(Int32Array.from([1]), [], 360, 100)).toThrow(RangeError);
  });
});
