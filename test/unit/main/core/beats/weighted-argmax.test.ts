import { describe, expect, it } from 'vitest';
import { weightedArgmax } from '../../../../../src/main/core/beats/weighted-argmax';

describe('weightedArgmax', () => {
  const probabilities = Float32Array.from([0.5, 0.3, 0.2, 0.1, 0.1, 0.8, 0.4, 0.4, 0.2]);

  it('is the plain argmax with unit weights, the first class on ties', () => {
    expect(Array.from(weightedArgmax(probabilities, [1, 1, 1]))).toEqual([0, 2, 0]);
  });

  it('picks the largest probability × weight', () => {
    // row 0: 0.5·1, 0.3·2 = 0.6, 0.2·1 → 1; row 1: 0.1, 0.2, 0.8 → 2; row 2: 0.4, 0.8, 0.2 → 1
    expect(Array.from(weightedArgmax(probabilities, [1, 2, 1]))).toEqual([1, 2, 1]);
    // row 1 with V × 0.1: 0.1, 0.1, 0.08 → the first of the tie, 0
    expect(Array.from(weightedArgmax(probabilities, [1, 1, 0.1]))).toEqual([0, 0, 0]);
  });

  it('rejects rows that do not fit the weights', () => {
    expect(() => weightedArgmax(probabilities, [1, 1, 1, 1])).toThrow(RangeError);
    expect(() => weightedArgmax(probabilities, [])).toThrow(RangeError);
  });
});
