import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareBeats, type BeatMark, type RecordComparison } from '../../../../../src/main/core/evaluate/compare-beats';
import { ec57Statistics, emptyConfusionMatrix } from '../../../../../src/main/core/evaluate/ec57-statistics';
import { summarize } from '../../../../../src/main/core/evaluate/summarize';
import { readAnnotations, type Annotation } from '../../../../../src/main/core/wfdb/annotations';
import { hasBxbReference, hasMitdb, SHARED_DATA, SHARED_REFERENCE } from './bxb-report';

const FS = 360;
const beatsEvery = (n: number): Annotation[] =>
  Array.from({ length: n }, (_, k) => ({ sample: (k + 1) * FS, symbol: 'N', subtype: 0, chan: 0, num: 0, aux: null }));
const asMarks = (anns: Annotation[]): BeatMark[] => anns.map((a) => ({ sample: a.sample, cls: 'N' }));

describe('ec57Statistics', () => {
  it('computes QRS, VEB and SVEB statistics from a confusion matrix', () => {
    const m = emptyConfusionMatrix();
    // rows N S V F Q none; columns N S V F Q missed
    m[0] = [90, 2, 3, 0, 0, 5];
    m[1] = [4, 10, 1, 0, 0, 1];
    m[2] = [2, 0, 20, 1, 0, 2];
    m[3] = [1, 1, 2, 3, 0, 0];
    m[4] = [0, 1, 1, 0, 4, 0];
    m[5] = [6, 1, 2, 0, 0, 0];
    const s = ec57Statistics(m);
    expect(s.qrs).toMatchObject({ tp: 90 + 2 + 3 + 4 + 10 + 1 + 2 + 20 + 1 + 1 + 1 + 2 + 3 + 1 + 1 + 4, fn: 8, fp: 9 });
    expect(s.veb).toMatchObject({ tp: 20, fn: 5, fp: 3 + 1 + 2 });
    expect(s.veb.fprPct).toBeCloseTo((100 * 6) / (6 + (90 + 2 + 4 + 10 + 1 + 1 + 3 + 1 + 4 + 6 + 1)), 10);
    expect(s.sveb).toMatchObject({ tp: 10, fn: 6, fp: 2 + 0 + 1 + 1 });
    expect(s.byClass.N).toMatchObject({ tp: 90, fn: 10, fp: 4 + 2 + 1 + 6 });
    expect(s.byClass.F).toMatchObject({ tp: 3, fn: 4, fp: 1 });
    expect(s.byClass.Q).toMatchObject({ tp: 4, fn: 2, fp: 0, ppvPct: 100 });
    expect(s.byClass.N.f1Pct).toBeCloseTo((100 * 180) / (180 + 13 + 10), 10);
  });

  it('leaves percentages undefined (null) when their denominator is 0', () => {
    const s = ec57Statistics(emptyConfusionMatrix());
    expect(s.qrs).toEqual({ tp: 0, fn: 0, fp: 0, sePct: null, ppvPct: null, f1Pct: null });
    expect(s.veb.fprPct).toBeNull();
  });
});

describe('summarize', () => {
  it('pools beats for gross figures and averages records for average figures', () => {
    const a = compareBeats(beatsEvery(100), asMarks(beatsEvery(100)), FS, { startSec: 0, recordName: 'a' });
    const bTest = asMarks(beatsEvery(300)).filter((_, k) => k % 3 !== 0); // 200 of 300 beats detected
    const b = compareBeats(beatsEvery(300), bTest, FS, { startSec: 0, recordName: 'b' });
    const s = summarize([a, b]);
    expect(s.nRecords).toBe(2);
    expect(s.mapping).toBe('de-chazal');
    expect(s.gross.qrs).toMatchObject({ tp: 300, fn: 100, fp: 0, sePct: 75, ppvPct: 100 });
    expect(s.average.qrs.sePct).toBeCloseTo((100 + (100 * 200) / 300) / 2, 10);
    expect(s.average.qrs).toMatchObject({ nSe: 2, nPpv: 2 });
    // No V beats anywhere: VEB Se is undefined in both records, so nothing is averaged.
    expect(s.average.veb).toMatchObject({ sePct: null, nSe: 0 });
  });

  it('returns null statistics for no records and refuses mixed class mappings', () => {
    expect(summarize([]).gross.qrs.sePct).toBeNull();
    const x = compareBeats(beatsEvery(5), [], FS, { startSec: 0, recordName: 'x' });
    const y: RecordComparison = { ...x, recordName: 'y', mapping: 'bxb' };
    expect(() => summarize([x, y])).toThrow(/y uses class mapping bxb/);
  });
});

/** The Gross and Average rows of a sumstats report of bxb -l lines: Q Se, Q +P. */
function sumstatsRow(text: string, label: 'Gross' | 'Average'): string[] {
  const line = text.split('\n').find((l) => l.startsWith(label)) ?? '';
  return line.trim().split(/\s+/).slice(1, 3);
}

describe.skipIf(!hasMitdb || !hasBxbReference)('summarize reproduces sumstats for gqrs on mitdb (skipped without ../shared)', () => {
  it('gross and average QRS Se and +P, EC57 window and from 0, 48 records', () => {
    const records = readFileSync(join(SHARED_DATA, 'mitdb/RECORDS'), 'utf8').trim().split(/\s+/);
    for (const [window, startSec, totals] of [
      ['ec57', 300, { tp: 91045, fn: 240, fp: 258 }],
      ['from0', 0, { tp: 109196, fn: 298, fp: 302 }],
    ] as const) {
      const comparisons = records.map((r) => {
        const test = readAnnotations(join(SHARED_REFERENCE, `mitdb-gqrs/${r}.gqrs`)).filter((a) => a.symbol === 'N');
        return compareBeats(readAnnotations(join(SHARED_DATA, `mitdb/${r}.atr`)), asMarks(test), FS, {
          recordName: r,
          startSec,
          endSample: 650000,
        });
      });
      const s = summarize(comparisons);
      expect(s.gross.qrs).toMatchObject(totals);
      const sumstats = readFileSync(join(SHARED_REFERENCE, `mitdb-gqrs/sumstats-gqrs-${window}.txt`), 'utf8');
      expect([s.gross.qrs.sePct, s.gross.qrs.ppvPct].map((v) => v?.toFixed(2))).toEqual(sumstatsRow(sumstats, 'Gross'));
      expect([s.average.qrs.sePct, s.average.qrs.ppvPct].map((v) => v?.toFixed(2))).toEqual(sumstatsRow(sumstats, 'Average'));
    }
  });
});
