import { describe, expect, it } from 'vitest';
import { zeroPhaseBandPass } from '../../../../../src/main/core/dsp/zero-phase-band-pass';

const FS = 360;

function sine(hz: number, seconds: number, phase = 0): Float32Array {
  return Float32Array.from({ length: FS * seconds }, (_, i) => Math.sin((2 * Math.PI * hz * i) / FS + phase));
}

/** Peak amplitude over the middle half (away from the edges). */
function middleAmplitude(x: Float32Array): number {
  let peak = 0;
  for (let i = x.length >> 2; i < (3 * x.length) >> 2; i++) peak = Math.max(peak, Math.abs(x[i] as number));
  return peak;
}

describe('zeroPhaseBandPass', () => {
  it('passes the QRS band with unit gain and no phase shift', () => {
    const x = sine(10, 10);
    const y = zeroPhaseBandPass(x.slice(), FS, 0.5, 40);
    expect(middleAmplitude(y)).toBeGreaterThan(0.97);
    expect(middleAmplitude(y)).toBeLessThan(1.01);
    // zero phase: the filtered sine is in step with the input
    for (let i = 900; i < 2700; i += 37) expect(Math.abs((y[i] as number) - (x[i] as number))).toBeLessThan(0.03);
  });

  it('removes an offset and baseline wander and attenuates mains and EMG-band noise', () => {
    const offset = Float32Array.from(sine(0.05, 20), (v) => 2 + v);
    expect(middleAmplitude(zeroPhaseBandPass(offset, FS, 0.5, 40))).toBeLessThan(0.02);
    expect(middleAmplitude(zeroPhaseBandPass(sine(100, 10), FS, 0.5, 40))).toBeLessThan(0.05);
    // at the high-pass cutoff each direction gives −3 dB, so the forward–backward pass gives half
    expect(middleAmplitude(zeroPhaseBandPass(sine(0.5, 40), FS, 0.5, 40))).toBeCloseTo(0.5, 1);
  });

  it('turns NaN gaps into flat stretches instead of spreading NaN', () => {
    const x = sine(10, 4);
    x.fill(NaN, 400, 800);
    x.fill(NaN, 0, 10);
    const y = zeroPhaseBandPass(x, FS, 0.5, 40);
    expect(y.every((v) => Number.isFinite(v))).toBe(true);
    expect(zeroPhaseBandPass(new Float32Array(100).fill(NaN), FS, 0.5, 40).every((v) => v === 0)).toBe(true);
  });

  it('lowers a low-pass above the Nyquist range and refuses impossible bands', () => {
    expect(middleAmplitude(zeroPhaseBandPass(sine(10, 10), FS, 0.5, 1000))).toBeGreaterThan(0.97);
    expect(() => zeroPhaseBandPass(new Float32Array(10), FS, 0, 40)).toThrow(RangeError);
    expect(() => zeroPhaseBandPass(new Float32Array(10), FS, 50, 40)).toThrow(RangeError);
    expect(() => zeroPhaseBandPass(new Float32Array(10), 0, 0.5, 40)).toThrow(RangeError);
    expect(zeroPhaseBandPass(new Float32Array(0), FS, 0.5, 40)).toHaveLength(0);
  });
});
