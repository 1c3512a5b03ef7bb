import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readChallenge2017Labels, readMatV4 } from '../../../../../src/main/core/formats/physionet2017';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { readRecord } from '../../../../../src/main/core/wfdb/record';
import { findRecordHeaders } from '../../../../../src/main/core/wfdb/records';
import { CHALLENGE_2017, FIXTURES, fixtureText, hasChallenge2017, rdsampRows } from '../wfdb/wfdb-test-paths';

const tmpDirs: string[] = [];
function tmpFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'physionet2017-test-'));
  tmpDirs.push(dir);
  return join(dir, name);
}
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A MAT v4 file built from the Level 4 layout: 5 int32 (MOPT, mrows, ncols, imagf, namlen), name, data. */
function matV4(littleEndian: boolean, typeCode: number, rows: number, cols: number, name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(20);
  [typeCode, rows, cols, 0, name.length + 1].forEach((v, i) =>
    littleEndian ? header.writeInt32LE(v, 4 * i) : header.writeInt32BE(v, 4 * i),
  );
  return Buffer.concat([header, Buffer.from(`${name}\0`, 'latin1'), data]);
}

describe('readMatV4', () => {
  it('reads the int16 `val` matrix of a103l (3 x 2500, column-major = WFDB frames) as rdsamp does', () => {
    const m = readMatV4(join(FIXTURES, 'formats/a103l.mat'));
    expect({ name: m.name, rows: m.rows, cols: m.cols, dataByteOffset: m.dataByteOffset, typeCode: m.typeCode }).toEqual({
      name: 'val',
      rows: 3,
      cols: 2500,
      dataByteOffset: 24,
      typeCode: 30,
    });
    expect(m.data).toBeInstanceOf(Int16Array);
    const rows = rdsampRows(fixtureText('formats/a103l-first10s-raw.txt.gz'));
    expect(Array.from(m.data)).toEqual(rows.flatMap((r) => r.slice(1)));
  });

  it('reads big-endian double and little-endian uint8 matrices', () => {
    const doubles = Buffer.alloc(16);
    doubles.writeDoubleBE(1.5, 0);
    doubles.writeDoubleBE(-2.25, 8);
    const be = tmpFile('be.mat');
    writeFileSync(be, matV4(false, 1000, 2, 1, 'x', doubles));
    const m = readMatV4(be);
    expect([m.name, m.rows, m.cols, m.typeCode, Array.from(m.data)]).toEqual(['x', 2, 1, 1000, [1.5, -2.25]]);
    expect(m.data).toBeInstanceOf(Float64Array);
    const le = tmpFile('u8.mat');
    writeFileSync(le, matV4(true, 50, 1, 3, 'bytes', Buffer.from([0, 128, 255])));
    expect(Array.from(readMatV4(le).data)).toEqual([0, 128, 255]);
  });

  const garbled: [string, Buffer, RegExp][] = [
    ['random bytes', Buffer.from('this is not a MAT file at all, just text'), /not a MATLAB v4 file/],
    ['a too-short header', Buffer.from([30, 0, 0]), /shorter than the 20-byte header/],
    ['a text matrix', matV4(true, 31, 1, 2, 'val', Buffer.alloc(4)), /not a full numeric matrix/],
    ['a negative row count', matV4(true, 30, -1, 2, 'val', Buffer.alloc(4)), /corrupt MATLAB v4 header/],
    ['truncated data', matV4(true, 30, 1, 9000, 'val', Buffer.alloc(100)), /too short: 124 bytes, the 1×9000 matrix needs 18024/],
  ];
  for (const [what, bytes, problem] of garbled) {
    it(`rejects ${what} with a WfdbError naming the file`, () => {
      const path = tmpFile('garbled.mat');
      writeFileSync(path, bytes);
      expect(() => readMatV4(path)).toThrow(WfdbError);
      expect(() => readMatV4(path)).toThrow(new RegExp(`^${path}: `));
      expect(() => readMatV4(path)).toThrow(problem);
    });
  }

  it('rejects a missing file', () => {
    const path = tmpFile('none.mat');
    expect(() => readMatV4(path)).toThrow(`${path}: MAT file not found`);
  });
});

describe('readChallenge2017Labels', () => {
  it('reads record,label lines', () => {
    const path = tmpFile('REFERENCE.csv');
    writeFileSync(path, 'A00001,N\r\nA00002,A\nA00003,O\nA00004,~\n\n');
    expect([...readChallenge2017Labels(path)]).toEqual([
      ['A00001', 'N'],
      ['A00002', 'A'],
      ['A00003', 'O'],
      ['A00004', '~'],
    ]);
  });

  for (const [what, text, problem] of [
    ['an unknown label', 'A00001,N\nA00002,X\n', /line 2: label 'X' is not one of N, A, O, ~/],
    ['a malformed line', 'A00001;N\n', /line 1: expected 'record,label'/],
    ['a duplicate record', 'A00001,N\nA00001,A\n', /line 2: record A00001 is labelled twice/],
  ] as const) {
    it(`rejects ${what}`, () => {
      const path = tmpFile('REFERENCE.csv');
      writeFileSync(path, text);
      expect(() => readChallenge2017Labels(path)).toThrow(new RegExp(`^${path}: `));
      expect(() => readChallenge2017Labels(path)).toThrow(problem);
    });
  }
});

describe.skipIf(!hasChallenge2017)('PhysioNet/CinC 2017 training set in data/physionet2017 (skipped when absent)', () => {
  it('has 7675 labels: N 4545, A 664, O 2210, ~ 256 (data/README.md)', () => {
    const labels = readChallenge2017Labels(join(CHALLENGE_2017, 'REFERENCE.csv'));
    const counts: Record<string, number> = {};
    for (const l of labels.values()) counts[l] = (counts[l] ?? 0) + 1;
    expect(labels.size).toBe(7675);
    expect(counts).toEqual({ N: 4545, A: 664, O: 2210, '~': 256 });
  });

  it('every record reads through its header (16+24, 300 Hz, 1000 adu/mV) and equals its MAT v4 `val`', () => {
    const headers = findRecordHeaders(CHALLENGE_2017);
    const listed = readFileSync(join(CHALLENGE_2017, 'RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
    expect(headers).toHaveLength(listed.length);
    for (const hea of headers) {
      const rec = readRecord(hea);
      const spec = rec.header.signals[0];
      expect([rec.fsHz, rec.header.nSignals, spec?.format, spec?.byteOffset, spec?.gainAdcPerUnit]).toEqual([300, 1, 16, 24, 1000]);
      const mat = readMatV4(hea.replace(/\.hea$/, '.mat'));
      expect([mat.name, mat.rows, mat.cols, mat.dataByteOffset]).toEqual(['val', 1, rec.nSamples, 24]);
      const adc = rec.adc[0] as Int32Array;
      expect(
        adc.every((v, i) => v === mat.data[i]),
        hea,
      ).toBe(true);
    }
  });
});
