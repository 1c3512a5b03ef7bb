import { describe, expect, it } from 'vitest';
import type { RhythmEpisode } from '../../../../../src/shared/api';
import { holterReport } from '../../../../../src/main/core/report/holter-report';
import { syntheticInput } from './synthetic-beats';

const episode = (label: RhythmEpisode['label'], onsetSample: number, endSample: number): RhythmEpisode => ({
  label,
  onsetSample,
  endSample,
  meanProbability: 0.9,
});

describe('episode summary', () => {
  it('counts AF episodes, the longest, and the burden over analysed time only', () => {
    const rhythmEpisodes = [
      episode('A', 0, 60_000),
      episode('N', 60_000, 100_000),
      episode('A', 100_000, 190_000),
      episode('O', 190_000, 200_000),
    ];
    // analysed = 200 s − 50 s excluded (inside the second AF episode): AF in analysed time = 60 + 40 s → 100 / 150.
    const input = syntheticInput([], { nSamples: 200_000, rhythmEpisodes, excludedSpans: [{ onsetSample: 120_000, endSample: 170_000 }] });
    const { rhythm } = holterReport(input).episodes;
    expect([rhythm.A.episodes, rhythm.A.totalS, rhythm.A.longest?.onsetSample, rhythm.A.longest?.durationS]).toEqual([2, 150, 100_000, 90]);
    expect(rhythm.A.burdenPercent).toBeCloseTo((100 * 100) / 150, 12);
    expect([rhythm.O.episodes, rhythm['~'].episodes, rhythm['~'].longest]).toEqual([1, 0, null]);
  });

  it('has a null burden when nothing is analysed', () => {
    const input = syntheticInput([], {
      nSamples: 1000,
      rhythmEpisodes: [episode('A', 0, 1000)],
      excludedSpans: [{ onsetSample: 0, endSample: 1000 }],
    });
    expect(holterReport(input).episodes.rhythm.A.burdenPercent).toBeNull();
  });
});
