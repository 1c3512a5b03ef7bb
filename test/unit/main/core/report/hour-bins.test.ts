import { describe, expect, it } from 'vitest';
import { hourBins } from '../../../../../src/main/core/report/hour-bins';
import { recordClock } from '../../../../../src/main/core/report/record-clock';

const spans = (h: ReturnType<typeof hourBins>) => h.bins.map((b) => [b.onsetSample, b.endSample]);

describe('hourBins', () => {
  it('follows the wall clock when the header has a base time', () => {
    // 10:42:17 + 1063 s = 11:00:00.
    const h = hourBins(recordClock('r', 2, '10:42:17', null), 2 * 7200);
    expect(spans(h)).toEqual([
      [0, 2126],
      [2126, 9326],
      [9326, 14_400],
    ]);
    expect(h.bins.map((b) => b.onset.timeOfDay)).toEqual(['10:42:17', '11:00:00', '12:00:00']);
    expect([h.indexOf(0), h.indexOf(2125), h.indexOf(2126), h.indexOf(14_399)]).toEqual([0, 0, 1, 2]);
  });

  it('uses elapsed hours without a base time, and has no bins for an empty record', () => {
    expect(spans(hourBins(recordClock('r', 1, null, null), 7201))).toEqual([
      [0, 3600],
      [3600, 7200],
      [7200, 7201],
    ]);
    expect(hourBins(recordClock('r', 1, null, null), 0).bins).toEqual([]);
  });
});
