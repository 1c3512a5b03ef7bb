import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../src/main/core/ml/seeded-random';
import { sampleWindow, windowLayout } from '../../../../../src/main/core/review/window-layout';

describe('windowLayout', () => {
  it('decimates by the largest integer that keeps the target rate', () => {
    expect(windowLayout(360, -0.25, 0.45, 180)).toEqual({ startOffset: -90, step: 2, samplesPerLead: 126, fsHz: 180 });
    expect(windowLayout(250, -0.12, 0.28, 100)).toEqual({ startOffset: -30, step: 2, samplesPerLead: 50, fsHz: 125 });
    expect(windowLayout(128, -0.12, 0.28, 180).step).toBe(1);
  });
});

describe('sampleWindow', () => {
  it('subtracts the window median (odd and even lengths, ties) from every lead', () => {
    const random = seededRandom(5);
    for (let t = 0; t < 500; t++) {
      const n = 1 + Math.floor(random() * 60);
      const leads = [0, 1].map(() => Float32Array.from({ length: n }, () => Math.round(random() * 10)));
      const out = new Float32Array(2 * n);
      sampleWindow(
        { startSample: 0, leadsMv: leads },
        0,
        { startOffset: 0, step: 1, samplesPerLead: n, fsHz: 1 },
        out,
        0,
        new Float32Array(n),
      );
      leads.forEach((lead, l) => {
        const sorted = [...lead].sort((a, b) => a - b);
        const median = n % 2 === 1 ? (sorted[n >> 1] as number) : ((sorted[(n >> 1) - 1] as number) + (sorted[n >> 1] as number)) / 2;
        for (let i = 0; i < n; i++) expect(out[l * n + i]).toBeCloseTo((lead[i] as number) - median, 5);
      });
    }
  });

  it('box-averages when decimating and sets samples beyond the span to the baseline', () => {
    const lead = Float32Array.from({ length: 20 }, (_, i) => i);
    const out = new Float32Array(6);
    // R at record sample 12 of a span starting at sample 10: window starts 4 samples before R, step 2
    sampleWindow(
      { startSample: 10, leadsMv: [lead] },
      12,
      { startOffset: -4, step: 2, samplesPerLead: 6, fsHz: 1 },
      out,
      0,
      new Float32Array(6),
    );
    // record samples 8..19 → span indices −2..9: the first pair lies before the span
    const means = [NaN, 0.5, 2.5, 4.5, 6.5, 8.5];
    const median = 4.5;
    expect([...out]).toEqual(means.map((m) => (Number.isNaN(m) ? 0 : m - median)));
  });
});
