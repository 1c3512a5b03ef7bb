/**
 * A multi-label model's sigmoid outputs as CinC 2017 strip classes: AF → A, a bundle branch block
 * without AF → O, ectopy alone → N, rows summing to 1, and the argmax agreeing with the 0.5 threshold.
 */
import { describe, expect, it } from 'vitest';
import { MULTI_LABELS } from '../../../../../src/main/core/retrain/window-label-set';
import { mostProbableLabel } from '../../../../../src/main/core/rhythm/rhythm-labels';
import { stripClassesOfLabelSets } from '../../../../../src/main/core/rhythm/strip-classes-of-label-sets';

/** One row of sigmoid outputs, 0.1 for every label not named. */
function row(p: Partial<Record<(typeof MULTI_LABELS)[number], number>>): number[] {
  return MULTI_LABELS.map((label) => p[label] ?? 0.1);
}

describe('stripClassesOfLabelSets', () => {
  it('maps AF to A, a block without AF to O, ectopy in sinus rhythm to N', () => {
    const rows = [
      row({ AF: 0.9, PVC: 0.8 }), // AF with V beats: the rhythm is AF
      row({ RBBB: 0.7, PAC: 0.9 }), // RBBB with S beats: other rhythm
      row({ Normal: 0.2, PVC: 0.95 }), // V beats in sinus rhythm: N (the beat rules make the ectopy episodes)
      row({ Normal: 0.9 }),
    ];
    const p = stripClassesOfLabelSets(Float32Array.from(rows.flat()));
    expect([0, 1, 2, 3].map((i) => mostProbableLabel(p, i))).toEqual(['A', 'O', 'N', 'N']);
    // row 0: P(A) = 0.9, P(N) = 1 − 0.9 (no block reaches 0.5), P(O) = P(~) = 0; row 1: P(O) = 1 − 0.1
    const expected = [0.1, 0.9, 0, 0, 0, 0.1, 0.9, 0];
    Array.from(p.subarray(0, 8)).forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 6));
    for (let i = 0; i < 4; i++) expect(p[i * 4]! + p[i * 4 + 1]! + p[i * 4 + 2]! + p[i * 4 + 3]!).toBeCloseTo(1, 6);
  });

  it('calls A exactly above p_AF = 0.5, and O from a block at 0.5', () => {
    const p = stripClassesOfLabelSets(Float32Array.from([...row({ AF: 0.49 }), ...row({ AF: 0.51 }), ...row({ AF: 0.49, LBBB: 0.5 })]));
    expect([0, 1, 2].map((i) => mostProbableLabel(p, i))).toEqual(['N', 'A', 'O']);
  });

  it('refuses outputs that are not rows of the label set', () => {
    expect(() => stripClassesOfLabelSets(new Float32Array(MULTI_LABELS.length + 1))).toThrow(RangeError);
  });
});
