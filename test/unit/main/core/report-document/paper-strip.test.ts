import { describe, expect, it } from 'vitest';
import { paperStrip } from '../../../../../src/main/core/report-document/paper-strip';

describe('paperStrip (25 mm/s, 10 mm/mV, 1/5 mm grid, 1 mV calibration pulse)', () => {
  const fsHz = 250;
  const mv = new Float32Array([0, 1, -0.5, Number.NaN, 2, 0]);
  const g = paperStrip(mv, fsHz, 1000, [{ sample: 1001, label: 'V' }]);

  it('places samples 0.1 mm apart at 250 Hz after the 10 mm calibration area, 10 mm per mV from mid-height', () => {
    expect(g.heightMm).toBe(30);
    expect(g.trace).toEqual([
      [
        [10, 15],
        [10.1, 5],
        [10.2, 20],
      ],
      [
        [10.4, 0],
        [10.5, 15],
      ],
    ]);
    expect(g.widthMm).toBeCloseTo(10.6, 9);
  });

  it('draws a 10 mm (1 mV) high, 5 mm (200 ms) wide calibration pulse on the baseline', () => {
    const ys = g.calibration.map(([, y]) => y);
    expect(Math.max(...ys) - Math.min(...ys)).toBe(10);
    const top = g.calibration.filter(([, y]) => y === 5).map(([x]) => x);
    expect(Math.max(...top) - Math.min(...top)).toBe(5);
    expect(g.calibration[0]).toEqual([0, 15]);
    expect(g.calibration.at(-1)).toEqual([10, 15]);
  });

  it('has major lines every 5 mm and minor lines every 1 mm between them', () => {
    expect(g.majorY).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(g.minorY.slice(0, 5)).toEqual([1, 2, 3, 4, 6]);
    expect(g.majorX).toEqual([0, 5, 10]);
    expect(g.minorX).not.toContain(5);
  });

  it('marks beats at their time on the paper', () => {
    expect(g.beatMarks).toEqual([{ xMm: 10.1, label: 'V' }]);
  });

  it('refuses a non-positive sampling frequency', () => {
    expect(() => paperStrip(mv, 0, 0, [])).toThrow(RangeError);
  });
});
