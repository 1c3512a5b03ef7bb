import { describe, expect, it } from 'vitest';
import { challengeScores } from '../../../../../src/main/core/rhythm/challenge-score';

describe('challengeScores', () => {
  it('computes per-class F1 as 2·Cii / (row + column) and averages N, A, O', () => {
    const reference = ['N', 'N', 'N', 'A', 'A', 'O', '~'] as const;
    const predicted = ['N', 'N', 'A', 'A', 'O', 'O', 'N'] as const;
    const s = challengeScores([...reference], [...predicted]);
    expect(s.confusion).toEqual([
      [2, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
    expect(s.f1.N).toBeCloseTo((2 * 2) / (3 + 3), 12);
    expect(s.f1.A).toBeCloseTo((2 * 1) / (2 + 2), 12);
    expect(s.f1.O).toBeCloseTo((2 * 1) / (1 + 2), 12);
    expect(s.f1['~']).toBe(0);
    expect(s.challengeF1).toBeCloseTo((4 / 6 + 0.5 + 2 / 3) / 3, 12);
    expect(s.accuracy).toBeCloseTo(4 / 7, 12);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => challengeScores(['N'], [])).toThrow(RangeError);
  });
});
