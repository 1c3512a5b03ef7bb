import { describe, expect, it } from 'vitest';
import { attentionPerSample } from '../../../../../src/main/core/rhythm/attention-samples';

describe('attentionPerSample', () => {
  it('spreads each step evenly over its samples, keeping the total', () => {
    const out = attentionPerSample([0.5, 0.25, 0.25], 4);
    expect(Array.from(out)).toEqual([0.125, 0.125, 0.125, 0.125, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625]);
  });

  it('tiles a window with a fractional step (models without stepSamples)', () => {
    // 2 steps over 5 samples: step 0 → samples 0–2 (ceil 0 … ceil 2.5), step 1 → samples 3–4
    const out = attentionPerSample([0.6, 0.4], 2.5);
    expect(out).toHaveLength(5);
    expect(Array.from(out)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2].map((v, i) => (i < 3 ? 0.6 / 3 : 0.4 / 2)));
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('rejects a bad step or weight', () => {
    expect(() => attentionPerSample([1], 0)).toThrow(RangeError);
    expect(() => attentionPerSample([1, -0.1], 4)).toThrow(/weight 1/);
    expect(() => attentionPerSample([Number.NaN], 4)).toThrow(/weight 0/);
  });
});
