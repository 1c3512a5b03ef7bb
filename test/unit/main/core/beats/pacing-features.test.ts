import { describe, expect, it } from 'vitest';
import { PACING_FEATURE_CONFIG, PACING_FEATURE_COUNT, pacingFeatures } from '../../../../../src/main/core/beats/pacing-features';

const FS = 360;
const SHAPE = PACING_FEATURE_CONFIG.shapeBefore + PACING_FEATURE_CONFIG.shapeAfter + 1;
/** Offsets of one lead's features: its shape, its share of the joint slope, its slope against its own steepest. */
const lead = (l: number) => ({ shape: l * (SHAPE + 2), share: l * (SHAPE + 2) + SHAPE, simultaneity: l * (SHAPE + 2) + SHAPE + 1 });
const JOINT = 2 * (SHAPE + 2);
const OFFSET = JOINT + 1;
const BACKGROUND = JOINT + 2;

/** A filtered stimulus (rise of 2 samples, back within 4, as on mitdb 102) at `at`, amplitude in mV. */
function addStimulus(x: Float32Array, at: number, mv: number): void {
  [0.4, 1, 0.8, 0.35, 0.1].forEach((v, k) => (x[at + k] = (x[at + k] as number) + v * mv));
}

/** A QRS-like Gaussian bump of the given width (samples, standard deviation) centred at `at`. */
function addBump(x: Float32Array, at: number, mv: number, sd: number): void {
  for (let i = Math.max(0, at - 6 * sd); i < Math.min(x.length, at + 6 * sd); i++) {
    x[i] = (x[i] as number) + mv * Math.exp(-(((i - at) / sd) ** 2) / 2);
  }
}

describe('pacingFeatures', () => {
  it('finds a stimulus on both leads 50 ms before a paced QRS: its instant, equal shares and both leads steepest there', () => {
    const leads = [new Float32Array(2 * FS), new Float32Array(2 * FS)];
    const mark = FS;
    addStimulus(leads[0] as Float32Array, mark - 18, 1.5);
    addStimulus(leads[1] as Float32Array, mark - 18, -1.5);
    addBump(leads[0] as Float32Array, mark, 1, 8);
    addBump(leads[1] as Float32Array, mark, -1, 8);
    const f = pacingFeatures(leads, FS, [mark]);
    expect(f.length).toBe(PACING_FEATURE_COUNT);
    // the steepest joint step is the stimulus's rise from 0.4 to 1 × 1.5 mV, from 18 samples before the mark
    expect(f[OFFSET]).toBeCloseTo(-18 / FS, 6);
    expect(f[JOINT]).toBeCloseTo(Math.log10(Math.SQRT2 * 0.9), 1);
    for (const l of [0, 1]) {
      expect(f[lead(l).share]).toBeCloseTo(Math.SQRT1_2, 1);
      expect(f[lead(l).simultaneity]).toBeCloseTo(1, 6);
    }
    // up to the stimulus's peak (before the QRS bumps rise) both shapes are the stimulus with the lead's slope sign
    // taken out: the same on both leads, 0.6 and 1.5 mV over the joint slope at the step
    for (let j = 0; j <= PACING_FEATURE_CONFIG.shapeBefore + 1; j++)
      expect(f[lead(0).shape + j]).toBeCloseTo(f[lead(1).shape + j] as number, 1);
    expect(f[lead(0).shape + PACING_FEATURE_CONFIG.shapeBefore + 1]).toBeCloseTo(0.9 / (0.9 * Math.SQRT2), 1);
  });

  it('scores an unpaced QRS steep on one lead only: the other lead has almost no share', () => {
    const leads = [new Float32Array(2 * FS), new Float32Array(2 * FS)];
    addBump(leads[0] as Float32Array, FS, 1.5, 5);
    addBump(leads[1] as Float32Array, FS + 20, 0.2, 12);
    const f = pacingFeatures(leads, FS, [FS]);
    expect(f[lead(0).share]).toBeGreaterThan(0.95);
    expect(f[lead(1).share]).toBeLessThan(0.1);
    expect(f[lead(1).simultaneity]).toBeLessThan(1);
  });

  it('scores the background: near 0 for a stimulus on a quiet line, near 1 among steep noise of the same slope', () => {
    const quiet = new Float32Array(2 * FS);
    addStimulus(quiet, FS - 18, 1.5);
    // a square wave of ±0.45 mV flipping every sample: every step is as steep as the stimulus's steepest
    const noisy = Float32Array.from({ length: 2 * FS }, (_, i) => (i % 2 === 0 ? 0.45 : -0.45));
    addStimulus(noisy, FS - 18, 1.5);
    expect(pacingFeatures([quiet], FS, [FS])[BACKGROUND]).toBeLessThan(0.05);
    expect(pacingFeatures([noisy], FS, [FS])[BACKGROUND]).toBeGreaterThan(0.5);
  });

  it('takes the features at 360 Hz on a record at another rate (a stimulus at 250 Hz lands at the same time offset)', () => {
    const fs = 250;
    const x = new Float32Array(2 * fs);
    addStimulus(x, fs - 13, 1.5);
    const f = pacingFeatures([x], fs, [fs]);
    expect(Math.abs((f[OFFSET] as number) + 13 / fs)).toBeLessThan(2 / FS);
    // one lead stands for both
    expect(f[lead(0).share]).toBeCloseTo(f[lead(1).share] as number, 6);
  });

  it('gives finite features for flat, invalid and edge beats, and none for no beats', () => {
    const flat = new Float32Array(FS);
    const invalid = new Float32Array(FS).fill(NaN);
    for (const leads of [[flat], [invalid], [flat, invalid]]) {
      const f = pacingFeatures(leads, FS, [0, FS / 2, FS - 1]);
      expect(f.length).toBe(3 * PACING_FEATURE_COUNT);
      expect(f.every(Number.isFinite)).toBe(true);
    }
    expect(pacingFeatures([flat], FS, []).length).toBe(0);
  });

  it('reads beats in record samples against the stretch offset', () => {
    const x = new Float32Array(2 * FS);
    addStimulus(x, FS - 18, 1);
    const whole = pacingFeatures([x], FS, [FS]);
    const part = pacingFeatures([x.subarray(100)], FS, [FS], 100);
    expect(part).toEqual(whole);
  });

  it('rejects no lead, leads of different lengths and a bad rate', () => {
    expect(() => pacingFeatures([], FS, [])).toThrow(RangeError);
    expect(() => pacingFeatures([new Float32Array(10), new Float32Array(11)], FS, [])).toThrow(RangeError);
    expect(() => pacingFeatures([new Float32Array(10)], 0, [])).toThrow(RangeError);
  });
});
