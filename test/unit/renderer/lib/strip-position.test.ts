import { describe, expect, it } from 'vitest';
import { clampStripStartS, stripSampleSpan, stripStartCentredOn } from '../../../../src/renderer/src/lib/strip-position';

describe('strip position', () => {
  it('keeps the whole 10 s strip inside the record', () => {
    expect(clampStripStartS(-3, 1800, 10)).toBe(0);
    expect(clampStripStartS(1795, 1800, 10)).toBe(1790);
    expect(clampStripStartS(120.5, 1800, 10)).toBe(120.5);
    expect(clampStripStartS(NaN, 1800, 10)).toBe(0);
  });

  it('starts at 0 when the record is shorter than the strip', () => {
    expect(clampStripStartS(4, 8, 10)).toBe(0);
  });

  it('centres a time, clamped at both ends', () => {
    expect(stripStartCentredOn(100, 1800, 10)).toBe(95);
    expect(stripStartCentredOn(2, 1800, 10)).toBe(0);
    expect(stripStartCentredOn(1799, 1800, 10)).toBe(1790);
  });

  it('converts the strip to a sample span at the record rate, cut at the record end', () => {
    expect(stripSampleSpan(95, 10, 360, 650_000)).toEqual([34_200, 37_800]);
    expect(stripSampleSpan(1800, 10, 360, 650_000)).toEqual([648_000, 650_000]);
  });
});
