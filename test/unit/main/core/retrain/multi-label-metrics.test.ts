/** Subset accuracy, per-label and macro F1 (multiLabelMetrics) on three windows computed by hand. */
import { describe, expect, it } from 'vitest';
import { multiLabelMetrics } from '../../../../../src/main/core/retrain/multi-label-metrics';

describe('multiLabelMetrics', () => {
  it('scores exact set matches and each label as its own two-class problem', () => {
    // reference {a}, {b}, {a, b}; predicted {a}, {a, b}, {a}
    const m = multiLabelMetrics(Uint8Array.from([1, 0, 0, 1, 1, 1, 0, 0]), Uint8Array.from([1, 0, 1, 1, 1, 0, 0, 0]), ['a', 'b']);
    expect(m.windows).toBe(4);
    expect(m.subsetAccuracy).toBeCloseTo(2 / 4, 10); // rows 0 and 3 (both empty) match
    expect(m.perLabel.a).toEqual({ se: 1, ppv: 2 / 3, f1: 0.8, support: 2 });
    expect(m.perLabel.b.se).toBeCloseTo(0.5, 10);
    expect(m.perLabel.b.ppv).toBe(1);
    expect(m.perLabel.b.f1).toBeCloseTo(2 / 3, 10);
    expect(m.macroF1).toBeCloseTo((0.8 + 2 / 3) / 2, 10);
  });

  it('averages the F1 over the labels present only', () => {
    const m = multiLabelMetrics(Uint8Array.from([1, 0, 1, 0]), Uint8Array.from([1, 0, 0, 0]), ['a', 'b']);
    expect(m.perLabel.b.support).toBe(0);
    expect(m.macroF1).toBeCloseTo(m.perLabel.a.f1, 10);
  });

  it('refuses shapes that do not match', () => {
    expect(() => multiLabelMetrics(Uint8Array.from([1, 0]), Uint8Array.from([1]), ['a', 'b'])).toThrow(RangeError);
  });
});
