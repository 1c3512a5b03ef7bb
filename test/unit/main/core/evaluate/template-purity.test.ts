import { describe, expect, it } from 'vitest';
import { templatePurity } from '../../../../../src/main/core/evaluate/template-purity';

describe('templatePurity', () => {
  it('counts the beats that share their template majority label', () => {
    const labels = ['N', 'N', 'V', 'N', 'V', 'V', 'S', 'N'];
    // template 0: N N V N → 3 pure; template 1: V V S → 2 pure; template 2: N → 1 pure
    const p = templatePurity([Int32Array.of(0, 1, 2, 3), Int32Array.of(4, 5, 6), Int32Array.of(7)], labels, 0.8);
    expect(p.beats).toBe(8);
    expect(p.pureBeats).toBe(6);
    expect(p.purity).toBeCloseTo(6 / 8, 12);
    expect(p.templates).toBe(3);
    // 80 % of 8 beats = 6.4: the two largest templates hold 7
    expect(p.templatesForCoverage).toBe(2);
    expect(templatePurity([Int32Array.of(0, 1, 2, 3), Int32Array.of(4, 5, 6), Int32Array.of(7)], labels, 1).templatesForCoverage).toBe(3);
  });

  it('is 1 with no beats and refuses unknown beats and bad coverage', () => {
    expect(templatePurity([], [], 0.95)).toMatchObject({ beats: 0, purity: 1, templates: 0, templatesForCoverage: 0 });
    expect(() => templatePurity([Int32Array.of(3)], ['N'], 0.95)).toThrow(RangeError);
    expect(() => templatePurity([], [], 1.5)).toThrow(RangeError);
  });
});
