import { describe, expect, it } from 'vitest';
import { visibleRows } from '../../../../src/renderer/src/lib/visible-rows';

describe('visibleRows', () => {
  it('draws the rows the box shows plus the overscan, clamped to the list', () => {
    // 200 px box of 17 px rows at the top: rows 0..11 (the 12th is cut), plus 5 below
    expect(visibleRows(0, 200, 17, 5000, 5)).toEqual({ first: 0, end: 17 });
    // scrolled to row 100 (1700 px): rows 100..111 shown, 95..116 drawn
    expect(visibleRows(1700, 200, 17, 5000, 5)).toEqual({ first: 95, end: 117 });
    // at the end of the list
    expect(visibleRows(17 * 4990, 200, 17, 5000, 5)).toEqual({ first: 4985, end: 5000 });
  });

  it('covers every row shown for any scroll position', () => {
    for (const top of [0, 3, 16, 17, 18, 999, 4321.5]) {
      const { first, end } = visibleRows(top, 200, 17, 1000, 0);
      expect(first * 17).toBeLessThanOrEqual(top);
      expect(end * 17).toBeGreaterThanOrEqual(Math.min(1000 * 17, top + 200));
    }
  });

  it('handles an empty or short list, a scroll past the end and bad input', () => {
    expect(visibleRows(0, 200, 17, 0, 5)).toEqual({ first: 0, end: 0 });
    expect(visibleRows(0, 200, 17, 3, 5)).toEqual({ first: 0, end: 3 });
    // a list that shrank under a scrolled box still draws its last row
    expect(visibleRows(100_000, 200, 17, 3, 5)).toEqual({ first: 2, end: 3 });
    expect(visibleRows(Number.NaN, 200, 17, 10, 0)).toEqual({ first: 0, end: 10 });
    expect(() => visibleRows(0, 200, 0, 10, 0)).toThrow(RangeError);
  });
});
