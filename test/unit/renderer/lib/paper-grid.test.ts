import { describe, expect, it } from 'vitest';
import { ECG_PAPER, gridLines, millivoltsToPx, secondsToPx, stripLayout, zoomToFit } from '../../../../src/renderer/src/lib/paper-grid';

describe('paper grid geometry (25 mm/s, 10 mm/mV, 96 dpi)', () => {
  it('uses 96 CSS px per inch: 3.7795 px per mm', () => {
    expect(ECG_PAPER.pxPerMm).toBeCloseTo(3.7795, 4);
  });

  it('lays 10 s of two leads out as 250 mm × 80 mm (±2 mV per lead)', () => {
    const layout = stripLayout(10, 2, 1);
    expect(layout.widthMm).toBe(250);
    expect(layout.widthPx).toBeCloseTo(250 * (96 / 25.4), 9);
    expect(layout.leadHeightMm).toBe(40);
    expect(layout.heightPx).toBeCloseTo(80 * (96 / 25.4), 9);
    expect(stripLayout(10, 3, 1).leadHeightMm).toBe(30);
  });

  it('scales every px size with the zoom and gives many leads the compact height', () => {
    const double = stripLayout(10, 12, 2);
    expect(double.pxPerMm).toBeCloseTo(2 * (96 / 25.4), 9);
    expect(double.leadHeightMm).toBe(20);
    expect(double.heightPx).toBeCloseTo(12 * 20 * 2 * (96 / 25.4), 9);
  });

  it('rejects a zero duration, zoom or lead count', () => {
    expect(() => stripLayout(0, 2, 1)).toThrow(RangeError);
    expect(() => stripLayout(10, 0, 1)).toThrow(RangeError);
    expect(() => stripLayout(10, 2, 0)).toThrow(RangeError);
  });

  it('draws a line every mm and a major line every 5 mm, both edges included', () => {
    const lines = gridLines(250, 4);
    expect(lines).toHaveLength(251);
    expect(lines.filter((l) => l.major)).toHaveLength(51);
    expect(lines[0]).toEqual({ px: 0, major: true });
    expect(lines[4]).toEqual({ px: 16, major: false });
    expect(lines[5]).toEqual({ px: 20, major: true });
    expect(lines[250]).toEqual({ px: 1000, major: true });
  });

  it('maps 1 s to 25 mm (5 major squares) and 1 mV to 10 mm (2 major squares)', () => {
    const pxPerMm = 96 / 25.4;
    expect(secondsToPx(1, pxPerMm)).toBeCloseTo(25 * pxPerMm, 9);
    expect(secondsToPx(0.2, pxPerMm)).toBeCloseTo(5 * pxPerMm, 9);
    expect(millivoltsToPx(1, pxPerMm)).toBeCloseTo(10 * pxPerMm, 9);
    expect(millivoltsToPx(-0.5, pxPerMm)).toBeCloseTo(-5 * pxPerMm, 9);
  });

  it('fits 250 mm of paper into the available width, within the zoom limits', () => {
    const limits = { min: 0.75, max: 3 };
    expect(zoomToFit(250 * (96 / 25.4) * 1.5, 10, limits)).toBeCloseTo(1.5, 9);
    expect(zoomToFit(100, 10, limits)).toBe(0.75);
    expect(zoomToFit(10_000, 10, limits)).toBe(3);
    expect(zoomToFit(-5, 10, limits)).toBe(0.75);
  });
});
