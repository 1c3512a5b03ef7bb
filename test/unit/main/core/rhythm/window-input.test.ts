import { describe, expect, it } from 'vitest';
import { writeWindowInput } from '../../../../../src/main/core/rhythm/window-input';

describe('writeWindowInput', () => {
  it('z-scores the window (mean 0, SD 1)', () => {
    const signal = Float32Array.from({ length: 400 }, (_, i) => 2 + Math.sin(i / 7));
    const out = new Float32Array(300);
    writeWindowInput(signal, 50, 300, out, 0);
    const mean = out.reduce((a, b) => a + b, 0) / 300;
    const sd = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / 300);
    expect(mean).toBeCloseTo(0, 5);
    expect(sd).toBeCloseTo(1, 5);
  });

  it('zero-pads past the end of the signal', () => {
    const signal = Float32Array.from([1, -1, 1, -1]);
    const out = new Float32Array(8).fill(9);
    writeWindowInput(signal, 0, 6, out, 2);
    // mean 0, SD 1 → the samples themselves, then two zeros; out[0..1] untouched.
    expect(Array.from(out)).toEqual([9, 9, 1, -1, 1, -1, 0, 0]);
  });

  it('floors the SD of a flat line and clips outliers', () => {
    const flat = new Float32Array(10).fill(3);
    const out = new Float32Array(10);
    writeWindowInput(flat, 0, 10, out, 0);
    expect(Array.from(out)).toEqual(new Array(10).fill(0));
    const spike = new Float32Array(1000);
    spike[500] = 1000; // mean 1, SD ≈ 31.6 → z ≈ 31.6 before clipping
    const clipped = new Float32Array(1000);
    writeWindowInput(spike, 0, 1000, clipped, 0, { stdFloorMv: 0.01, clip: 10 });
    expect(clipped[500]).toBe(10);
  });
});
