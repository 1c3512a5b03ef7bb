import { describe, expect, it } from 'vitest';
import { holterReport, HOLTER_REPORT_CONFIG } from '../../../../../src/main/core/report/holter-report';
import { beatTrain, syntheticInput } from './synthetic-beats';

describe('heart rate', () => {
  it('takes min and max over sliding windows of 10 RR with the clock time of the window', () => {
    // 10 RR of 1000 ms then 10 of 500 ms: slowest window = the first 10 RR (60 bpm), fastest = the last 10 (120 bpm).
    const beats = beatTrain('N'.repeat(21), [...Array<number>(10).fill(1000), ...Array<number>(10).fill(500)]);
    const hr = holterReport(syntheticInput(beats, { baseTime: '08:00:00' })).heartRate;
    expect(hr.min?.bpm).toBe(60);
    expect([hr.min?.onset.sample, hr.min?.end.sample, hr.min?.onset.timeOfDay]).toEqual([1000, 11_000, '08:00:01']);
    expect(hr.max?.bpm).toBe(120);
    expect([hr.max?.onset.sample, hr.max?.end.sample, hr.max?.end.timeOfDay]).toEqual([11_000, 16_000, '08:00:16']);
    // mean HR = 60000 / mean RR = 60000 / (15000 / 20).
    expect(hr.meanBpm).toBe(80);
    expect(hr.rrCount).toBe(20);
  });

  it('honours the window length', () => {
    const beats = beatTrain('NNNN', [1000, 500, 1000]);
    const hr = holterReport(syntheticInput(beats), { ...HOLTER_REPORT_CONFIG, heartRate: { windowRr: 1 } }).heartRate;
    expect([hr.min?.bpm, hr.max?.bpm]).toEqual([60, 120]);
  });

  it('never forms a window across an excluded span, but keeps the RR intervals on either side', () => {
    const beats = beatTrain('N'.repeat(14), 1000);
    const hr = holterReport(syntheticInput(beats, { excludedSpans: [{ onsetSample: 7100, endSample: 7900 }] })).heartRate;
    expect(hr.min).toBeNull();
    expect(hr.max).toBeNull();
    expect(hr.rrCount).toBe(12);
    expect(hr.meanBpm).toBe(60);
  });

  it('tabulates each hour: beats, analysed time, min/mean/max of windows and RR ending in it', () => {
    // Beats every 1 s from 0 to 3599 s, then every 0.5 s from 3600 s; fs 1 kHz; an excluded minute in the second hour.
    // Hour 1 gets the 1000 ms RR ending at 3600 s, and the windows ending in it include the slow ones before it.
    const first = beatTrain('N'.repeat(3600), 1000, 0);
    const second = beatTrain('N'.repeat(100), 500, 3_600_000);
    const input = syntheticInput([...first, ...second], {
      nSamples: 2 * 3_600_000,
      excludedSpans: [{ onsetSample: 5_000_000, endSample: 5_060_000 }],
    });
    const [h0, h1] = holterReport(input).heartRate.hourly;
    expect([h0?.beats, h0?.analysedS, h0?.minBpm, h0?.meanBpm, h0?.maxBpm]).toEqual([3600, 3600, 60, 60, 60]);
    expect([h1?.beats, h1?.analysedS, h1?.minBpm, h1?.maxBpm]).toEqual([100, 3540, 60, 120]);
    expect(h1?.meanBpm).toBeCloseTo(60000 / ((1000 + 99 * 500) / 100), 9);
  });
});
