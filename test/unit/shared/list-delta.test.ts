import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/main/core/ml/seeded-random';
import { applyListDelta, listDelta } from '../../../src/shared/list-delta';

const key = (s: string): string => s;

describe('listDelta / applyListDelta', () => {
  it('rebuilds the new list from the old one after random removals, insertions, repeats and swaps', () => {
    const random = seededRandom(12);
    for (let trial = 0; trial < 300; trial++) {
      const old = Array.from({ length: Math.floor(random() * 40) }, () => `e${Math.floor(random() * 15)}`);
      const next = old.filter(() => random() > 0.3);
      for (let k = Math.floor(random() * 10); k > 0; k--)
        next.splice(Math.floor(random() * (next.length + 1)), 0, `e${Math.floor(random() * 20)}`);
      if (next.length > 1 && random() < 0.3) next.reverse();
      const delta = listDelta(old, next, key);
      expect(applyListDelta(old, delta)).toEqual(next);
      expect(delta.added).toEqual(Array.from(delta.addedAt, (j) => next[j]));
    }
  });

  it('sends only what changed: nothing for the same list, the new items for an insertion, indices for a removal', () => {
    const old = ['a', 'b', 'c', 'd'];
    expect(listDelta(old, old, key)).toEqual({ removed: new Uint32Array(0), addedAt: new Uint32Array(0), added: [] });
    expect(listDelta(old, ['a', 'x', 'b', 'c', 'd', 'y'], key)).toEqual({
      removed: new Uint32Array(0),
      addedAt: Uint32Array.of(1, 5),
      added: ['x', 'y'],
    });
    expect(listDelta(old, ['b', 'd'], key)).toEqual({ removed: Uint32Array.of(0, 2), addedAt: new Uint32Array(0), added: [] });
  });

  it('refuses a delta that does not fit the list', () => {
    expect(() => applyListDelta(['a'], { removed: Uint32Array.of(3), addedAt: new Uint32Array(0), added: [] })).toThrow(RangeError);
    expect(() => applyListDelta(['a'], { removed: new Uint32Array(0), addedAt: Uint32Array.of(5), added: ['x'] })).toThrow(RangeError);
  });
});
