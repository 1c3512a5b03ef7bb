import { describe, expect, it } from 'vitest';
import { snapToRPeak } from '../../../../../src/main/core/review/snap-to-r-peak';

const FS_HZ = 360;

/** 1 s at 360 Hz: a sharp 1 mV QRS (triangle, 8 samples each side) at 150 and a broad 1.2 mV T wave (σ 40 ms) at 180. */
function qrsAndTallT(): Float32Array {
  const x = new Float32Array(FS_HZ);
  for (let i = 0; i < x.length; i++) {
    const qrs = Math.max(0, 1 - Math.abs(i - 150) / 8);
    const t = 1.2 * Math.exp(-(((i - 180) / (0.04 * FS_HZ)) ** 2) / 2);
    x[i] = qrs + t;
  }
  return x;
}

describe('snapToRPeak', () => {
  it('prefers the steep QRS over a taller slow T wave inside the ±100 ms search', () => {
    const signal = qrsAndTallT();
    // both peaks lie within 36 samples (100 ms) of 170; the T wave is the larger amplitude
    expect(signal[180]).toBeGreaterThan(signal[150] as number);
    expect(snapToRPeak(signal, 0, 170, FS_HZ)).toBe(150);
  });

  it('works in record samples when the signal starts at an offset, and snaps a negative QRS too', () => {
    const signal = qrsAndTallT().map((v) => -v);
    expect(snapToRPeak(signal, 10_000, 10_160, FS_HZ)).toBe(10_150);
  });

  it('leaves the click where it is when the window holds no finite samples, and refuses a sample outside the signal', () => {
    const flat = new Float32Array(100).fill(Number.NaN);
    expect(snapToRPeak(flat, 0, 50, FS_HZ)).toBe(50);
    expect(() => snapToRPeak(flat, 0, 100, FS_HZ)).toThrow(/outside the signal \[0, 100\)/);
    expect(() => snapToRPeak(flat, 0, 10, 0)).toThrow(RangeError);
  });
});
