import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';
import { applyTemperature, fitTemperature } from '../../../../../src/main/core/ml/temperature-scaling';

/** n examples of `classes` random logits and labels drawn from softmax(logits / trueT). */
function synthetic(n: number, classes: number, trueT: number, seed: number): { logits: Float64Array; labels: Int32Array } {
  const random = seededRandom(seed);
  const logits = new Float64Array(n * classes);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) logits[i * classes + c] = 6 * (random() - 0.5);
    const p = Array.from({ length: classes }, (_, c) => Math.exp((logits[i * classes + c] as number) / trueT));
    const total = p.reduce((a, b) => a + b, 0);
    let u = random() * total;
    let label = classes - 1;
    for (let c = 0; c < classes; c++) {
      u -= p[c] as number;
      if (u <= 0) {
        label = c;
        break;
      }
    }
    labels[i] = label;
  }
  return { logits, labels };
}

describe('fitTemperature', () => {
  it.each([0.5, 1, 2.5])('recovers the temperature %s that generated the labels', (trueT) => {
    const { logits, labels } = synthetic(20000, 4, trueT, 7);
    const fit = fitTemperature(logits, labels, 4);
    expect(fit.temperature).toBeGreaterThan(trueT * 0.93);
    expect(fit.temperature).toBeLessThan(trueT * 1.07);
    expect(fit.nllAfter).toBeLessThanOrEqual(fit.nllBefore + 1e-12);
  });

  it('finds the NLL minimum: nearby temperatures cost more', () => {
    const { logits, labels } = synthetic(2000, 3, 1.7, 3);
    const { temperature, nllAfter } = fitTemperature(logits, labels, 3);
    const nllAt = (t: number): number => {
      let total = 0;
      for (let i = 0; i < labels.length; i++) {
        const row = Array.from(logits.subarray(i * 3, i * 3 + 3));
        const p = applyTemperature(row, t);
        total -= Math.log(p[labels[i] as number] as number);
      }
      return total / labels.length;
    };
    expect(nllAt(temperature)).toBeCloseTo(nllAfter, 10);
    expect(nllAt(temperature * 1.05)).toBeGreaterThan(nllAfter);
    expect(nllAt(temperature / 1.05)).toBeGreaterThan(nllAfter);
  });

  it('rejects bad input with a clear error', () => {
    expect(() => fitTemperature([], [], 4)).toThrow(/no examples/);
    expect(() => fitTemperature([0, 1, 2], [0], 4)).toThrow(RangeError);
    expect(() => fitTemperature([0, 1], [2], 2)).toThrow(/label 0 is 2/);
    expect(() => fitTemperature([0, Number.NaN], [0], 2)).toThrow(/logit 1/);
    expect(() => fitTemperature([0], [0], 1)).toThrow(/≥ 2 classes/);
  });
});

describe('applyTemperature', () => {
  it('divides the logits by T before the softmax', () => {
    // logits ln 1, ln 4, ln 9 at T = 2 → probabilities ∝ 1, 2, 3
    const p = applyTemperature([0, Math.log(4), Math.log(9)], 2);
    expect(Array.from(p).map((v) => v * 6)).toEqual([expect.closeTo(1, 12), expect.closeTo(2, 12), expect.closeTo(3, 12)]);
  });

  it('is a plain softmax at T = 1 and stays finite for large logits', () => {
    const p = applyTemperature([1000, 1000 + Math.log(3)], 1);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });

  it('rejects a bad temperature or logits', () => {
    expect(() => applyTemperature([0, 1], 0)).toThrow(RangeError);
    expect(() => applyTemperature([0, 1], Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => applyTemperature([], 1)).toThrow(/no logits/);
    expect(() => applyTemperature([0, Number.NEGATIVE_INFINITY], 1)).toThrow(/logit 1/);
  });
});
