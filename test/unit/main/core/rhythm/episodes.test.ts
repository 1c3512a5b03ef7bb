import { describe, expect, it } from 'vitest';
import type { RhythmWindows } from '../../../../../src/main/core/rhythm/classifier';
import { afBurden, mergeEpisodes, type WindowEpisode } from '../../../../../src/main/core/rhythm/episodes';
import { CINC_TO_HOLTER_RHYTHM } from '../../../../../src/shared/holter-rhythms';
import type { RhythmEpisode } from '../../../../../src/shared/api';
import { RHYTHM_LABELS, type RhythmLabel } from '../../../../../src/main/core/rhythm/rhythm-labels';

/** Windows of 30 s with the given starts (samples at fsHz) and labels; the label gets probability p, the rest share 1 − p. */
function windows(starts: number[], labels: RhythmLabel[], p = 0.7): RhythmWindows {
  const probabilities = new Float32Array(labels.length * 4);
  labels.forEach((label, i) => RHYTHM_LABELS.forEach((l, c) => (probabilities[i * 4 + c] = l === label ? p : (1 - p) / 3)));
  return {
    windowS: 30,
    strideS: 30,
    startSample: Int32Array.from(starts),
    probabilities,
    labels,
    attention: new Float32Array(0),
    attentionSteps: 0,
  };
}

const FS_HZ = 10; // 30 s window = 300 samples

/** Strip-class runs as the Holter types they stand for when nothing else explains them. */
const asHolter = (runs: WindowEpisode[]): RhythmEpisode[] => runs.map((r) => ({ ...r, label: CINC_TO_HOLTER_RHYTHM[r.label] }));

describe('mergeEpisodes', () => {
  it('keeps non-overlapping windows as their own spans and merges equal neighbours', () => {
    const w = windows([0, 300, 600, 900, 1200], ['N', 'N', 'A', 'A', 'N']);
    const episodes = mergeEpisodes(w, FS_HZ, 1500);
    expect(episodes.map((e) => [e.label, e.onsetSample, e.endSample])).toEqual([
      ['N', 0, 600],
      ['A', 600, 1200],
      ['N', 1200, 1500],
    ]);
    episodes.forEach((e) => expect(e.meanProbability).toBeCloseTo(0.7, 6));
    expect(afBurden(asHolter(episodes), 1500)).toBeCloseTo(600 / 1500, 12);
  });

  it('splits overlapping windows at the midpoint between centres and absorbs a 15 s run', () => {
    // 15 s stride: centres 150, 300, 450, 600, 750 → the A window owns [375, 525) = 15 s < 30 s.
    const w = windows([0, 150, 300, 450, 600], ['N', 'N', 'A', 'N', 'N']);
    const episodes = mergeEpisodes(w, FS_HZ, 900);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ label: 'N', onsetSample: 0, endSample: 900 });
    // N probability: 0.7 in four windows, 0.1 in the A window.
    expect(episodes[0]!.meanProbability).toBeCloseTo((4 * 0.7 + 0.1) / 5, 6);
    expect(afBurden(asHolter(episodes), 900)).toBe(0);
  });

  it('keeps a 15 s run when the minimum duration allows it', () => {
    const w = windows([0, 150, 300, 450, 600], ['N', 'N', 'A', 'N', 'N']);
    const episodes = mergeEpisodes(w, FS_HZ, 900, { minEpisodeS: 10 });
    expect(episodes.map((e) => [e.label, e.onsetSample, e.endSample])).toEqual([
      ['N', 0, 375],
      ['A', 375, 525],
      ['N', 525, 900],
    ]);
  });

  it('handles a last window aligned to the record end', () => {
    // starts 0, 300, 600 and 650 (aligned to the end of 950); centres 150, 450, 750, 800 → boundaries 300, 600, 775.
    // The O tail [775, 950) lasts 17.5 s and joins the A run before it.
    const w = windows([0, 300, 600, 650], ['N', 'A', 'A', 'O']);
    const episodes = mergeEpisodes(w, FS_HZ, 950);
    expect(episodes.map((e) => [e.label, e.onsetSample, e.endSample])).toEqual([
      ['N', 0, 300],
      ['A', 300, 950],
    ]);
    expect(afBurden(asHolter(episodes), 950)).toBeCloseTo(650 / 950, 12);
  });

  it('gives a short run to its longer neighbour', () => {
    const starts = [0, 150, 300, 450, 600, 750];
    const w = windows(starts, ['N', 'N', 'N', 'O', 'A', 'A']);
    // centres 150, 300, 450, 600, 750, 900 (nSamples 1050) → boundaries 225, 375, 525, 675, 825:
    // runs N [0, 525) 52.5 s, O [525, 675) 15 s, A [675, 1050) 37.5 s; O joins the longer N.
    const episodes = mergeEpisodes(w, FS_HZ, 1050);
    expect(episodes.map((e) => [e.label, e.onsetSample, e.endSample])).toEqual([
      ['N', 0, 675],
      ['A', 675, 1050],
    ]);
  });

  it('returns no episodes without windows', () => {
    expect(mergeEpisodes(windows([], []), FS_HZ, 1000)).toEqual([]);
  });
});

describe('afBurden', () => {
  it('is 1 for a record entirely in AF and rejects an empty record', () => {
    expect(afBurden([{ label: 'AFIB', onsetSample: 0, endSample: 500, meanProbability: 0.9 }], 500)).toBe(1);
    expect(() => afBurden([], 0)).toThrow(RangeError);
  });

  it('leaves NOISE out of the analysed time and counts flutter as not AF', () => {
    const episodes: RhythmEpisode[] = [
      { label: 'AFIB', onsetSample: 0, endSample: 300, meanProbability: 0.9 },
      { label: 'NOISE', onsetSample: 300, endSample: 600, meanProbability: 0.9 },
      { label: 'AFL', onsetSample: 600, endSample: 700, meanProbability: 1 },
      { label: 'N', onsetSample: 700, endSample: 1000, meanProbability: 0.9 },
    ];
    // 300 AF samples of 1000 − 300 noise = 700 readable samples
    expect(afBurden(episodes, 1000)).toBeCloseTo(300 / 700, 12);
    expect(afBurden([{ label: 'NOISE', onsetSample: 0, endSample: 500, meanProbability: 0.9 }], 500)).toBe(0);
  });
});
