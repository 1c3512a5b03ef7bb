import { describe, expect, it } from 'vitest';
import { applyListDelta, listDelta } from '../../../src/shared/list-delta';

/** mulberry32, so that a failing case replays. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (s: string): string => s;

describe('listDelta / applyListDelta', () => {
  it('rebuilds the new list from the old one after random removals, insertions, repeats and swaps', () => {
    const random = seeded(12);
    for (let trial = 0; trial < 300; trial++) {
      const old = Array.from({ length: Math.floor(random() * 40) }, () => `e${Math.floor(random() * 15)}`);
      const next = old.filter(() => random() > 0.3);
      for (let k = Math.floor(random() * 10); k > 0; k--) next.splice(Math.floor(random() * (next.length + 1)), 0, `e${Math.floor(random() * 20)}`);
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
