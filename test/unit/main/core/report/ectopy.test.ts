import { describe, expect, it } from 'vitest';
import { holterReport } from '../../../../../src/main/core/report/holter-report';
import { beatTrain, syntheticInput } from './synthetic-beats';

describe('ectopy, VT and SVT', () => {
  it('counts isolated beats, couplets and runs, and an excluded beat splits a run', () => {
    const labels = 'NVNVVNVVVVVNSSNSN';
    const whole = holterReport(syntheticInput(beatTrain(labels, 800))).ectopy;
    expect([whole.V.isolated, whole.V.couplets, whole.V.runs.length, whole.V.longestRun?.beats]).toEqual([1, 1, 1, 5]);
    expect([whole.S.isolated, whole.S.couplets, whole.S.runs.length, whole.S.longestRun]).toEqual([1, 1, 0, null]);
    expect(whole.byClass).toEqual({ N: 6, S: 3, V: 8, F: 0, Q: 0 });
    expect(whole.V.burdenPercent).toBeCloseTo((100 * 8) / 17, 12);
    const split = beatTrain(labels, 800).map((b, i) => (i === 8 ? { ...b, excluded: true } : b));
    const ectopy = holterReport(syntheticInput(split)).ectopy;
    expect([ectopy.V.isolated, ectopy.V.couplets, ectopy.V.runs.length]).toEqual([1, 3, 0]);
    expect(ectopy.analysedBeats).toBe(16);
  });

  it('calls a V run VT only strictly above 100 bpm, and sustained from 30 s', () => {
    // rate of a run = 60000 · (beats − 1) / (last − first beat, ms): 500 ms → 120 bpm, 600 ms → 100 bpm.
    const vt = holterReport(syntheticInput(beatTrain('NNVVVNN', [1000, 1000, 500, 500, 1000, 1000])));
    expect(vt.episodes.vt.runs.map((r) => r.rateBpm)).toEqual([120]);
    expect(vt.ectopy.V.fastestRun?.rateBpm).toBe(120);
    const slow = holterReport(syntheticInput(beatTrain('NNVVVNN', [1000, 1000, 600, 600, 1000, 1000])));
    expect(slow.ectopy.V.runs).toHaveLength(1);
    expect(slow.episodes.vt.runs).toEqual([]);
    const sustained = holterReport(syntheticInput(beatTrain(`N${'V'.repeat(61)}N`, 500))).episodes.vt;
    expect([sustained.runs.length, sustained.sustained, sustained.longest?.beats, sustained.longest?.durationS]).toEqual([1, 1, 61, 30]);
    const short = holterReport(syntheticInput(beatTrain(`N${'V'.repeat(60)}N`, 500))).episodes.vt;
    expect(short.sustained).toBe(0);
  });

  it('finds SVT among S runs and picks the longest and fastest runs separately', () => {
    const beats = beatTrain('NSSSSSNNSSSN', [800, 550, 550, 550, 550, 800, 800, 800, 400, 400, 800]);
    const report = holterReport(syntheticInput(beats));
    expect(report.ectopy.S.longestRun?.beats).toBe(5);
    expect(report.ectopy.S.fastestRun?.beats).toBe(3);
    expect(report.ectopy.S.fastestRun?.rateBpm).toBe(150);
    expect(report.episodes.svt.runs.map((r) => r.beats)).toEqual([5, 3]);
    expect(report.episodes.vt.runs).toEqual([]);
  });

  it('counts ectopy per hour by beat time and by run onset', () => {
    // beats at 3596 … 3601 s: the couplet's second beat (3600 s) falls in the second hour.
    const first = beatTrain('NVNVVN', 1000, 3_596_000);
    const hourly = holterReport(syntheticInput(first)).ectopy.V.hourly;
    expect(hourly.map((h) => [h.beats, h.isolated, h.couplets])).toEqual([
      [2, 1, 1],
      [1, 0, 0],
    ]);
  });
});
