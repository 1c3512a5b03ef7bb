import { describe, expect, it } from 'vitest';
import { OrderedRows } from '../../../../../src/main/core/engine/ordered-rows';
import type { AnalysisPartRows } from '../../../../../src/main/core/store/review-store';

/** A part of `n` beats from `first`, one per 100 samples, with attention. */
function part(first: number, n: number): AnalysisPartRows {
  return {
    beatSamples: Int32Array.from({ length: n }, (_, i) => first + i * 100),
    beatLabels: Array.from({ length: n }, () => 'N'),
    beatConfidence: new Float32Array(n).fill(0.5),
    beatArtefact: new Uint8Array(n),
    beatAttention: new Float32Array(n * 2).fill(0.5),
    beatAttentionSteps: 2,
    windowStartSamples: Int32Array.from([first]),
    windowLabels: ['N'],
    windowProbabilities: Float32Array.from([0.7, 0.1, 0.1, 0.1]),
    windowAttention: Float32Array.from([0.25, 0.75]),
    rhythmAttentionSteps: 2,
  };
}

describe('OrderedRows', () => {
  it('stores parts in chunk order whatever order they finish in, one at a time', async () => {
    const stored: number[] = [];
    let running = 0;
    const rows = new OrderedRows(4, async (p) => {
      running++;
      expect(running).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      stored.push(p.beatSamples[0] as number);
      running--;
    });
    rows.add(2, part(2000, 3));
    rows.add(1, part(1000, 3));
    expect(stored).toEqual([]);
    rows.add(0, part(0, 3));
    rows.add(3, part(3000, 3));
    await rows.allStored();
    expect(stored).toEqual([0, 1000, 2000, 3000]);
  });

  it('stops storing after the first failure and rethrows it', async () => {
    const stored: number[] = [];
    const rows = new OrderedRows(3, async (p) => {
      if (p.beatSamples[0] === 1000) throw new Error('disk full');
      stored.push(p.beatSamples[0] as number);
    });
    rows.add(0, part(0, 1));
    rows.add(1, part(1000, 1));
    rows.add(2, part(2000, 1));
    await rows.settled();
    expect(stored).toEqual([0]);
    expect(() => rows.throwIfFailed()).toThrow('disk full');
    await expect(rows.allStored()).rejects.toThrow('disk full');
  });

  it('refuses a chunk added twice or outside the record, and a record with a chunk never added', async () => {
    const rows = new OrderedRows(2, async () => undefined);
    rows.add(0, part(0, 1));
    expect(() => rows.add(0, part(0, 1))).toThrow(RangeError);
    expect(() => rows.add(2, part(0, 1))).toThrow(RangeError);
    await expect(rows.allStored()).rejects.toThrow(/1 of 2 chunks never added/);
  });
});
