import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { findRecordHeaders, resolveRecordHeader } from '../../../../../src/main/core/wfdb/records';
import { FIXTURES } from './wfdb-test-paths';

const formats = join(FIXTURES, 'formats');
const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('resolveRecordHeader', () => {
  it('accepts a .hea, a .dat, a .mat, an annotation file or a record path without extension', () => {
    expect(resolveRecordHeader(join(formats, 'a103l.hea'))).toBe(join(formats, 'a103l.hea'));
    expect(resolveRecordHeader(join(formats, 'a103l.mat'))).toBe(join(formats, 'a103l.hea'));
    expect(resolveRecordHeader(join(formats, '100_3chan.dat'))).toBe(join(formats, '100_3chan.hea'));
    expect(resolveRecordHeader(join(formats, '100_3chan'))).toBe(join(formats, '100_3chan.hea'));
    expect(resolveRecordHeader(join(FIXTURES, 'excerpts', '100'))).toBe(join(FIXTURES, 'excerpts', '100.hea'));
    expect(resolveRecordHeader(join(formats, 'binformats.d7'))).toBe(join(formats, 'binformats.hea'));
  });

  it('throws the same "not a readable record" WfdbError whether or not the path exists', () => {
    const missing = join(formats, 'nope');
    const orphan = join(FIXTURES, 'rdann', '100.atr');
    for (const path of [missing, orphan, '/etc/passwd', '/etc', '/root/secret']) {
      expect(() => resolveRecordHeader(path)).toThrow(WfdbError);
      expect(() => resolveRecordHeader(path)).toThrow(
        `${path}: not a readable record (no WFDB header .hea, EDF/EDF+ .edf or ISHNE .ecg file found for this path)`,
      );
    }
  });
});

describe('findRecordHeaders', () => {
  it('lists every header of a directory, sorted, without needing a RECORDS file', () => {
    expect(findRecordHeaders(formats)).toEqual(['100_3chan.hea', 'a103l.hea', 'binformats.hea'].map((f) => join(formats, f)));
  });

  it('does not recurse and ignores directories named like headers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfdb-records-test-'));
    tmpDirs.push(dir);
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, 'odd.hea'));
    writeFileSync(join(dir, 'sub', 'inner.hea'), 'inner 0');
    writeFileSync(join(dir, 'b.hea'), 'b 0');
    writeFileSync(join(dir, 'A.hea'), 'A 0');
    writeFileSync(join(dir, 'notes.txt'), '');
    expect(findRecordHeaders(dir)).toEqual([join(dir, 'A.hea'), join(dir, 'b.hea')]);
  });

  it('resolves a file or record path to its single header', () => {
    expect(findRecordHeaders(join(formats, 'a103l.mat'))).toEqual([join(formats, 'a103l.hea')]);
    expect(() => findRecordHeaders(join(formats, 'nope'))).toThrow(WfdbError);
  });

  it('gives the same "not a readable record" answer for a folder without records, a missing and an unreadable path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfdb-records-test-'));
    tmpDirs.push(dir);
    for (const path of [dir, join(dir, 'missing'), '/root']) {
      expect(() => findRecordHeaders(path)).toThrow(
        `${path}: not a readable record (no WFDB header .hea, EDF/EDF+ .edf or ISHNE .ecg file found for this path)`,
      );
    }
  });
});

describe('findRecordHeaders with EDF and ISHNE files', () => {
  it('lists .edf files and ISHNE .ecg files beside .hea headers, but not a WFDB .ecg annotation file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfdb-records-import-'));
    tmpDirs.push(dir);
    const edf = join(FIXTURES, '..', 'edf', 'mitdb100-edflib.edf');
    const ishne = join(FIXTURES, '..', 'ishne', 'mitdb100.ecg');
    copyFileSync(edf, join(dir, 'b.edf'));
    copyFileSync(ishne, join(dir, 'c.ecg'));
    copyFileSync(join(formats, 'a103l.hea'), join(dir, 'a.hea'));
    writeFileSync(join(dir, 'a.ecg'), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(findRecordHeaders(dir)).toEqual([join(dir, 'a.hea'), join(dir, 'b.edf'), join(dir, 'c.ecg')]);
    expect(resolveRecordHeader(join(dir, 'b.edf'))).toBe(join(dir, 'b.edf'));
    expect(resolveRecordHeader(join(dir, 'c.ecg'))).toBe(join(dir, 'c.ecg'));
    expect(resolveRecordHeader(join(dir, 'a.ecg'))).toBe(join(dir, 'a.hea'));
  });
});
