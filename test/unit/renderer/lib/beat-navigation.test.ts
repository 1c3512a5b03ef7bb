import { describe, expect, it } from 'vitest';
import type { AamiClass } from '../../../../src/shared/labels';
import { findBeatFrom, nearestBeat, stepBeat } from '../../../../src/renderer/src/lib/beat-navigation';

const beat = (beatId: number, sample: number, label: AamiClass) => ({ beatId, sample, label });
const beats = [beat(1, 100, 'N'), beat(2, 400, 'V'), beat(3, 700, 'N'), beat(4, 1000, 'V')];

describe('beat navigation', () => {
  it('steps the selection forward and back, null past either end', () => {
    expect(stepBeat(beats, 2, 1)?.beatId).toBe(3);
    expect(stepBeat(beats, 2, -1)?.beatId).toBe(1);
    expect(stepBeat(beats, 4, 1)).toBeNull();
    expect(stepBeat(beats, 1, -1)).toBeNull();
  });

  it('starts at the first or last beat when nothing is selected', () => {
    expect(stepBeat(beats, null, 1)?.beatId).toBe(1);
    expect(stepBeat(beats, null, -1)?.beatId).toBe(4);
    expect(stepBeat(beats, 99, 1)?.beatId).toBe(1);
    expect(stepBeat([], null, 1)).toBeNull();
  });

  it('finds the next and previous beat of a class strictly after/before a sample', () => {
    expect(findBeatFrom(beats, 400, 1, 'V')?.beatId).toBe(4);
    expect(findBeatFrom(beats, 399, 1, 'V')?.beatId).toBe(2);
    expect(findBeatFrom(beats, 1000, -1, 'V')?.beatId).toBe(2);
    expect(findBeatFrom(beats, 1000, 1, 'V')).toBeNull();
    expect(findBeatFrom(beats, 0, 1, 'S')).toBeNull();
    expect(findBeatFrom(beats, 400, 1, null)?.beatId).toBe(3);
  });

  it('picks the nearest beat within the distance, the earlier one on a tie', () => {
    expect(nearestBeat(beats, 430, 72)?.beatId).toBe(2);
    expect(nearestBeat(beats, 550, 200)?.beatId).toBe(2);
    expect(nearestBeat(beats, 550, 100)).toBeNull();
  });
});
