import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTals } from '../../../../../src/main/core/formats/edf-annotations';
import { EDF_HEADER_FIELDS, EDF_SIGNAL_FIELDS, readEdfHeader } from '../../../../../src/main/core/formats/edf-header';
import { readEdfRecord } from '../../../../../src/main/core/formats/edf-record';
import { probeFormat } from '../../../../../src/main/core/formats/format-probe';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { FIXTURES } from '../wfdb/wfdb-test-paths';
import { EDF_FIXTURES } from './edf-fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'edf-header-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const valid = new Uint8Array(readFileSync(join(EDF_FIXTURES, 'mitdb208-edflib.edf')));
const NS = 5;

/** Byte offset of a fixed-header field, or of signal s's field (fields are stored ns at a time). */
function offsetOf(name: string, signal?: number): number {
  if (signal === undefined) {
    let at = 0;
    for (const f of EDF_HEADER_FIELDS) {
      if (f.name === name) return at;
      at += f.width;
    }
  } else {
    let at = 256;
    for (const f of EDF_SIGNAL_FIELDS) {
      if (f.name === name) return at + signal * f.width;
      at += f.width * NS;
    }
  }
  throw new Error(`no field ${name}`);
}

/** Replaces the onset text of the TAL at byte `at` by `onset`, zero-padded to the original length. */
function onsetEdit(bytes: Uint8Array, at: number, onset: string): [number, string] {
  const original = Buffer.from(bytes.subarray(at, bytes.indexOf(0x14, at))).toString('latin1');
  expect(onset.length).toBeLessThanOrEqual(original.length);
  return [at, onset.includes('.') ? onset.padEnd(original.length, '0') : `${onset}.`.padEnd(original.length, '0')];
}

function patched(edits: [number, string][], bytes = valid): string {
  const b = bytes.slice();
  for (const [at, text] of edits) b.set(Buffer.from(text, 'latin1'), at);
  const path = join(tmp, 'bad.edf');
  writeFileSync(path, b);
  return path;
}

function expectProblem(path: string, problem: RegExp, read: (p: string) => unknown = readEdfHeader): void {
  let error: unknown;
  try {
    read(path);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(WfdbError);
  expect((error as WfdbError).file).toBe(path);
  expect((error as WfdbError).message.startsWith(`${path}: `)).toBe(true);
  expect((error as WfdbError).problem).toMatch(problem);
}

describe('readEdfHeader validates every field from the field-spec tables', () => {
  it('reads the EDFlib file’s layout: 5 signals (2 annotation), 1536 header bytes, 20 records', () => {
    const h = readEdfHeader(join(EDF_FIXTURES, 'mitdb208-edflib.edf'));
    expect([h.headerBytes, h.nDataRecords, h.signals.length, h.signals.filter((s) => s.isAnnotation).length]).toEqual([1536, 20, NS, 2]);
    expect(h.recordBytes).toBe(2 * h.signals.reduce((n, s) => n + s.samplesPerRecord, 0));
    expect(h.start).toEqual({ year: 2026, month: 12, day: 1, hour: 8, minute: 30, second: 0 });
  });
  it('non-numeric record count', () =>
    expectProblem(patched([[offsetOf('nDataRecords'), '2O      ']]), /^number of data records \(bytes 236–243\) is "2O", not an integer$/));
  it('non-ASCII byte', () =>
    expectProblem(
      patched([[offsetOf('patient') + 3, '\u00e9']]),
      /^local patient identification \(bytes 8–87\) has byte 0xe9 at byte 11, not printable ASCII$/,
    ));
  it('wrong record count (too many: truncated)', () =>
    expectProblem(patched([[offsetOf('nDataRecords'), '21      ']]), /needs \d+ \(truncated\)$/));
  it('wrong record count (too few)', () =>
    expectProblem(patched([[offsetOf('nDataRecords'), '19      ']]), /^file is \d+ bytes but the header \(19 data records/));
  it('huge record count', () =>
    expectProblem(patched([[offsetOf('nDataRecords'), '99999999']]), /99999999 data records .* \(truncated\)$/));
  it('header size that does not match ns', () =>
    expectProblem(patched([[offsetOf('headerBytes'), '1280    ']]), /^header says 1280 header bytes, but 5 signals need 1536$/));
  it('huge signal count', () =>
    expectProblem(
      patched([
        [offsetOf('nSignals'), '4096'],
        [offsetOf('headerBytes'), '1048832 '],
      ]),
      /^file too short: \d+ bytes, the header alone needs 1048832$/,
    ));
  it('digital range out of 16 bits', () =>
    expectProblem(
      patched([[offsetOf('digitalMax', 1), '40000   ']]),
      /^signal 1 digital maximum \(bytes \d+–\d+\) is 40000, outside \[-32768, 32767\]$/,
    ));
  it('digital min ≥ max', () =>
    expectProblem(
      patched([[offsetOf('digitalMin', 0), '2047    ']]),
      /^signal 0 \(ECG ch0\): digital minimum 2047 is not below digital maximum 2047$/,
    ));
  it('physical min = max', () =>
    expectProblem(patched([[offsetOf('physicalMin', 2), '15.35937']]), /physical minimum equals physical maximum/));
  it('bad start date', () => expectProblem(patched([[offsetOf('startDate'), '31.13.26']]), /^startdate "31.13.26" is not a valid date$/));
  it('not EDF', () => expectProblem(patched([[0, '1       ']]), /^not an EDF file: version field is "1"/));
  it('BDF', () => expectProblem(patched([[0, '\u00ffBIOSEMI']]), /^BDF \(24-bit\) files are not supported/));
  it('missing file', () => expectProblem(join(tmp, 'missing.edf'), /^EDF file not found$/));
  it('record count −1 is derived from the size, with a warning', () => {
    const h = readEdfHeader(patched([[offsetOf('nDataRecords'), '-1      ']]));
    expect(h.nDataRecords).toBe(20);
    expect(h.warnings).toEqual(['number of data records is −1 (recording not closed); 20 complete records found in the file']);
  });
});

describe('readEdfRecord checks record placement', () => {
  it('an EDF+C record whose time-keeping TAL is not contiguous', () => {
    const h = readEdfHeader(join(EDF_FIXTURES, 'mitdb208-edflib.edf'));
    const annotation = h.signals.find((s) => s.isAnnotation);
    const at = h.headerBytes + 19 * h.recordBytes + (annotation?.recordByteOffset ?? 0);
    expect(Buffer.from(valid.subarray(at, at + 4)).toString('latin1')).toBe('+9.5');
    expectProblem(
      patched([onsetEdit(valid, at, '+9.7')]),
      /^data record 19 starts at 9.7 s, but a contiguous EDF\+C record must start at 9.5 s$/,
      readEdfRecord,
    );
  });
  it('EDF+D records out of order', () => {
    const d = new Uint8Array(readFileSync(join(EDF_FIXTURES, 'mitdb208-edfplus-d.edf')));
    const h = readEdfHeader(join(EDF_FIXTURES, 'mitdb208-edfplus-d.edf'));
    const at = h.headerBytes + 8 * h.recordBytes + (h.signals.find((s) => s.isAnnotation)?.recordByteOffset ?? 0);
    expect(Buffer.from(d.subarray(at, at + 2)).toString('latin1')).toBe('+6');
    expectProblem(
      patched([onsetEdit(d, at, '+3')], d),
      /^data record 8 starts at 3 s, before the end of record 7 \(3.5 s \+ 0.5 s\)$/,
      readEdfRecord,
    );
  });
  it('an EDF+D gap too long to fill is refused before allocating, and a range after it reads', () => {
    const d = new Uint8Array(readFileSync(join(EDF_FIXTURES, 'mitdb208-edfplus-d.edf')));
    const h = readEdfHeader(join(EDF_FIXTURES, 'mitdb208-edfplus-d.edf'));
    const last = h.headerBytes + 15 * h.recordBytes + (h.signals.find((s) => s.isAnnotation)?.recordByteOffset ?? 0);
    const path = patched([onsetEdit(d, last, '+99999.5')], d);
    expectProblem(
      path,
      /^frames \[0, 12000000\) span 99992 s of EDF\+D gaps \(83993280 samples, more than the 33554432 one read may fill\); read a shorter sample range$/,
      readEdfRecord,
    );
    const tail = readEdfRecord(path, { startSample: 11999930, signals: [2] });
    expect(tail.nSamples).toBe(70);
    expect(Array.from((tail.adc[0] as Int32Array).subarray(10))).toEqual(
      Array.from((readEdfRecord(join(EDF_FIXTURES, 'mitdb208-edfplus-d.edf'), { signals: [2] }).adc[0] as Int32Array).subarray(1140)),
    );
  });
  it('a sample range outside the record', () => {
    expect(() => readEdfRecord(join(EDF_FIXTURES, 'mitdb208-edflib.edf'), { startSample: 10, endSample: 1201 })).toThrow(
      /sample range \[10, 1201\) is outside the record's 1200 frames/,
    );
    expect(() => readEdfRecord(join(EDF_FIXTURES, 'mitdb208-edflib.edf'), { signals: [3] })).toThrow(/signal 3 is not an ordinary signal/);
  });
});

describe('parseTals', () => {
  const tal = (s: string): Uint8Array => Buffer.from(s, 'utf8');
  it('reads onsets, durations and several texts; stops at the padding', () => {
    expect(parseTals(tal('+0\u0014\u0014\u0000-0.5\u00152.25\u0014a\u0014b c\u0014\u0000\u0000\u0000'), 'f', 'w')).toEqual([
      { onsetS: 0, durationS: null, texts: [''] },
      { onsetS: -0.5, durationS: 2.25, texts: ['a', 'b c'] },
    ]);
  });
  it.each([
    ['0\u0014\u0014\u0000', /onset "0" is not a signed number/],
    ['+1x\u0014\u0000', /onset "\+1x"/],
    ['+1\u0015-2\u0014\u0000', /duration "-2" is not a number/],
    ['+1\u0000', /onset is not followed by 0x14/],
    ['+1\u0014abc', /annotation text is not closed by 0x14/],
    ['+1\u0014abc\u0014', /not closed by a 0 byte/],
  ])('rejects %j', (text, problem) => {
    expect(() => parseTals(tal(text), 'x.edf', 'data record 2, annotation signal 4')).toThrow(
      new RegExp(`^x\\.edf: data record 2, annotation signal 4: TAL at byte 0: ${problem.source}`),
    );
  });
});

describe('probeFormat', () => {
  it.each([
    [join(EDF_FIXTURES, 'mitdb100-edflib.edf'), 'edf'],
    [join(EDF_FIXTURES, 'mitdb100-biosig.edf'), 'edf'],
    [join(FIXTURES, '../ishne/mitdb100.ecg'), 'ishne'],
    [join(FIXTURES, 'excerpts/100.hea'), 'wfdb'],
    [join(FIXTURES, 'excerpts/100.dat'), 'unknown'],
  ])('%s is %s', (path, format) => expect(probeFormat(path)).toBe(format));
  it('recognises BDF and ISHNE annotation files', () => {
    expect(probeFormat(patched([[0, '\u00ffBIOSEMI']]))).toBe('bdf');
    expect(probeFormat(patched([[0, 'ANN  1.0']]))).toBe('ishne-annotations');
  });
});
