import { describe, expect, it } from 'vitest';
import { extractBeatWindows, robustQrsAmplitude } from '../../../../../src/main/core/beats/beat-windows';

describe('robustQrsAmplitude', () => {
  // spikes of height 1, 2 and 4 mV over a 0.5 mV offset at samples 10, 30, 50
  const signal = new Float32Array(60).fill(0.5);
  signal[10] = 1.5;
  signal[30] = 2.5;
  signal[50] = 4.5;

  it('is the median peak-to-peak range around the R peaks', () => {
    expect(robustQrsAmplitude(signal, Int32Array.from([10, 30, 50]), 3, 1)).toBeCloseTo(2, 6);
  });

  it('falls back when nothing is measurable', () => {
    expect(robustQrsAmplitude(new Float32Array(60), Int32Array.from([10]), 3, 1.25)).toBe(1.25);
    expect(robustQrsAmplitude(new Float32Array(60).fill(NaN), Int32Array.from([10]), 3, 1.25)).toBe(1.25);
    expect(robustQrsAmplitude(signal, new Int32Array(0), 3, 1.25)).toBe(1.25);
  });
});

describe('extractBeatWindows', () => {
  const ramp = Float32Array.from({ length: 20 }, (_, i) => i);

  it('subtracts the window median and divides by the amplitude', () => {
    // window of samples 5..9 around R = 7: values 5..9, median 7, amplitude 2
    const out = extractBeatWindows([ramp], Int32Array.from([7]), { startOffset: -2, samples: 5 }, [2]);
    expect(Array.from(out)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('interleaves leads as [beat][sample][lead]', () => {
    const out = extractBeatWindows([ramp, ramp.map((v) => -v)], Int32Array.from([7, 12]), { startOffset: -1, samples: 3 }, [1, 1]);
    expect(Array.from(out)).toEqual([-1, 1, 0, 0, 1, -1, -1, 1, 0, 0, 1, -1]);
  });

  it('sets samples outside the signal and NaN samples to the baseline 0', () => {
    const withNaN = ramp.slice();
    withNaN[1] = NaN;
    // window samples −2..2: out, out, 0, NaN, 2 → finite values 0 and 2, median (upper) 2
    const out = extractBeatWindows([withNaN], Int32Array.from([0]), { startOffset: -2, samples: 5 }, [1]);
    expect(Array.from(out)).toEqual([0, 0, -2, 0, 0]);
  });

  it('clamps large values', () => {
    const out = extractBeatWindows([ramp], Int32Array.from([10]), { startOffset: -10, samples: 20 }, [0.1], 10);
    expect(Math.max(...out)).toBe(10);
    expect(Math.min(...out)).toBe(-10);
  });

  it('rejects a wrong number of amplitudes', () => {
    expect(() => extractBeatWindows([ramp], Int32Array.from([7]), { startOffset: 0, samples: 2 }, [])).toThrow(/amplitudes/);
  });
});
