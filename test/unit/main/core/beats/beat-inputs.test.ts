import { describe, expect, it } from 'vitest';
import { templateBeatIndices } from '../../../../../src/main/core/beats/beat-inputs';

describe('templateBeatIndices', () => {
  it('picks min(n, templateBeats) distinct beats inside the list, evenly spaced, even where n / (n / 1000) rounds above 1000', () => {
    for (const n of [109_835, 2_273, 1_001, 1_000, 999, 1]) {
      const picks = templateBeatIndices(n, 1000);
      expect(picks).toHaveLength(Math.min(n, 1000));
      expect(picks[0]).toBe(0);
      for (let k = 1; k < picks.length; k++) expect(picks[k] as number).toBeGreaterThan(picks[k - 1] as number);
      expect(picks[picks.length - 1] as number).toBeLessThan(n);
      expect(picks[picks.length - 1] as number).toBeGreaterThanOrEqual(n - Math.ceil(n / 1000));
    }
    expect(109_835 / (109_835 / 1000)).toBeGreaterThan(1000); // the case the old ⌈n / step⌉ count got wrong
    expect(templateBeatIndices(0, 1000)).toHaveLength(0);
  });
});
