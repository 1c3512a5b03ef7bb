import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aamiClassOfSymbol, isBeatSymbol, type AamiClass } from '../../../../../src/shared/labels';
import { readAnnotations, writeAnnotations, type Annotation } from '../../../../../src/main/core/wfdb/annotations';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { FIXTURES, SHARED_DATA, fixtureText, hasSharedData, rdannLines } from './wfdb-test-paths';

const tmpDirs: string[] = [];
function tmpFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wfdb-ann-test-'));
  tmpDirs.push(dir);
  return join(dir, name);
}
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function classCounts(annotations: readonly Annotation[]): Record<AamiClass, number> & { beats: number } {
  const counts = { N: 0, S: 0, V: 0, F: 0, Q: 0, beats: 0 };
  for (const a of annotations) {
    if (isBeatSymbol(a.symbol)) counts.beats++;
    const c = aamiClassOfSymbol(a.symbol);
    if (c) counts[c]++;
  }
  return counts;
}

function roundTrip(annotations: readonly Annotation[]): { back: Annotation[]; bytes: Buffer } {
  const path = tmpFile('out.atr');
  writeAnnotations(path, annotations);
  return { back: readAnnotations(path), bytes: readFileSync(path) };
}

describe('readAnnotations against rdann (WFDB 10.7.0)', () => {
  for (const record of ['100', '201', '208', '232']) {
    it(`${record}.atr equals rdann -r ${record} -a atr`, () => {
      const ours = readAnnotations(join(FIXTURES, 'rdann', `${record}.atr`));
      expect(ours).toEqual(rdannLines(fixtureText(`rdann/${record}.atr.txt.gz`)));
    });
  }

  it('counts mitdb 100 beats by AAMI class: 2273 = N 2239, S 33, V 1', () => {
    expect(classCounts(readAnnotations(join(FIXTURES, 'rdann/100.atr')))).toEqual({ N: 2239, S: 33, V: 1, F: 0, Q: 0, beats: 2273 });
  });

  it('counts mitdb 208 beats by AAMI class: N 1586, S 2, V 992, F 373, Q 2', () => {
    expect(classCounts(readAnnotations(join(FIXTURES, 'rdann/208.atr')))).toMatchObject({ N: 1586, S: 2, V: 992, F: 373, Q: 2 });
  });
});

describe('writeAnnotations -> readAnnotations round trip', () => {
  for (const record of ['100', '201', '208', '232']) {
    it(`gives back ${record}.atr's annotations unchanged`, () => {
      const original = readAnnotations(join(FIXTURES, 'rdann', `${record}.atr`));
      expect(roundTrip(original).back).toEqual(original);
    });
  }

  it('encodes as the MIT spec says: type<<10 | interval, SKIP for > 1023, SUB/CHN/NUM/AUX, 0x0000 at the end', () => {
    const { bytes, back } = roundTrip([
      { sample: 5, symbol: 'N', subtype: 0, chan: 0, num: 0, aux: null },
      { sample: 5 + 70000, symbol: 'V', subtype: -1, chan: 1, num: 3, aux: '(VT' },
    ]);
    const words = Array.from({ length: bytes.length / 2 }, (_, i) => bytes.readUInt16LE(2 * i));
    expect(words).toEqual([
      (1 << 10) | 5, // N, +5
      59 << 10,
      70000 >>> 16,
      70000 & 0xffff, // SKIP 70000: high word first, then low word
      (5 << 10) | 0, // V, +0
      (61 << 10) | 0x3ff, // SUB -1 (10-bit field)
      (62 << 10) | 1, // CHN 1
      (60 << 10) | 3, // NUM 3
      (63 << 10) | 3,
      0x5628,
      0x0054, // AUX length 3: bytes '(' 'V', then 'T' and a pad byte
      0,
    ]);
    expect(back[1]).toEqual({ sample: 70005, symbol: 'V', subtype: -1, chan: 1, num: 3, aux: '(VT' });
  });

  it('keeps chan and num across annotations, resets subtype, and round-trips NOTQRS and [n] codes', () => {
    const annotations: Annotation[] = [
      { sample: 0, symbol: ' ', subtype: 0, chan: 0, num: 0, aux: 'note at 0' },
      { sample: 0, symbol: 'N', subtype: 2, chan: 200, num: -128, aux: null },
      { sample: 1, symbol: 'N', subtype: 0, chan: 200, num: -128, aux: '' },
      { sample: 1024, symbol: '[45]', subtype: 127, chan: 255, num: 127, aux: 'x'.repeat(255) },
      { sample: 5_000_000, symbol: '+', subtype: 0, chan: 0, num: 0, aux: '(N' },
    ];
    const { back } = roundTrip(annotations);
    expect(back).toEqual(annotations.map((a) => ({ ...a, aux: a.aux === '' ? null : a.aux })));
  });

  it('writes an empty list as the end marker alone', () => {
    const { bytes, back } = roundTrip([]);
    expect(Array.from(bytes)).toEqual([0, 0]);
    expect(back).toEqual([]);
  });

  const base: Annotation = { sample: 10, symbol: 'N', subtype: 0, chan: 0, num: 0, aux: null };
  const invalid: [string, Annotation[], RegExp][] = [
    [
      'unsorted input',
      [base, { ...base, sample: 9 }],
      /annotation 1 \(sample 9, 'N'\): annotations are not sorted by sample \(previous at 10\)/,
    ],
    ['negative sample', [{ ...base, sample: -1 }], /non-negative integer/],
    ['unknown symbol', [{ ...base, symbol: 'NN' }], /unknown annotation symbol/],
    ['subtype out of range', [{ ...base, subtype: 128 }], /subtype out of range/],
    ['aux over 255 bytes', [{ ...base, aux: 'y'.repeat(256) }], /aux string longer than 255 bytes/],
  ];
  for (const [what, annotations, problem] of invalid) {
    it(`rejects ${what} with a WfdbError naming the file`, () => {
      const path = tmpFile('bad.atr');
      const call = (): void => writeAnnotations(path, annotations);
      expect(call).toThrow(WfdbError);
      expect(call).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(call).toThrow(problem);
    });
  }
});

describe('readAnnotations errors name the file', () => {
  it('missing file', () => {
    const path = tmpFile('none.atr');
    expect(() => readAnnotations(path)).toThrow(`${path}: annotation file not found`);
  });

  it('truncated inside an annotation', () => {
    const path = tmpFile('trunc.atr');
    const original = readFileSync(join(FIXTURES, 'rdann/201.atr'));
    // 201.atr starts with a '+' annotation carrying an aux string: cut inside that string.
    writeFileSync(path, original.subarray(0, 5));
    expect(() => readAnnotations(path)).toThrow(new RegExp(`^${path}: truncated`));
  });

  it('an AHA-format file', () => {
    const path = tmpFile('aha.atr');
    writeFileSync(path, Buffer.from([0x00, 'N'.charCodeAt(0), 0, 0, 0, 0]));
    expect(() => readAnnotations(path)).toThrow(/AHA-format/);
  });
});

describe.skipIf(!hasSharedData)('mitdb reference annotations in ../shared/data (skipped when absent)', () => {
  const records = hasSharedData ? readFileSync(join(SHARED_DATA, 'mitdb/RECORDS'), 'utf8').split(/\s+/).filter(Boolean) : [];

  it('count 109,494 AAMI beats over the 48 records: N 90631, S 2781, V 7236, F 803, Q 8043 (data/README.md)', () => {
    const total = { N: 0, S: 0, V: 0, F: 0, Q: 0, beats: 0 };
    let flutterWaves = 0;
    for (const r of records) {
      const annotations = readAnnotations(join(SHARED_DATA, 'mitdb', `${r}.atr`));
      const c = classCounts(annotations);
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
      flutterWaves += annotations.filter((a) => a.symbol === '!').length;
    }
    expect(total).toMatchObject({ N: 90631, S: 2781, V: 7236, F: 803, Q: 8043 });
    // isqrs also counts ventricular flutter waves '!' (record 207), which are in no AAMI class; no other beat code occurs.
    expect(flutterWaves).toBeGreaterThan(0);
    expect(total.beats).toBe(109494 + flutterWaves);
  });

  it('round-trip unchanged through writeAnnotations for all 48 records', () => {
    for (const r of records) {
      const original = readAnnotations(join(SHARED_DATA, 'mitdb', `${r}.atr`));
      expect(roundTrip(original).back, r).toEqual(original);
    }
  });
});
