import { describe, expect, it } from 'vitest';
import { VF_BLOCK_CONFIG, vfBlockReach, vfBlockSpans } from '../../../../../src/main/core/rhythm/vf-blocks';

const FS_HZ = 250;

/** 3 min: narrow 1 mV spikes at 75 bpm, with a fibrillation-like wave (1 mV, 3–7 Hz, wandering frequency) over [60 s, 110 s). */
function lead(): Float32Array {
  const n = 180 * FS_HZ;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / FS_HZ;
    if (t >= 60 && t < 110)
      x[i] =
        0.7 * Math.sin(2 * Math.PI * 5 * t + 6 * Math.sin(2 * Math.PI * 0.37 * t)) +
        0.3 * Math.sin(2 * Math.PI * 3.1 * t + 4 * Math.sin(2 * Math.PI * 0.23 * t));
    else x[i] = Math.exp(-(((t % 0.8) - 0.4) ** 2) / (2 * 0.01 ** 2));
  }
  return x;
}

describe('vfBlockSpans', () => {
  it('gives the same spans for the whole lead and for pieces cut anywhere, and finds the sine', () => {
    const x = lead();
    const n = x.length;
    const whole = vfBlockSpans(x, 0, FS_HZ, n, 0, n);
    const { beforeS, afterS } = vfBlockReach();
    for (const cutS of [17, 45, 61, 95.5]) {
      const cut = Math.round(cutS * FS_HZ);
      const piece = (from: number, to: number) => {
        const readFrom = Math.max(0, from - beforeS * FS_HZ);
        const readTo = Math.min(n, to + afterS * FS_HZ);
        return vfBlockSpans(x.slice(readFrom, readTo), readFrom, FS_HZ, n, from, to);
      };
      expect([...piece(0, cut), ...piece(cut, n)]).toEqual(whole);
    }
    // the sine is covered by spans that touch at the 30 s block boundaries, and nothing outside it is called
    const covered = whole.reduce((acc, s) => acc + s.endSample - s.onsetSample, 0) / FS_HZ;
    expect(covered).toBeGreaterThan(40);
    for (const s of whole) {
      expect(s.onsetSample).toBeGreaterThanOrEqual(55 * FS_HZ);
      expect(s.endSample).toBeLessThanOrEqual(115 * FS_HZ);
      expect(Math.floor(s.onsetSample / (VF_BLOCK_CONFIG.blockS * FS_HZ))).toBe(
        Math.floor((s.endSample - 1) / (VF_BLOCK_CONFIG.blockS * FS_HZ)),
      );
    }
  });

  it('refuses a stretch that does not hold a block and its context', () => {
    const x = lead();
    const n = x.length;
    const needed = (VF_BLOCK_CONFIG.blockS + vfBlockReach().beforeS) * FS_HZ;
    expect(() => vfBlockSpans(x.slice(0, needed - 1), 0, FS_HZ, n, 0, 30 * FS_HZ)).toThrow(
      `block [0, ${30 * FS_HZ}) needs samples [0, ${needed}), the stretch holds [0, ${needed - 1})`,
    );
  });

  it('returns nothing (no failed analysis) at a rate the detector does not accept', () => {
    const x = new Float32Array(20_000 * 40);
    expect(vfBlockSpans(x, 0, 20_000, x.length, 0, x.length)).toEqual([]);
    expect(vfBlockSpans(new Float32Array(400), 0, 10, 400, 0, 400)).toEqual([]);
  });

  it('returns nothing for an empty range or a flat lead', () => {
    const x = lead();
    expect(vfBlockSpans(x, 0, FS_HZ, x.length, 1000, 1000)).toEqual([]);
    const flat = new Float32Array(60 * FS_HZ);
    expect(vfBlockSpans(flat, 0, FS_HZ, flat.length, 0, flat.length)).toEqual([]);
  });
});
