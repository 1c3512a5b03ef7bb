import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';
import { principalSubspace } from '../../../../../src/main/core/review/principal-subspace';

const dot = (a: Float64Array, i: number, j: number, dims: number): number => {
  let s = 0;
  for (let k = 0; k < dims; k++) s += (a[i * dims + k] as number) * (a[j * dims + k] as number);
  return s;
};

describe('principalSubspace', () => {
  it('returns orthonormal rows led by the dominant direction', () => {
    const dims = 8;
    const random = seededRandom(2);
    // vectors mostly along e2, then e5, plus small noise
    const vectors = new Float64Array(200 * dims);
    for (let i = 0; i < 200; i++) {
      for (let k = 0; k < dims; k++) vectors[i * dims + k] = 0.01 * (random() - 0.5);
      vectors[i * dims + 2] = 3 * (random() - 0.5);
      vectors[i * dims + 5] = 1 * (random() - 0.5);
    }
    const basis = principalSubspace(vectors, dims, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(dot(basis, i, j, dims)).toBeCloseTo(i === j ? 1 : 0, 9);
    expect(Math.abs(basis[2] as number)).toBeGreaterThan(0.999);
    expect(Math.abs(basis[dims + 5] as number)).toBeGreaterThan(0.999);
  });

  it('still gives an orthonormal basis when the vectors span less than the rank (flat beats)', () => {
    const basis = principalSubspace(new Float64Array(40), 4, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(dot(basis, i, j, 4)).toBeCloseTo(i === j ? 1 : 0, 9);
  });
});
