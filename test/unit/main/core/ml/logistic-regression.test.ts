import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../../../../src/main/core/ml/logistic-regression';

/** Deterministic uniform numbers in [0, 1) (Park–Miller minimal standard generator). */
function uniforms(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** n rows of d features drawn uniform in [−2, 2), labels drawn from σ(bias + w·x). */
function sample(n: number, w: readonly number[], bias: number, seed: number): { x: Float32Array; y: Uint8Array } {
  const next = uniforms(seed);
  const d = w.length;
  const x = new Float32Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = bias;
    for (let j = 0; j < d; j++) {
      const v = 4 * next() - 2;
      x[i * d + j] = v;
      z += (w[j] as number) * v;
    }
    y[i] = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y };
}

describe('fitLogistic', () => {
  it('recovers the generating weights and bias of 20,000 labels drawn from a logistic model', () => {
    const w = [1.5, -0.8, 0, 2.2];
    const { x, y } = sample(20_000, w, -0.5, 7);
    const fit = fitLogistic(x, y, new Float32Array(y.length).fill(1), { l2: 0 });
    fit.weights.forEach((v, j) => expect(Math.abs(v - (w[j] as number))).toBeLessThan(0.1));
    expect(Math.abs(fit.bias + 0.5)).toBeLessThan(0.1);
  });

  it('treats a sample weight of 2 as the row given twice', () => {
    const { x, y } = sample(300, [1, -1], 0.3, 11);
    const weighted = new Float32Array(300).fill(1);
    weighted.fill(2, 0, 100);
    const doubledX = new Float32Array(400 * 2);
    doubledX.set(x);
    doubledX.set(x.subarray(0, 200), 600);
    const doubledY = new Uint8Array(400);
    doubledY.set(y);
    doubledY.set(y.subarray(0, 100), 300);
    const a = fitLogistic(x, y, weighted, { l2: 0 });
    const b = fitLogistic(doubledX, doubledY, new Float32Array(400).fill(1), { l2: 0 });
    a.weights.forEach((v, j) => expect(v).toBeCloseTo(b.weights[j] as number, 6));
    expect(a.bias).toBeCloseTo(b.bias, 6);
  });

  it('stays finite on separable data thanks to the L2 penalty, and shrinks the weights as it grows', () => {
    const x = Float32Array.from([-2, -1, 1, 2]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const one = new Float32Array(4).fill(1);
    const weak = fitLogistic(x, y, one, { l2: 1e-3 });
    const strong = fitLogistic(x, y, one, { l2: 1 });
    expect(Number.isFinite(weak.weights[0])).toBe(true);
    expect(weak.weights[0]).toBeGreaterThan(strong.weights[0] as number);
    expect(strong.weights[0]).toBeGreaterThan(0);
  });

  it('rejects shapes that disagree and empty input', () => {
    expect(() => fitLogistic(new Float32Array(3), new Uint8Array(2), new Float32Array(2))).toThrow(RangeError);
    expect(() => fitLogistic(new Float32Array(4), new Uint8Array(2), new Float32Array(1))).toThrow(RangeError);
    expect(() => fitLogistic(new Float32Array(0), new Uint8Array(0), new Float32Array(0))).toThrow(RangeError);
  });
});

describe('fitLogistic from an initial fit', () => {
  it('reaches the same optimum as from zero', () => {
    const { x, y } = sample(2_000, [0.7, -1.2], 0.2, 3);
    const one = new Float32Array(y.length).fill(1);
    const cold = fitLogistic(x, y, one);
    const warm = fitLogistic(x, y, one, { initial: { weights: [5, 5], bias: -3 } });
    cold.weights.forEach((v, j) => expect(warm.weights[j]).toBeCloseTo(v, 5));
    expect(warm.bias).toBeCloseTo(cold.bias, 5);
    expect(() => fitLogistic(x, y, one, { initial: { weights: [1], bias: 0 } })).toThrow(RangeError);
  });
});
