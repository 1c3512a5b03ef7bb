import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { readRecord, toPhysical, toPhysicalFrames, type WfdbRecord } from '../../../../../src/main/core/wfdb/record';
import { FIXTURES, SHARED_DATA, SHARED_REFERENCE, fixtureText, hasSharedData, hasSharedReference, rdsampRows } from './wfdb-test-paths';

const FLOAT32_RELATIVE = 2 ** -23;

/** Every ADC sample equals rdsamp's raw dump (column 0 = sample number, offset by startSample). */
function expectRawEqual(record: WfdbRecord, rows: number[][], startSample = 0): void {
  expect(record.nSamples).toBe(rows.length);
  for (let s = 0; s < record.adc.length; s++) {
    const expected = rows.map((r) => r[s + 1]);
    expect(Array.from(record.adc[s] ?? []), `signal ${s}`).toEqual(expected);
  }
  rows.forEach((r, i) => expect(r[0]).toBe(startSample + i));
}

/** toPhysical agrees with rdsamp -p to the printed precision and Float32 rounding. */
function expectPhysicalClose(record: WfdbRecord, rows: number[][], printedDecimals: number): void {
  const half = 0.5 * 10 ** -printedDecimals;
  for (let s = 0; s < record.adc.length; s++) {
    const ours = toPhysical(record, s);
    let worst = 0;
    rows.forEach((r, i) => {
      const ref = r[s + 1] as number;
      const excess = Math.abs((ours[i] as number) - ref) - (half + Math.abs(ref) * FLOAT32_RELATIVE);
      worst = Math.max(worst, excess);
    });
    expect(worst, `signal ${s}`).toBeLessThanOrEqual(0);
  }
}

const tmpDirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wfdb-record-test-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('readRecord: signal formats against rdsamp (WFDB 10.7.0)', () => {
  const binformats = join(FIXTURES, 'formats/binformats.hea');
  const binRaw = rdsampRows(fixtureText('formats/binformats-rdsamp-raw.txt.gz'));

  it('reads formats 8, 16, 61, 80, 160, 212, 310, 311, 24, 32 exactly', () => {
    const rec = readRecord(binformats);
    expect(rec.header.signals.map((s) => s.format)).toEqual([8, 16, 61, 80, 160, 212, 310, 311, 24, 32]);
    expectRawEqual(rec, binRaw);
  });

  it('converts all ten formats to physical units as rdsamp -p -P', () => {
    expectPhysicalClose(readRecord(binformats), rdsampRows(fixtureText('formats/binformats-rdsamp-physical.txt.gz')), 8);
  });

  it('reads a frame range in every format (odd phases of 212/310/311, format 8 differences)', () => {
    for (const [start, end] of [
      [17, 400],
      [1, 2],
      [497, 499],
      [250, 250],
    ] as const) {
      const rec = readRecord(binformats, { startSample: start, endSample: end });
      expectRawEqual(rec, binRaw.slice(start, end), start);
    }
  });

  it('reads format 212 with 3 signals per frame (odd sample count) and gain(baseline)', () => {
    const rec = readRecord(join(FIXTURES, 'formats/100_3chan.hea'));
    const rows = rdsampRows(fixtureText('formats/100_3chan-rdsamp-raw.txt.gz'));
    expectRawEqual(rec, rows);
    expect(rec.header.signals.map((s) => s.baselineAdc)).toEqual([1024, 1024, 1024]);
    expectRawEqual(readRecord(join(FIXTURES, 'formats/100_3chan.hea'), { startSample: 1, endSample: 998 }), rows.slice(1, 998), 1);
  });

  it('reads a .mat signal file as format 16+24 with 3 signals and mixed units', () => {
    const rec = readRecord(join(FIXTURES, 'formats/a103l.hea'));
    expect(rec.header.signals.map((s) => [s.byteOffset, s.units, s.gainAdcPerUnit])).toEqual([
      [24, 'mV', 7247],
      [24, 'mV', 10520],
      [24, 'NU', 12530],
    ]);
    expectRawEqual(rec, rdsampRows(fixtureText('formats/a103l-first10s-raw.txt.gz')));
    expectPhysicalClose(rec, rdsampRows(fixtureText('formats/a103l-first10s-physical.txt.gz')), 8);
  });
});

describe('readRecord: first 10 s of mitdb 100, vfdb 418, nstdb ma against rdsamp', () => {
  for (const record of ['100', '418', 'ma']) {
    it(`${record}: raw and physical (excerpt; checksums of the excerpt verified)`, () => {
      const rec = readRecord(join(FIXTURES, 'excerpts', `${record}.hea`));
      expectRawEqual(rec, rdsampRows(fixtureText(`rdsamp/${record}-first10s-raw.txt.gz`)));
      expectPhysicalClose(rec, rdsampRows(fixtureText(`rdsamp/${record}-first10s-physical.txt.gz`)), 3);
    });
  }
});

describe.skipIf(!hasSharedData)('readRecord on the full records in ../shared/data (skipped when absent)', () => {
  const mitdb = (r: string): string => join(SHARED_DATA, 'mitdb', `${r}.hea`);
  const full = (): WfdbRecord => readRecord(mitdb('100'));

  it('reads mitdb 100: 650000 x 2 samples at 360 Hz, checksums verified', () => {
    const rec = full();
    expect(rec.fsHz).toBe(360);
    expect(rec.nSamples).toBe(650000);
    expect(rec.adc.map((a) => a.length)).toEqual([650000, 650000]);
  });

  it('reads mitdb 100 in well under 0.5 s (best of 3)', () => {
    const times = [0, 1, 2].map(() => {
      const t0 = performance.now();
      full();
      return performance.now() - t0;
    });
    expect(Math.min(...times)).toBeLessThan(500);
  });

  it('agrees with rdsamp on the first 10 s of the full 100, 418 and ma', () => {
    const cases: [string, string][] = [
      ['mitdb', '100'],
      ['vfdb', '418'],
      ['nstdb', 'ma'],
    ];
    for (const [db, record] of cases) {
      const rows = rdsampRows(fixtureText(`rdsamp/${record}-first10s-raw.txt.gz`));
      expectRawEqual(readRecord(join(SHARED_DATA, db, `${record}.hea`), { startSample: 0, endSample: rows.length }), rows);
    }
  });

  it('reads a range at the end of the record equal to the same frames of a whole read', () => {
    const whole = full();
    const part = readRecord(mitdb('100'), { startSample: 123457, endSample: 650000 });
    for (let s = 0; s < 2; s++) {
      const a = part.adc[s] as Int32Array;
      const b = (whole.adc[s] as Int32Array).subarray(123457);
      expect(a.length).toBe(b.length);
      expect(a.every((v, i) => v === b[i])).toBe(true);
    }
  });

  it('reads all 48 mitdb records with every checksum matching', () => {
    const records = readFileSync(join(SHARED_DATA, 'mitdb/RECORDS'), 'utf8').split(/\s+/).filter(Boolean);
    expect(records).toHaveLength(48);
    for (const r of records) expect(readRecord(mitdb(r)).nSamples).toBe(650000);
  });
});

describe.skipIf(!hasSharedReference)('readRecord on the full a103l in ../shared/reference (skipped when absent)', () => {
  it('reads all 82500 frames with checksums verified, first 10 s as rdsamp', () => {
    const rec = readRecord(join(SHARED_REFERENCE, 'formats/a103l.hea'));
    expect(rec.nSamples).toBe(82500);
    const rows = rdsampRows(fixtureText('formats/a103l-first10s-raw.txt.gz'));
    expectRawEqual(readRecord(join(SHARED_REFERENCE, 'formats/a103l.hea'), { endSample: rows.length }), rows);
  });
});

describe('readRecord: layouts built by hand', () => {
  it('reads samples per frame and skew from one interleaved file', () => {
    const dir = tmp();
    // Frame f holds [signal 0 sample 2f, signal 0 sample 2f+1, signal 1] = [10f, 10f + 1, 1000 + f], 5 frames.
    const frames = [0, 1, 2, 3, 4].flatMap((f) => [10 * f, 10 * f + 1, 1000 + f]);
    writeFileSync(join(dir, 'syn.dat'), Buffer.from(Int16Array.from(frames).buffer));
    writeFileSync(join(dir, 'syn.hea'), 'syn 2 100 4\nsyn.dat 16x2 200 16 0 0 0 0 a\nsyn.dat 16:1 200 16 0 0 0 0 b\n');
    const rec = readRecord(join(dir, 'syn.hea'), { verifyChecksums: false });
    expect(Array.from(rec.adc[0] ?? [])).toEqual([0, 1, 10, 11, 20, 21, 30, 31]);
    // Skew 1: the sample of frame t is stored in frame t + 1.
    expect(Array.from(rec.adc[1] ?? [])).toEqual([1001, 1002, 1003, 1004]);
    // Without the fifth frame, the last skewed sample is missing: WFDB's invalid value, NaN in physical units.
    writeFileSync(join(dir, 'syn.dat'), Buffer.from(Int16Array.from(frames.slice(0, 12)).buffer));
    const short = readRecord(join(dir, 'syn.hea'), { verifyChecksums: false });
    expect(Array.from(short.adc[1] ?? [])).toEqual([1001, 1002, 1003, -32768]);
    expect(Number.isNaN(toPhysical(short, 1)[3])).toBe(true);
  });

  it('gives one physical value per frame: the mean of the samples of a frame (WFDB low-resolution mode), NaN for an invalid one', () => {
    const dir = tmp();
    // Signal 0 has 2 samples per frame [10f, 10f + 1] at gain 2; signal 1 one sample 1000 + f at gain 16.
    const frames = [0, 1, 2, 3, 4].flatMap((f) => [10 * f, 10 * f + 1, 1000 + f]);
    writeFileSync(join(dir, 'syn.dat'), Buffer.from(Int16Array.from(frames).buffer));
    writeFileSync(join(dir, 'syn.hea'), 'syn 2 100 5\nsyn.dat 16x2 2 16 0 0 0 0 a\nsyn.dat 16 16 16 0 0 0 0 b\n');
    const rec = readRecord(join(dir, 'syn.hea'), { verifyChecksums: false });
    expect(Array.from(toPhysicalFrames(rec, 0))).toEqual([0.25, 5.25, 10.25, 15.25, 20.25]);
    expect(Array.from(toPhysicalFrames(rec, 1))).toEqual(Array.from(toPhysical(rec, 1)));
    frames[6 + 1] = -32768;
    writeFileSync(join(dir, 'syn.dat'), Buffer.from(Int16Array.from(frames).buffer));
    const gap = toPhysicalFrames(readRecord(join(dir, 'syn.hea'), { verifyChecksums: false }), 0);
    expect(Number.isNaN(gap[2])).toBe(true);
    expect(gap[3]).toBe(15.25);
  });

  it('reads signals from two files with a byte offset, and derives a missing sample count from the file size', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.dat'), Uint8Array.from([128, 129, 127, 0]));
    writeFileSync(join(dir, 'b.dat'), Buffer.concat([Buffer.from('HEAD'), Buffer.from(Int16Array.from([-5, 300, 7, 9, 11]).buffer)]));
    writeFileSync(join(dir, 'two.hea'), 'two 2 360\na.dat 80 100 8 0 0\nb.dat 16+4 100(-5) 16 0 -5\n');
    const rec = readRecord(join(dir, 'two.hea'));
    expect(rec.nSamples).toBe(4);
    expect(Array.from(rec.adc[0] ?? [])).toEqual([0, 1, -1, -128]);
    expect(Array.from(rec.adc[1] ?? [])).toEqual([-5, 300, 7, 9]);
    expect(Array.from(toPhysical(rec, 1))).toEqual([0, 3.05, 0.12, 0.14].map(Math.fround));
    // -128 is format 80's invalid value.
    expect(Number.isNaN(toPhysical(rec, 0)[3])).toBe(true);
  });

  it('maps each format minimum to NaN: -32768 in format 16, -2048 in format 212', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'inv.dat'), Buffer.from(Int16Array.from([-32768, 0, 200, -32767]).buffer));
    // 212 pair (-2048, 1): low 12 bits 0x800 and 0x001 -> bytes 0x00, 0x08 (high nibble 0), 0x01.
    writeFileSync(join(dir, 'inv212.dat'), Uint8Array.from([0x00, 0x08, 0x01]));
    writeFileSync(join(dir, 'inv.hea'), 'inv 1 100 4\ninv.dat 16 200 16 0 0\n');
    writeFileSync(join(dir, 'inv212.hea'), 'inv212 1 100 2\ninv212.dat 212 200 12 0 0\n');
    const p16 = Array.from(toPhysical(readRecord(join(dir, 'inv.hea')), 0));
    expect(p16).toEqual([NaN, 0, 1, Math.fround(-32767 / 200)]);
    expect(Array.from(toPhysical(readRecord(join(dir, 'inv212.hea')), 0))).toEqual([NaN, Math.fround(1 / 200)]);
  });

  it('returns null signals (format 0 or file ~) as invalid samples, the record length coming from the stored signal', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.dat'), Buffer.from(Int16Array.from([200, 400, 600]).buffer));
    writeFileSync(join(dir, 'nul.hea'), 'nul 3 100\na.dat 16 200 16 0 0\n~ 0 200 12 0 0\n~ 212 200 12 0 0\n');
    const rec = readRecord(join(dir, 'nul.hea'));
    expect(rec.nSamples).toBe(3);
    expect(Array.from(toPhysical(rec, 0))).toEqual([1, 2, 3]);
    expect(Array.from(toPhysical(rec, 1))).toEqual([NaN, NaN, NaN]);
    expect(Array.from(toPhysical(rec, 2))).toEqual([NaN, NaN, NaN]);
  });

  it('refuses a record of only null signals before allocating its claimed length (nul 1 360 1000000000)', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'nul.hea'), 'nul 1 360 1000000000\n~ 0 200 12 0 0\n');
    expect(() => readRecord(join(dir, 'nul.hea'))).toThrow(/nul\.hea: no signal is stored: every signal is a null signal/);
  });
});

describe('readRecord errors name the file and the problem', () => {
  it('refuses a signal file outside the record folder without opening it', () => {
    const dir = tmp();
    const hea = join(dir, 'evil.hea');
    writeFileSync(hea, 'evil 1 360\n../../../../etc/passwd 8 200 8 0 0\n');
    expectWfdbError(() => readRecord(hea), hea, /signal 0 file '\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd' is outside the record's folder/);
    writeFileSync(hea, 'evil 1 360\n/etc/passwd 8 200 8 0 0\n');
    expectWfdbError(() => readRecord(hea), hea, /'\/etc\/passwd' is outside the record's folder/);
  });

  it('refuses a symbolic link that leads out of the record folder', () => {
    const dir = tmp();
    symlinkSync('/etc/passwd', join(dir, 'link.dat'));
    writeFileSync(join(dir, 'link.hea'), 'link 1 360\nlink.dat 8 200 8 0 0\n');
    expectWfdbError(
      () => readRecord(join(dir, 'link.hea')),
      join(dir, 'link.dat'),
      /signal file links to a file outside the record's folder/,
    );
  });

  it('refuses a FIFO as signal file or header without blocking, and a folder as signal file', () => {
    const dir = tmp();
    execFileSync('mkfifo', [join(dir, 'fifo.dat'), join(dir, 'pipe.hea')]);
    writeFileSync(join(dir, 'fifo.hea'), 'fifo 1 360 100\nfifo.dat 16\n');
    expectWfdbError(() => readRecord(join(dir, 'fifo.hea')), join(dir, 'fifo.dat'), /signal file is a pipe \(FIFO\), not a regular file/);
    expectWfdbError(() => readRecord(join(dir, 'pipe.hea')), join(dir, 'pipe.hea'), /header file is a pipe \(FIFO\)/);
    mkdirSync(join(dir, 'folder.dat'));
    writeFileSync(join(dir, 'folder.hea'), 'folder 1 360 100\nfolder.dat 16\n');
    expectWfdbError(() => readRecord(join(dir, 'folder.hea')), join(dir, 'folder.dat'), /signal file is a folder, not a file/);
  });

  it('refuses a sparse 3 GB signal file without a sample count, before allocating', () => {
    const dir = tmp();
    const dat = join(dir, 'sparse.dat');
    writeFileSync(dat, '');
    truncateSync(dat, 3 * 2 ** 30);
    writeFileSync(join(dir, 'sparse.hea'), 'sparse 1 360\nsparse.dat 16\n');
    expectWfdbError(() => readRecord(join(dir, 'sparse.hea')), dat, /sparse file: 3221225472 bytes long but only \d+ bytes stored on disk/);
  });

  it('refuses a header file larger than any header needs', () => {
    const dir = tmp();
    const hea = join(dir, 'big.hea');
    writeFileSync(hea, 'big 0\n' + '#'.repeat(2 ** 20));
    expectWfdbError(() => readRecord(hea), hea, /header file is 1048582 bytes long, more than the 1048576 bytes/);
  });

  it('checks a .mat signal file against its header (PhysioNet 2017 layout)', () => {
    const dir = tmp();
    for (const f of ['A00003.hea', 'A00003.mat']) copyFileSync(join(FIXTURES, '../rhythm', f), join(dir, f));
    const mat = join(dir, 'A00003.mat');
    const hea = join(dir, 'A00003.hea');
    expect(readRecord(hea).nSamples).toBe(18000);
    const original = readFileSync(mat);
    const withType = (type: number): Buffer => {
      const b = Buffer.from(original);
      b.writeInt32LE(type, 0);
      return b;
    };
    writeFileSync(mat, withType(40));
    expectWfdbError(() => readRecord(hea), mat, /does not hold 16-bit integers \(type word 40\), but the header reads format 16/);
    const shortMatrix = Buffer.from(original);
    shortMatrix.writeInt32LE(100, 8);
    writeFileSync(mat, shortMatrix);
    expectWfdbError(() => readRecord(hea), mat, /holds 1×100 values, fewer than the 18000 samples the header announces/);
    writeFileSync(mat, Buffer.from('MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024' + ' '.repeat(36000)));
    expectWfdbError(() => readRecord(hea), mat, /not a MATLAB v4 file this reader supports/);
  });

  function copy100_3chan(): string {
    const dir = tmp();
    for (const f of ['100_3chan.hea', '100_3chan.dat']) copyFileSync(join(FIXTURES, 'formats', f), join(dir, f));
    return dir;
  }
  function expectWfdbError(call: () => unknown, file: string, problem: RegExp): void {
    let caught: unknown;
    try {
      call();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WfdbError);
    const e = caught as WfdbError;
    expect(e.file).toBe(file);
    expect(e.message.startsWith(`${file}: `)).toBe(true);
    expect(e.problem).toMatch(problem);
  }

  it('truncated .dat', () => {
    const dir = copy100_3chan();
    truncateSync(join(dir, '100_3chan.dat'), 4000);
    expectWfdbError(
      () => readRecord(join(dir, '100_3chan.hea')),
      join(dir, '100_3chan.dat'),
      /too short: 4000 bytes hold 888 frames, the header needs 999 frames \(4496 bytes\)/,
    );
  });

  it('missing .dat', () => {
    const dir = copy100_3chan();
    rmSync(join(dir, '100_3chan.dat'));
    expectWfdbError(() => readRecord(join(dir, '100_3chan.hea')), join(dir, '100_3chan.dat'), /signal file not found/);
  });

  it('missing header', () => {
    const dir = tmp();
    expectWfdbError(() => readRecord(join(dir, 'none.hea')), join(dir, 'none.hea'), /header file not found/);
  });

  it('garbled header', () => {
    const dir = copy100_3chan();
    writeFileSync(join(dir, '100_3chan.hea'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x20, 0x0a, 0xff, 0x31, 0x20, 0x32]));
    expectWfdbError(() => readRecord(join(dir, '100_3chan.hea')), join(dir, '100_3chan.hea'), /line 1: /);
  });

  it('wrong checksum', () => {
    const dir = copy100_3chan();
    const hea = join(dir, '100_3chan.hea');
    writeFileSync(hea, readFileSync(hea, 'latin1').replace('1011 63954', '1011 63955'));
    expectWfdbError(
      () => readRecord(hea),
      join(dir, '100_3chan.dat'),
      /checksum mismatch for signal 1 \(II\): header says 63955, samples sum to -1582/,
    );
    // -1582 is 63954 as a signed 16-bit number: the true sum, which the unmodified header passes.
    expect(63954 - 65536).toBe(-1582);
    expect(readRecord(hea, { verifyChecksums: false }).nSamples).toBe(999);
  });

  it('unsupported format', () => {
    const dir = copy100_3chan();
    const hea = join(dir, '100_3chan.hea');
    writeFileSync(hea, readFileSync(hea, 'latin1').replaceAll(' 212 ', ' 999 '));
    expectWfdbError(
      () => readRecord(hea),
      hea,
      /signal 0 \(100_3chan\.dat\) has unsupported storage format 999 \(supported: 0, 8, 16, 61, 80, 160, 212, 310, 311, 24, 32\)/,
    );
  });

  it('signals of one file that are not consecutive', () => {
    const dir = copy100_3chan();
    const hea = join(dir, '100_3chan.hea');
    writeFileSync(
      hea,
      readFileSync(hea, 'latin1').replace('100_3chan.dat 212 200(1024)/mV 11 1024 1011', 'other.dat 16 200(1024)/mV 11 1024 1011'),
    );
    expectWfdbError(() => readRecord(hea), hea, /signal 2 is in 100_3chan\.dat but does not follow the other signals of that file/);
  });

  it('sample range outside the record, and checksums asked for on a partial read', () => {
    const hea = join(FIXTURES, 'formats/100_3chan.hea');
    expectWfdbError(
      () => readRecord(hea, { startSample: 10, endSample: 1000 }),
      hea,
      /sample range \[10, 1000\) is outside the record's 999 frames/,
    );
    expectWfdbError(() => readRecord(hea, { startSample: 5, endSample: 4 }), hea, /outside/);
    expectWfdbError(() => readRecord(hea, { endSample: 10, verifyChecksums: true }), hea, /whole record/);
  });

  it('toPhysical rejects a signal index the record does not have', () => {
    const rec = readRecord(join(FIXTURES, 'formats/100_3chan.hea'));
    expect(() => toPhysical(rec, 3)).toThrow(RangeError);
  });
});
