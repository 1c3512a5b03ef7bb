import { describe, expect, it } from 'vitest';
import { mergeExcludedSpans } from '../../../../../src/main/core/report/excluded-spans';

describe('mergeExcludedSpans', () => {
  const excluded = mergeExcludedSpans([
    { onsetSample: 50, endSample: 60 },
    { onsetSample: 10, endSample: 20 },
    { onsetSample: 15, endSample: 30 },
    { onsetSample: 30, endSample: 35 },
  ]);

  it('merges overlapping and touching spans', () => {
    expect(excluded.spans).toEqual([
      { onsetSample: 10, endSample: 35 },
      { onsetSample: 50, endSample: 60 },
    ]);
    expect(excluded.totalSamples).toBe(35);
  });

  it('counts the excluded samples of any query span', () => {
    expect(excluded.overlap(0, 10)).toBe(0);
    expect(excluded.overlap(0, 11)).toBe(1);
    expect(excluded.overlap(34, 35)).toBe(1);
    expect(excluded.overlap(35, 50)).toBe(0);
    expect(excluded.overlap(20, 55)).toBe(20);
    expect(excluded.overlap(0, 1000)).toBe(35);
    expect(excluded.overlap(55, 55)).toBe(0);
    expect(mergeExcludedSpans([]).overlap(0, 100)).toBe(0);
  });
});
