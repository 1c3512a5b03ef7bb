import { describe, expect, it } from 'vitest';
import { penPasses } from '../../../../src/renderer/src/lib/pen-passes';

describe('pen passes', () => {
  it('draws a pen of at most one device pixel in one unshifted pass', () => {
    expect(penPasses(0.6)).toEqual([{ dx: 0, dy: 0 }]);
    expect(penPasses(1)).toEqual([{ dx: 0, dy: 0 }]);
  });

  it('draws a 1.66 px pen as 4 passes shifted by ±0.33 px, on x and on y', () => {
    const passes = penPasses(1.66);
    expect(passes).toHaveLength(4);
    expect(passes.filter((p) => p.dy === 0).map((p) => p.dx)).toEqual([expect.closeTo(-0.33, 9), expect.closeTo(0.33, 9)]);
    expect(passes.filter((p) => p.dx === 0).map((p) => p.dy)).toEqual([expect.closeTo(-0.33, 9), expect.closeTo(0.33, 9)]);
  });

  it('keeps neighbouring shifts at most 1 px apart and the outermost passes (width − 1) px apart, centred', () => {
    for (const width of [2, 2.2, 3.3, 5.5]) {
      const passes = penPasses(width);
      const onX = passes.filter((p) => p.dy === 0).map((p) => p.dx);
      expect(passes).toHaveLength(2 * (Math.ceil(width - 1) + 1));
      expect((onX.at(-1) ?? 0) - (onX[0] ?? 0)).toBeCloseTo(width - 1, 9);
      expect((onX.at(-1) ?? 0) + (onX[0] ?? 0)).toBeCloseTo(0, 9);
      for (let i = 1; i < onX.length; i++) expect((onX[i] ?? 0) - (onX[i - 1] ?? 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('refuses a width that is not a positive number', () => {
    for (const width of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => penPasses(width)).toThrow(RangeError);
  });
});
