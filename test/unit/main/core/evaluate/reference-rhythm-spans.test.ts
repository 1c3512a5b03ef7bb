import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReferenceRhythmSpans, referenceRhythmSpans } from '../../../../../src/main/core/evaluate/reference-rhythm-spans';
import { annotationAt } from '../wfdb/annotation-at';
import { SHARED_DATA, SHARED_REFERENCE } from './bxb-report';

const ann = annotationAt;

describe('referenceRhythmSpans on hand-built annotations', () => {
  it('AF: each (AFIB change runs to the next rhythm change or the record end; beats and (AFL do not end or open it', () => {
    const a = [ann(0, '+', '(N'), ann(50, 'N'), ann(100, '+', '(AFIB'), ann(150, 'N'), ann(300, '+', '(AFL'), ann(500, '+', '(AFIB')];
    expect(referenceRhythmSpans(a, 800, 'AF')).toEqual([
      { onsetSample: 100, endSample: 300 },
      { onsetSample: 500, endSample: 800 },
    ]);
  });

  it('VF: (VF, (VFL and (VFIB spans merge when consecutive; [ … ] spans count too', () => {
    const a = [
      ann(0, '+', '(N'),
      ann(100, '+', '(VT'),
      ann(200, '+', '(VF'),
      ann(250, '+', '(VFL'),
      ann(400, '+', '(N'),
      ann(600, '['),
      ann(700, ']'),
      ann(900, '+', '(VFIB'),
    ];
    expect(referenceRhythmSpans(a, 1000, 'VF')).toEqual([
      { onsetSample: 200, endSample: 400 },
      { onsetSample: 600, endSample: 700 },
      { onsetSample: 900, endSample: 1000 },
    ]);
  });

  it('other rhythms by name or by explicit codes: (VT and (T spans, without flutter markers', () => {
    const a = [ann(0, '+', '(N'), ann(100, '+', '(VT'), ann(150, '+', '(T'), ann(300, '+', '(N'), ann(400, '['), ann(500, ']')];
    expect(referenceRhythmSpans(a, 600, 'VT')).toEqual([{ onsetSample: 100, endSample: 150 }]);
    expect(referenceRhythmSpans(a, 600, 'T')).toEqual([{ onsetSample: 150, endSample: 300 }]);
    expect(referenceRhythmSpans(a, 600, { auxCodes: ['(VT', '(T'], flutterMarkers: false })).toEqual([
      { onsetSample: 100, endSample: 300 },
    ]);
  });

  it('an unclosed [ runs to the end, a leading ] starts at 0, and spans are cut to the record', () => {
    expect(referenceRhythmSpans([ann(50, ']'), ann(80, '[')], 100, 'VF')).toEqual([
      { onsetSample: 0, endSample: 50 },
      { onsetSample: 80, endSample: 100 },
    ]);
    expect(referenceRhythmSpans([ann(0, '+', '(AFIB')], 0, 'AF')).toEqual([]);
    expect(() => referenceRhythmSpans([], -1, 'AF')).toThrow(RangeError);
  });
});

const rdann201 = join(SHARED_REFERENCE, 'rdann/201.atr.txt');
const has201 = existsSync(rdann201) && existsSync(join(SHARED_DATA, 'mitdb/201.atr'));
if (!has201) console.warn('skipping the mitdb 201 AF spans check: ../shared/reference/rdann or ../shared/data/mitdb absent');

describe.skipIf(!has201)('mitdb 201 AF spans against WFDB rdann', () => {
  it('equal the (AFIB intervals read from rdann -r 201 -a atr', () => {
    // rdann columns: time, sample, type, subtyp, chan, num, then a tab and the aux string
    const changes = readFileSync(rdann201, 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[2] === '+' && f[6] !== undefined)
      .map((f) => ({ sample: Number(f[1]), aux: f[6] as string }));
    const expected = changes.flatMap((c, i) =>
      c.aux === '(AFIB' ? [{ onsetSample: c.sample, endSample: changes[i + 1]?.sample ?? 650000 }] : [],
    );
    expect(expected).toHaveLength(3);
    expect(readReferenceRhythmSpans(join(SHARED_DATA, 'mitdb/201.atr'), 650000, 'AF')).toEqual(expected);
  });
});

const hasVfdb = existsSync(join(SHARED_DATA, 'vfdb/RECORDS'));
describe.skipIf(!hasVfdb)('vfdb VF/VFL episodes', () => {
  it('number 111 over the 22 records, the count the issue gives for vfdb', () => {
    const names = readFileSync(join(SHARED_DATA, 'vfdb/RECORDS'), 'utf8').trim().split(/\s+/);
    expect(names).toHaveLength(22);
    const total = names.reduce((acc, n) => acc + readReferenceRhythmSpans(join(SHARED_DATA, `vfdb/${n}.atr`), 525000, 'VF').length, 0);
    expect(total).toBe(111);
  });
});
