import { describe, expect, it } from 'vitest';
import { disclosurePageStart, disclosureRows } from '../../../../src/renderer/src/lib/disclosure-page';

describe('full-disclosure page', () => {
  it('lays consecutive rows with no gap, each within the 60 s request cap, cut at the record end', () => {
    const rows = disclosureRows(1680, 60, 8, 1805.5);
    expect(rows).toEqual([
      { startS: 1680, endS: 1740 },
      { startS: 1740, endS: 1800 },
      { startS: 1800, endS: 1805.5 },
    ]);
    const full = disclosureRows(0, 60, 8, 86_400);
    expect(full).toHaveLength(8);
    full.forEach((row, i) => {
      expect(row.endS - row.startS).toBeLessThanOrEqual(60);
      if (i > 0) expect(row.startS).toBe(full[i - 1]!.endS);
    });
  });

  it('starts a page on a whole row holding the time, and keeps the last page full', () => {
    expect(disclosurePageStart(125.3, 60, 8, 86_400)).toBe(120);
    expect(disclosurePageStart(1790, 60, 8, 1805.5)).toBe(1800 - 7 * 60);
    expect(disclosurePageStart(-4, 60, 8, 1805.5)).toBe(0);
    expect(disclosurePageStart(Number.NaN, 60, 8, 1805.5)).toBe(0);
    expect(disclosurePageStart(50, 60, 8, 30)).toBe(0);
  });
});
