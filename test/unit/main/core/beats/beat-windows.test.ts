import { describe, expect, it } from 'vitest';
import { extractBeatWindows, qrsPeakToPeak } from '../../../../../src/main/core/beats/beat-windows';

describe('qrsPeakToPeak', () => {
  // spikes of height 1, 2 and 4 mV over a 0.5 mV offset at samples 10, 30, 50
  const signal = new Float32Array(60).fill(0.5);
  signal[10] = 1.5;
  signal[30] = 2.5;
  signal[50] = 4.5;

  it("is each beat's peak-to-peak range around its R peak, NaN where there is none", () => {
    expect(Array.from(qrsPeakToPeak(signal, Int32Array.from([10, 30, 50]), 3))).toEqual([1, 2, 4]);
    expect(Array.from(qrsPeakToPeak(new Float32Array(60), Int32Array.from([10]), 3))).toEqual([NaN]);
    expect(Array.from(qrsPeakToPeak(new Float32Array(60).fill(NaN), Int32Array.from([10]), 3))).toEqual([NaN]);
  });
});

describe('extractBeatWindows', () => {
  const ramp = Float32Array.from({ length: 20 }, (_, i) => i);

  it('subtracts the window median and divides by the amplitude', () => {
    // window of samples 5..9 around R = 7: values 5..9, median 7, amplitude 2
    const out = extractBeatWindows([ramp], Int32Array.from([7]), { startOffset: -2, samples: 5 }, [Float32Array.of(2)]);
    expect(Array.from(out)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('interleaves leads as [beat][sample][lead]', () => {
    const out = extractBeatWindows([ramp, ramp.map((v) => -v)], Int32Array.from([7, 12]), { startOffset: -1, samples: 3 }, [
      Float32Array.of(1, 1),
      Float32Array.of(1, 1),
    ]);
    expect(Array.from(out)).toEqual([-1, 1, 0, 0, 1, -1, -1, 1, 0, 0, 1, -1]);
  });

  it('sets samples outside the signal and NaN samples to the baseline 0', () => {
    const withNaN = ramp.slice();
    withNaN[1] = NaN;
    // window samples −2..2: out, out, 0, NaN, 2 → finite values 0 and 2, median (upper) 2
    const out = extractBeatWindows([withNaN], Int32Array.from([0]), { startOffset: -2, samples: 5 }, [Float32Array.of(1)]);
    expect(Array.from(out)).toEqual([0, 0, -2, 0, 0]);
  });

  it('clamps large values', () => {
    const out = extractBeatWindows([ramp], Int32Array.from([10]), { startOffset: -10, samples: 20 }, [Float32Array.of(0.1)], 10);
    expect(Math.max(...out)).toBe(10);
    expect(Math.min(...out)).toBe(-10);
  });

  it('rejects a wrong number of amplitudes', () => {
    expect(() => extractBeatWindows([ramp], Int32Array.from([7]), { startOffset: 0, samples: 2 }, [])).toThrow(/amplitudes/);
    expect(() => extractBeatWindows([ramp], Int32Array.from([7, 9]), { startOffset: 0, samples: 2 }, [Float32Array.of(1)])).toThrow(
      /amplitudes/,
    );
  });

  it('divides each beat by its own amplitude', () => {
    // windows of samples 6..8 and 11..13: medians 7 and 12, amplitudes 1 and 4
    const out = extractBeatWindows([ramp], Int32Array.from([7, 12]), { startOffset: -1, samples: 3 }, [Float32Array.of(1, 4)]);
    expect(Array.from(out)).toEqual([-1, 0, 1, -0.25, 0, 0.25]);
  });
});
