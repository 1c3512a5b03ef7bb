import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReferenceRhythmSpans } from '../../../../../src/main/core/evaluate/reference-rhythm-spans';
import {
  compareRhythmEpisodes,
  mergeRhythmSpans,
  poolRhythmEpisodeComparisons,
  type RhythmSpan,
} from '../../../../../src/main/core/evaluate/rhythm-episode-compare';
import { SHARED_DATA } from './bxb-report';

const span = (onsetSample: number, endSample: number): RhythmSpan => ({ onsetSample, endSample });

describe('compareRhythmEpisodes on hand-built spans', () => {
  it('counts any-overlap episodes on each side and overlap time', () => {
    // reference: [0,100) and [200,300); detected: [50,150) overlaps the first, [400,500) overlaps nothing
    const c = compareRhythmEpisodes([span(0, 100), span(200, 300)], [span(50, 150), span(400, 500)]);
    expect(c.referenceEpisodes).toBe(2);
    expect(c.referenceDetected).toBe(1);
    expect(c.detectedEpisodes).toBe(2);
    expect(c.detectedTrue).toBe(1);
    expect(c.referenceSamples).toBe(200);
    expect(c.detectedSamples).toBe(200);
    expect(c.overlapSamples).toBe(50); // [50,100)
    expect(c.episodeSensitivity).toBe(0.5);
    expect(c.episodePositivePredictivity).toBe(0.5);
    expect(c.durationSensitivity).toBe(0.25);
    expect(c.durationPositivePredictivity).toBe(0.25);
  });

  it('one long detection covering two reference episodes matches both, and is one true detection', () => {
    const c = compareRhythmEpisodes([span(10, 20), span(30, 40)], [span(0, 100)]);
    expect([c.referenceDetected, c.referenceEpisodes, c.detectedTrue, c.detectedEpisodes]).toEqual([2, 2, 1, 1]);
    expect(c.overlapSamples).toBe(20);
    expect(c.durationPositivePredictivity).toBe(0.2);
  });

  it('spans that only touch do not overlap; a one-sample overlap matches', () => {
    expect(compareRhythmEpisodes([span(0, 10)], [span(10, 20)]).referenceDetected).toBe(0);
    const c = compareRhythmEpisodes([span(0, 10)], [span(9, 20)]);
    expect([c.referenceDetected, c.detectedTrue, c.overlapSamples]).toEqual([1, 1, 1]);
  });

  it('merges touching and overlapping spans of one side, in any order', () => {
    expect(mergeRhythmSpans([span(30, 40), span(0, 10), span(10, 20), span(15, 25)])).toEqual([span(0, 25), span(30, 40)]);
  });

  it('gives NaN ratios for empty sides and rejects malformed spans', () => {
    const c = compareRhythmEpisodes([], []);
    expect(c.episodeSensitivity).toBeNaN();
    expect(c.durationPositivePredictivity).toBeNaN();
    expect(() => compareRhythmEpisodes([span(5, 5)], [])).toThrow(/reference span \[5, 5\)/);
    expect(() => compareRhythmEpisodes([], [span(-1, 5)])).toThrow(/detected span/);
    expect(() => compareRhythmEpisodes([span(0.5, 5)], [])).toThrow(RangeError);
  });

  it('pools counts over records (gross statistics)', () => {
    const a = compareRhythmEpisodes([span(0, 100)], [span(0, 50)]); // Se 1/1, overlap 50 of ref 100
    const b = compareRhythmEpisodes([span(0, 300)], []); // missed: ref 300
    const p = poolRhythmEpisodeComparisons([a, b]);
    expect(p.episodeSensitivity).toBe(0.5);
    expect(p.durationSensitivity).toBe(50 / 400);
    expect(p.durationPositivePredictivity).toBe(1);
  });
});

const hasVfdb = existsSync(join(SHARED_DATA, 'vfdb/418.atr'));
const hasMitdbAf = existsSync(join(SHARED_DATA, 'mitdb/203.atr'));
if (!hasVfdb || !hasMitdbAf) console.warn('skipping reference-span self-comparisons: ../shared/data/{mitdb,vfdb} absent');

describe.skipIf(!hasVfdb || !hasMitdbAf)('reference spans of real records scored against themselves and shifted copies', () => {
  const cases = [
    { db: 'mitdb', name: '203', rhythm: 'AF' as const, n: 650000 },
    { db: 'vfdb', name: '418', rhythm: 'VF' as const, n: 525000 },
  ];
  for (const { db, name, rhythm, n } of cases) {
    it(`${db}/${name} ${rhythm}: itself scores 100 %, a copy shifted by d scores Σ max(0, length − d) overlap`, () => {
      const ref = readReferenceRhythmSpans(join(SHARED_DATA, db, `${name}.atr`), n, rhythm);
      expect(ref.length).toBeGreaterThan(5);
      const self = compareRhythmEpisodes(ref, ref);
      expect([
        self.episodeSensitivity,
        self.episodePositivePredictivity,
        self.durationSensitivity,
        self.durationPositivePredictivity,
      ]).toEqual([1, 1, 1, 1]);
      // a shift smaller than every gap between spans: each span overlaps only its own copy
      const gaps = ref.slice(1).map((s, i) => s.onsetSample - ref[i]!.endSample);
      const d = Math.floor(Math.min(...gaps) / 2);
      expect(d).toBeGreaterThan(0);
      const shifted = ref.map((s) => span(s.onsetSample + d, s.endSample + d));
      const c = compareRhythmEpisodes(ref, shifted);
      const lengths = ref.map((s) => s.endSample - s.onsetSample);
      expect(c.overlapSamples).toBe(lengths.reduce((acc, l) => acc + Math.max(0, l - d), 0));
      expect(c.referenceDetected).toBe(lengths.filter((l) => l > d).length);
      expect(c.detectedSamples).toBe(c.referenceSamples);
      // a copy shifted past the record's last span by a whole record matches nothing
      const far = ref.map((s) => span(s.onsetSample + n, s.endSample + n));
      expect(compareRhythmEpisodes(ref, far).referenceDetected).toBe(0);
    });
  }
});
