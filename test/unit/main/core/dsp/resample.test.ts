import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resample, resampleAround } from '../../../../../src/main/core/dsp/resample';
import { readSignalRange } from '../../../../../src/main/core/formats/read-signal-range';
import { toPhysicalFrames } from '../../../../../src/main/core/wfdb/record';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';

function sine(fsHz: number, freqHz: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(fsHz * seconds) }, (_, i) => Math.sin((2 * Math.PI * freqHz * i) / fsHz));
}

function maxError(a: Float32Array, b: Float32Array, skip: number): number {
  let max = 0;
  for (let i = skip; i < Math.min(a.length, b.length) - skip; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe('resample', () => {
  it('keeps an in-band sine when downsampling 360 → 128 Hz (polyphase path)', () => {
    const out = resample(sine(360, 5, 10), 360, 128);
    expect(out.length).toBe(1280);
    expect(maxError(out, sine(128, 5, 10), 20)).toBeLessThan(0.01);
  });

  it('keeps an in-band sine at an irrational ratio (per-sample kernels)', () => {
    const from = 360;
    const to = 100 * Math.SQRT2;
    const out = resample(sine(from, 3, 10), from, to);
    expect(out.length).toBe(Math.floor(3600 * (to / from)));
    const expected = Float32Array.from({ length: out.length }, (_, k) => Math.sin((2 * Math.PI * 3 * k) / to));
    expect(maxError(out, expected, 20)).toBeLessThan(0.01);
  });

  it('removes a tone above the new Nyquist frequency instead of aliasing it', () => {
    const out = resample(sine(360, 100, 10), 360, 128); // 100 Hz > 64 Hz
    expect(maxError(out, new Float32Array(out.length), 30)).toBeLessThan(0.05);
  });

  it('upsamples 250 → 360 Hz and keeps constants constant up to the edges', () => {
    expect(maxError(resample(sine(250, 4, 4), 250, 360), sine(360, 4, 4), 20)).toBeLessThan(0.01);
    const flat = resample(new Float32Array(500).fill(1.5), 250, 360);
    expect(maxError(flat, new Float32Array(flat.length).fill(1.5), 0)).toBeLessThan(1e-6);
  });

  it('returns the input for equal rates and rejects bad rates', () => {
    const x = Float32Array.from([1, 2, 3]);
    expect(resample(x, 300, 300)).toBe(x);
    expect(() => resample(x, 0, 100)).toThrow(RangeError);
    expect(() => resample(x, 300, Number.NaN)).toThrow(RangeError);
  });

  it('gives, around each centre, exactly the whole resampling, and NaN elsewhere (mitdb 208 excerpt, both rate paths)', () => {
    const record = readSignalRange(join(REPO_ROOT, 'test/fixtures/beats/208x.hea'), {});
    const lead = toPhysicalFrames(record, 1);
    for (const toHz of [128, 100 * Math.SQRT2]) {
      const whole = resample(lead, 360, toHz);
      const centres = Int32Array.from([0, 5, 300, 310, 9000, whole.length - 3, whole.length + 50]);
      const around = resampleAround(lead, 360, toHz, centres, 13);
      expect(around.length).toBe(whole.length);
      for (let k = 0; k < whole.length; k++) {
        const near = centres.some((c) => Math.abs(k - c) <= 13);
        expect(around[k], `sample ${k} at ${toHz} Hz`).toBe(near ? whole[k] : Number.NaN);
      }
    }
  });
});
