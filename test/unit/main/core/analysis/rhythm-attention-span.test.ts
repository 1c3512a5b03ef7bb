import { describe, expect, it } from 'vitest';
import { paintAttention } from '../../../../../src/main/core/analysis/attention-overlay';
import { rhythmAttentionLayout, rhythmAttentionSpan } from '../../../../../src/main/core/analysis/rhythm-attention-span';
import type { RhythmModelMeta } from '../../../../../src/main/core/rhythm/rhythm-model-meta';

const meta = (stepSamples: number | undefined): RhythmModelMeta => ({
  name: 'test',
  version: '0',
  created: '',
  fsHz: 100,
  windowS: 30,
  strideS: 30,
  normalisation: { stdFloorMv: 0.01, clip: 10, method: '', padding: '' },
  labels: [],
  attention: { steps: 46, windowS: 30, method: '', ...(stepSamples === undefined ? {} : { stepSamples }) },
});

describe('rhythmAttentionLayout', () => {
  it("takes the step length from the model's pooling factor and rate", () => {
    expect(rhythmAttentionLayout(meta(64))).toEqual({ steps: 46, stepS: 0.64, offsetS: 0 });
  });

  it('tiles the window with the steps when meta.json gives no step length', () => {
    expect(rhythmAttentionLayout(meta(undefined)).stepS).toBeCloseTo(30 / 46, 12);
  });
});

describe('rhythmAttentionSpan', () => {
  it('puts the last of 46 steps of 0.64 s at 28.80–29.44 s of the window, not at its end', () => {
    // A 360 Hz record, window from 10 s; all attention on step 45. Overlay cells of 0.1 s.
    const fsHz = 360;
    const windowStart = 10 * fsHz;
    const weights = new Float32Array(46);
    weights[45] = 1;
    const span = rhythmAttentionSpan(windowStart, fsHz, 30, { steps: 46, stepS: 0.64, offsetS: 0 });
    expect(span.spanStart).toBe(windowStart);
    expect(span.spanEnd).toBeCloseTo(windowStart + 29.44 * fsHz, 6);
    const cellSamples = 36;
    const cells = paintAttention(windowStart, windowStart + 30 * fsHz, cellSamples, [{ ...span, weights }]);
    const shadedS = Array.from(cells)
      .map((v, c) => (v > 0 ? (c * cellSamples) / fsHz : -1))
      .filter((s) => s >= 0);
    // cells whose centres lie in [28.80, 29.44) s: 28.8 … 29.3 (spreading over 30 s gave 29.4 … 29.9)
    expect(shadedS[0]).toBeCloseTo(28.8, 9);
    expect(shadedS.at(-1)).toBeCloseTo(29.3, 9);
    expect(shadedS).toHaveLength(6);
  });

  it('shifts the steps by the stored offset', () => {
    expect(rhythmAttentionSpan(1000, 250, 30, { steps: 10, stepS: 0.5, offsetS: 0.2 })).toEqual({ spanStart: 1050, spanEnd: 2300 });
  });

  it('spreads the steps over the whole window for analyses stored without a step length', () => {
    expect(rhythmAttentionSpan(500, 360, 30, { steps: 46, stepS: null, offsetS: null })).toEqual({ spanStart: 500, spanEnd: 500 + 10800 });
  });
});
