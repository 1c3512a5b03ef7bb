import { describe, expect, it } from 'vitest';
import { holterReport, HOLTER_REPORT_CONFIG } from '../../../../../src/main/core/report/holter-report';
import { beatTrain, syntheticInput } from './synthetic-beats';

describe('pauses and the longest RR', () => {
  it('counts RR strictly over 2.0 s, with times, and finds the longest RR', () => {
    const beats = beatTrain('NNNNNN', [800, 2000, 2001, 3500, 800]);
    const p = holterReport(syntheticInput(beats, { baseTime: '12:00:00' })).pauses;
    expect(p.pauses.map((x) => [x.rrMs, x.onsetSample, x.endBeatSample])).toEqual([
      [2001, 3800, 5801],
      [3500, 5801, 9301],
    ]);
    expect(p.pauses[0]?.onset.timeOfDay).toBe('12:00:03');
    expect([p.longestRr?.rrMs, p.longestRr?.onsetSample]).toEqual([3500, 5801]);
  });

  it('never counts an interval across an exclusion, and takes the configured threshold', () => {
    const beats = beatTrain('NNNN', [800, 5000, 2500]);
    const p = holterReport(syntheticInput(beats, { excludedSpans: [{ onsetSample: 3000, endSample: 4000 }] })).pauses;
    expect(p.pauses.map((x) => x.rrMs)).toEqual([2500]);
    expect(p.longestRr?.rrMs).toBe(2500);
    const strict = holterReport(syntheticInput(beats), {
      ...HOLTER_REPORT_CONFIG,
      thresholds: { ...HOLTER_REPORT_CONFIG.thresholds, pauseMinMs: 3000 },
    });
    expect(strict.pauses.pauses.map((x) => x.rrMs)).toEqual([5000]);
    expect(strict.pauses.thresholdMs).toBe(3000);
  });
});
