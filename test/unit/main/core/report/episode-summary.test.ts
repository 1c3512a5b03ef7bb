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
      episode('AFIB', 0, 60_000),
      episode('N', 60_000, 100_000),
      episode('AFIB', 100_000, 190_000),
      episode('OTHER', 190_000, 200_000),
    ];
    // analysed = 200 s − 50 s excluded (inside the second AF episode): AF in analysed time = 60 + 40 s → 100 / 150.
    const input = syntheticInput([], { nSamples: 200_000, rhythmEpisodes, excludedSpans: [{ onsetSample: 120_000, endSample: 170_000 }] });
    const { rhythm } = holterReport(input).episodes;
    expect([rhythm.AFIB.episodes, rhythm.AFIB.totalS, rhythm.AFIB.longest?.onsetSample, rhythm.AFIB.longest?.durationS]).toEqual([
      2, 150, 100_000, 90,
    ]);
    expect(rhythm.AFIB.burdenPercent).toBeCloseTo((100 * 100) / 150, 12);
    expect([rhythm.OTHER.episodes, rhythm.NOISE.episodes, rhythm.NOISE.longest]).toEqual([1, 0, null]);
  });

  it('has a null burden when nothing is analysed', () => {
    const input = syntheticInput([], {
      nSamples: 1000,
      rhythmEpisodes: [episode('AFIB', 0, 1000)],
      excludedSpans: [{ onsetSample: 0, endSample: 1000 }],
    });
    expect(holterReport(input).episodes.rhythm.AFIB.burdenPercent).toBeNull();
  });
});
