import { describe, expect, it } from 'vitest';
import {
  calibrationMarginMm,
  ECG_PAPER,
  gridLines,
  millivoltsToPx,
  paperAt,
  secondsToPx,
  stripLayout,
  visibleSpanS,
  zoomToFit,
} from '../../../../src/renderer/src/lib/paper-grid';

const PX_PER_MM = 96 / 25.4;

describe('paper grid geometry (25 mm/s, 10 mm/mV, 96 dpi)', () => {
  it('uses 96 CSS px per inch: 3.7795 px per mm', () => {
    expect(ECG_PAPER.pxPerMm).toBeCloseTo(3.7795, 4);
  });

  it('lays 10 s of two leads out as 9 mm of calibration margin + 250 mm × 80 mm (±2 mV per lead)', () => {
    const layout = stripLayout(10, 2, 1);
    expect(calibrationMarginMm()).toBeCloseTo(2 + 5 + 2, 12);
    expect(layout.widthMm).toBeCloseTo(259, 12);
    expect(layout.widthPx).toBeCloseTo(259 * PX_PER_MM, 9);
    expect(layout.traceLeftPx).toBeCloseTo(9 * PX_PER_MM, 9);
    expect(layout.pxPerS).toBeCloseTo(25 * PX_PER_MM, 9);
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

  it('draws the 1 mV calibration pulse 0.2 s wide and one gain high, at every speed and gain', () => {
    for (const speed of [12.5, 25, 50]) {
      for (const gain of [5, 10, 20]) {
        const layout = stripLayout(10, 1, 2, paperAt(speed, gain));
        expect(layout.calibration.widthPx).toBeCloseTo(0.2 * speed * 2 * PX_PER_MM, 9);
        expect(layout.calibration.heightPx).toBeCloseTo(gain * 2 * PX_PER_MM, 9);
        expect(layout.calibration.leftPx + layout.calibration.widthPx).toBeLessThan(layout.traceLeftPx);
        expect(layout.pxPerS).toBeCloseTo(speed * 2 * PX_PER_MM, 9);
      }
    }
    expect(() => paperAt(0, 10)).toThrow(RangeError);
    expect(() => paperAt(25, -1)).toThrow(RangeError);
  });

  it('shows whole seconds that fit the width, so a page step of that span leaves no gap', () => {
    const limits = { min: 1, max: 60 };
    const room = 259 * PX_PER_MM;
    expect(visibleSpanS(room, 1, limits)).toBe(10);
    expect(visibleSpanS(room, 2, limits)).toBe(4);
    expect(visibleSpanS(room, 1, limits, paperAt(12.5, 10))).toBe(20);
    expect(visibleSpanS(room, 1, limits, paperAt(50, 10))).toBe(4);
    for (const zoom of [0.75, 1, 1.25, 1.5, 2]) {
      for (const speed of [12.5, 25, 50]) {
        const paper = paperAt(speed, 10);
        const span = visibleSpanS(1200, zoom, limits, paper);
        if (span > limits.min) expect(stripLayout(span, 2, zoom, paper).widthPx).toBeLessThanOrEqual(1200 + 1e-6);
        expect(stripLayout(span + 1, 2, zoom, paper).widthPx).toBeGreaterThan(1200);
      }
    }
    expect(visibleSpanS(10, 1, limits)).toBe(1);
    expect(visibleSpanS(1e6, 1, limits)).toBe(60);
  });

  it('fits the calibration margin and 250 mm of paper into the available width, within the zoom limits', () => {
    const limits = { min: 0.75, max: 3 };
    expect(zoomToFit(259 * PX_PER_MM * 1.5, 10, limits)).toBeCloseTo(1.5, 9);
    expect(zoomToFit(100, 10, limits)).toBe(0.75);
    expect(zoomToFit(10_000, 10, limits)).toBe(3);
    expect(zoomToFit(-5, 10, limits)).toBe(0.75);
  });
});
