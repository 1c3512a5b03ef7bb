import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { crcCcitt } from '../../../../../src/main/core/formats/crc-ccitt';
import { ISHNE_HEADER_BYTES, readIshneHeader } from '../../../../../src/main/core/formats/ishne-header';
import { readIshneRecord } from '../../../../../src/main/core/formats/ishne-record';
import { encodeIshne, writeIshne } from '../../../../../src/main/core/formats/ishne-writer';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { readRecord, toPhysical } from '../../../../../src/main/core/wfdb/record';
import { FIXTURES, fixtureText, hasSharedData, rdsampRows, SHARED_DATA } from '../wfdb/wfdb-test-paths';

const ISHNE_FIXTURES = join(FIXTURES, '../ishne');
const tmp = mkdtempSync(join(tmpdir(), 'ishne-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface BiosigIshne {
  NumberOfSamples: number;
  Samplingrate: number;
  Patient: { Id: string };
  CHANNEL: { Label: string; scaling: number; PhysicalUnit: string }[];
}

/** biosig's ASCII export of one channel: physical values in nV, %g with 6 significant digits. */
function biosigColumn(name: string): number[] {
  return gunzipSync(readFileSync(join(ISHNE_FIXTURES, name)))
    .toString('latin1')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

describe.each([
  ['mitdb100', 0, ['II', 'V5']],
  ['mitdb107', 1, ['II', 'V1']],
])('%s.ecg (our writer) read by biosig and by readIshneRecord', (name, pacemaker, labels) => {
  const path = join(ISHNE_FIXTURES, `${name}.ecg`);
  const record = readIshneRecord(path);
  const json = JSON.parse(readFileSync(join(ISHNE_FIXTURES, `${name}.biosig.json`), 'latin1')) as BiosigIshne;

  it('has biosig’s sample count, rate, lead names and resolution', () => {
    expect(record.nSamples).toBe(json.NumberOfSamples);
    expect(record.fsHz).toBe(json.Samplingrate);
    expect(record.header.signals.map((s) => s.description)).toEqual(json.CHANNEL.map((c) => c.Label));
    expect(record.header.signals.map((s) => s.description)).toEqual(labels);
    expect(record.ishne.resolutionNv.slice(0, 2)).toEqual(json.CHANNEL.map((c) => c.scaling));
    expect(json.CHANNEL.map((c) => c.PhysicalUnit)).toEqual(['nV', 'nV']);
    expect(record.ishne.id).toBe(json.Patient.Id);
  });

  it('has exactly the samples biosig reads (its nV values / resolution), and the same physical values', () => {
    record.adc.forEach((adc, i) => {
      const nv = biosigColumn(`${name}.biosig.a0${i + 1}.gz`);
      const resolution = json.CHANNEL[i]?.scaling ?? NaN;
      expect(Array.from(adc)).toEqual(nv.map((v) => v / resolution));
      const mv = toPhysical(record, i);
      expect(Array.from(mv).every((v, k) => Math.abs(v - (nv[k] as number) / 1e6) < 1e-6)).toBe(true);
    });
  });

  it('has the CRC that Python’s binascii.crc_hqx(header, 0xFFFF) computes, and the pacemaker code written', () => {
    expect(record.ishne.crc.toString(16).padStart(4, '0')).toBe(
      readFileSync(join(ISHNE_FIXTURES, `${name}.crc-python.txt`), 'latin1').trim(),
    );
    expect(record.ishne.pacemaker).toBe(pacemaker);
    expect(record.ishne.ecgOffset).toBe(4096);
    expect(record.ishne.variableBlock.trim()).toMatch(new RegExp(`^mitdb ${name.slice(5)}, first 3600 samples`));
  });

  it('reads a sample range as the same samples of the whole record', () => {
    const part = readIshneRecord(path, { startSample: 1234, endSample: 2000 });
    expect(part.startSample).toBe(1234);
    part.adc.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from((record.adc[i] as Int32Array).subarray(1234, 2000))));
  });
});

describe('ISHNE against the WFDB reference', () => {
  it('mitdb100.ecg holds rdsamp’s raw samples minus the 1024 baseline', () => {
    const rows = rdsampRows(fixtureText('rdsamp/100-first10s-raw.txt.gz'));
    const record = readIshneRecord(join(ISHNE_FIXTURES, 'mitdb100.ecg'));
    expect(Array.from(record.adc[0] as Int32Array)).toEqual(rows.map((r) => (r[1] as number) - 1024));
    expect(Array.from(record.adc[1] as Int32Array)).toEqual(rows.map((r) => (r[2] as number) - 1024));
  });
});

describe('crcCcitt', () => {
  it('gives the CRC-16/CCITT-FALSE check value 0x29B1 for "123456789"', () => {
    expect(crcCcitt(Buffer.from('123456789', 'latin1'))).toBe(0x29b1);
  });
});

describe('writeIshne → readIshneRecord round trip', () => {
  const leads = [
    { leadSpec: 5, quality: 2, resolutionNv: 2500, samples: Int16Array.from({ length: 500 }, (_, k) => ((k * 37) % 65536) - 32768) },
    { leadSpec: 16, resolutionNv: 1, samples: Int16Array.from({ length: 500 }, (_, k) => 32767 - k) },
    { leadSpec: 19, resolutionNv: 32767, samples: new Int16Array(500) },
  ];

  it('gives back every field and sample, with the ECG right after a short variable block (offset 522 + 7)', () => {
    const path = join(tmp, 'round.ecg');
    writeIshne(path, {
      samplingRateHz: 1000,
      pacemaker: 5,
      variableBlock: 'Grüße!',
      leads,
      fields: {
        firstName: 'Zoë',
        lastName: 'Ng',
        id: 'X-1',
        sex: 2,
        race: 3,
        birthDate: [2, 3, 1950],
        startTime: [23, 59, 58],
        recorder: 'digital',
      },
    });
    const r = readIshneRecord(path);
    expect(r.ishne.ecgOffset).toBe(ISHNE_HEADER_BYTES + 6);
    expect(r.ishne.variableBlock).toBe('Grüße!');
    expect([r.ishne.firstName, r.ishne.lastName, r.ishne.id, r.ishne.sex, r.ishne.race, r.ishne.birthDate, r.ishne.startTime]).toEqual([
      'Zoë',
      'Ng',
      'X-1',
      2,
      3,
      [2, 3, 1950],
      [23, 59, 58],
    ]);
    expect([r.ishne.pacemaker, r.fsHz, r.ishne.nLeads]).toEqual([5, 1000, 3]);
    expect(r.ishne.leadSpec).toEqual([5, 16, 19, -9, -9, -9, -9, -9, -9, -9, -9, -9]);
    expect(r.ishne.leadQuality.slice(0, 3)).toEqual([2, 0, 0]);
    expect(r.header.signals.map((s) => s.gainAdcPerUnit)).toEqual([400, 1e6, 1e6 / 32767]);
    r.adc.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(leads[i]?.samples ?? [])));
  });

  it.skipIf(!hasSharedData)('round-trips all 650,000 samples of mitdb 107 (paced) as ADC − baseline', () => {
    const wfdb = readRecord(join(SHARED_DATA, 'mitdb/107.hea'));
    const path = join(tmp, '107.ecg');
    writeIshne(path, {
      samplingRateHz: wfdb.fsHz,
      pacemaker: 1,
      leads: wfdb.adc.map((a, i) => ({ leadSpec: i === 0 ? 6 : 11, resolutionNv: 5000, samples: a.map((v) => v - 1024) })),
    });
    const r = readIshneRecord(path);
    expect(r.nSamples).toBe(650000);
    r.adc.forEach((a, i) => expect(a.every((v, k) => v === (wfdb.adc[i]?.[k] as number) - 1024)).toBe(true));
    const tail = readIshneRecord(path, { startSample: 649000 });
    expect(Array.from(tail.adc[1] as Int32Array)).toEqual(Array.from((r.adc[1] as Int32Array).subarray(649000)));
  });

  it('refuses values that do not fit the format, naming the field or lead', () => {
    const base = { samplingRateHz: 200, leads: [{ leadSpec: 6, resolutionNv: 5000, samples: [0, 1] }] };
    expect(() => encodeIshne({ ...base, pacemaker: 6 })).toThrow(/Pacemaker: 6 is not an integer in \[0, 5\]/);
    expect(() => encodeIshne({ ...base, leads: [{ leadSpec: 6, resolutionNv: 5000, samples: [40000] }] })).toThrow(
      /lead 0, sample 0: 40000/,
    );
    expect(() => encodeIshne({ ...base, fields: { firstName: 'x'.repeat(41) } })).toThrow(/First_Name: .* longer than 40 bytes/);
    expect(() => encodeIshne({ ...base, leads: [] })).toThrow(/1–12 leads/);
  });
});

describe('readIshneHeader errors name the file and the problem', () => {
  const valid = encodeIshne({ samplingRateHz: 200, leads: [{ leadSpec: 6, resolutionNv: 5000, samples: [1, 2, 3] }] });
  const fail = (mutate: (b: Uint8Array) => Uint8Array, problem: RegExp): void => {
    const path = join(tmp, 'bad.ecg');
    writeFileSync(path, mutate(valid.slice()));
    expect(() => readIshneHeader(path)).toThrow(WfdbError);
    expect(() => readIshneHeader(path)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${problem.source}`));
  };
  const withCrc = (b: Uint8Array): Uint8Array => {
    new DataView(b.buffer).setUint16(8, crcCcitt(b.subarray(10, ISHNE_HEADER_BYTES)), true);
    return b;
  };

  it('bad CRC, with both values', () =>
    fail((b) => ((b[30] = 65), b), /header CRC mismatch: the file says 0x[0-9a-f]{4}, the header bytes give 0x[0-9a-f]{4}/));
  it('truncated ECG', () => fail((b) => b.slice(0, b.length - 1), /file is 527 bytes but the header .* needs 528 \(truncated\)/));
  it('huge claimed sample count', () =>
    fail(
      (b) => (new DataView(b.buffer).setInt32(14, 0x7fffffff, true), withCrc(b)),
      /file is 528 bytes but .* needs 4294967816 \(truncated\)/,
    ));
  it('huge variable block', () =>
    fail((b) => (new DataView(b.buffer).setInt32(10, 0x7fff0000, true), withCrc(b)), /Offset_ECG_block is 522, but a 2147418112-byte/));
  it('wrong magic', () => fail((b) => ((b[5] = 50), b), /not an ISHNE file: magic number is "ISHNE2.0"/));
  it('annotation file', () => fail((b) => (b.set(Buffer.from('ANN  1.0'), 0), b), /this is an ISHNE annotation file/));
  it('lead count out of range', () =>
    fail((b) => (new DataView(b.buffer).setInt16(156, 13, true), withCrc(b)), /nLeads \(bytes 156–157\) is 13, outside \[1, 12\]/));
  it('absent spec for a present lead', () =>
    fail((b) => (new DataView(b.buffer).setInt16(158, -9, true), withCrc(b)), /lead 0: Lead_Spec is -9/));
  it('pacemaker code', () =>
    fail((b) => (new DataView(b.buffer).setInt16(230, 7, true), withCrc(b)), /Pacemaker .* is 7, outside \[0, 5\]/));
  it('short file', () => fail((b) => b.slice(0, 100), /not an ISHNE file: 100 bytes/));
});
