import { describe, expect, it } from 'vitest';
import { paintAttention } from '../../../../../src/main/core/analysis/attention-overlay';

describe('paintAttention', () => {
  it("spreads each item's weights over its span, scaled to its maximum", () => {
    // strip 0..100 in cells of 10; one item over 20..60 with 2 steps: 20..40 → 0.25/0.5, 40..60 → 0.5/0.5
    const cells = paintAttention(0, 100, 10, [{ spanStart: 20, spanEnd: 60, weights: Float32Array.from([0.25, 0.5]) }]);
    expect(Array.from(cells)).toEqual([0, 0, 0.5, 0.5, 1, 1, 0, 0, 0, 0]);
  });

  it('keeps the larger value where items overlap and clips to the strip', () => {
    const cells = paintAttention(100, 140, 10, [
      { spanStart: 90, spanEnd: 130, weights: Float32Array.from([1]) },
      { spanStart: 120, spanEnd: 200, weights: Float32Array.from([1, 3]) },
    ]);
    expect(Array.from(cells).map((v) => Math.round(v * 1000) / 1000)).toEqual([1, 1, 1, 0.333]);
  });

  it('skips items without weights', () => {
    const cells = paintAttention(0, 30, 10, [{ spanStart: 0, spanEnd: 30, weights: null }]);
    expect(Array.from(cells)).toEqual([0, 0, 0]);
  });
});
