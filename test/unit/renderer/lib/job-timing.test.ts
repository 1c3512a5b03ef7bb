import { describe, expect, it } from 'vitest';
import { jobTimingLabel } from '../../../../src/renderer/src/lib/job-timing';

describe('jobs indicator timing', () => {
  it('shows elapsed time, and the time left once known (rounded up to the second)', () => {
    expect(jobTimingLabel(12_400, null)).toBe('00:00:12');
    expect(jobTimingLabel(75_000, 29_100)).toBe('00:01:15 · ~00:00:30 left');
  });
});
