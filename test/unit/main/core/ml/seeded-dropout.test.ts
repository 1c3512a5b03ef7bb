import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { SeededDropout } from '../../../../../src/main/core/ml/seeded-dropout';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => undefined });
});

const ones = (): tf.Tensor => tf.ones([4, 250]);

async function masks(layer: SeededDropout, calls: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let k = 0; k < calls; k++) out.push(Array.from(await (layer.apply(ones(), { training: true }) as tf.Tensor).data()));
  return out;
}

describe('SeededDropout', () => {
  it('drops about `rate` of the inputs in training and scales the others by 1 / (1 − rate)', async () => {
    const [mask] = await masks(new SeededDropout({ rate: 0.3, seed: 5 }), 1);
    const kept = (mask as number[]).filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    expect(Math.abs(1 - kept.length / 1000 - 0.3)).toBeLessThan(0.05);
  });

  it('draws a new mask at every training call, the same sequence for the same seed', async () => {
    const a = await masks(new SeededDropout({ rate: 0.5, seed: 42 }), 3);
    const b = await masks(new SeededDropout({ rate: 0.5, seed: 42 }), 3);
    expect(b).toEqual(a);
    expect(a[1]).not.toEqual(a[0]);
    expect(a[2]).not.toEqual(a[1]);
    const c = await masks(new SeededDropout({ rate: 0.5, seed: 43 }), 1);
    expect(c[0]).not.toEqual(a[0]);
  });

  it('is the identity outside training', async () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 1 });
    expect(Array.from(await (layer.apply(ones()) as tf.Tensor).data()).every((v) => v === 1)).toBe(true);
  });

  it('keeps its rate and seed in its config, and rejects a bad rate or seed', () => {
    expect(new SeededDropout({ rate: 0.25, seed: 9 }).getConfig()).toMatchObject({ rate: 0.25, seed: 9 });
    expect(() => new SeededDropout({ rate: 1, seed: 1 })).toThrow(RangeError);
    expect(() => new SeededDropout({ rate: -0.1, seed: 1 })).toThrow(RangeError);
    expect(() => new SeededDropout({ rate: 0.5, seed: 1.5 })).toThrow(RangeError);
  });
});
