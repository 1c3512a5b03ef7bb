import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEdfRecord, type EdfRecord } from '../../../../../src/main/core/formats/edf-record';
import { IMPORTED_INVALID_ADC } from '../../../../../src/main/core/formats/imported-record';
import { toPhysical } from '../../../../../src/main/core/wfdb/record';
import { fixtureText, rdsampRows } from '../wfdb/wfdb-test-paths';
import { EDF_FIXTURES, edfFixtureText, parseEdflibDump, within10Digits } from './edf-fixtures';

/** Physical value of sample k of entry i, in double precision, from the record's gain and baseline. */
function physical(record: EdfRecord, i: number, k: number): number {
  const spec = record.header.signals[i];
  if (spec === undefined) throw new Error(`no signal ${i}`);
  return ((record.adc[i]?.[k] as number) - spec.baselineAdc) / spec.gainAdcPerUnit;
}

/** Values printed by biosig's ASCII export (one per line, %g with 6 significant digits). */
function biosigColumn(name: string): number[] {
  return edfFixtureText(name)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

/** |a − b| within what biosig's %g (6 significant digits) print of b can hide. */
function within6Digits(a: number, b: number): boolean {
  return Math.abs(a - b) <= 5e-6 * Math.abs(b) + 1e-12;
}

interface BiosigJson {
  StartOfRecording: string;
  Samplingrate: number;
  CHANNEL: {
    Label: string;
    Samplingrate: number;
    PhysicalMaximum: number;
    PhysicalMinimum: number;
    DigitalMaximum: number;
    DigitalMinimum: number;
  }[];
  EVENT?: { TYP: string; POS: number; TimeStamp: string; Description?: string }[];
}
const biosigJson = (name: string): BiosigJson => JSON.parse(readFileSync(join(EDF_FIXTURES, name), 'utf8')) as BiosigJson;

describe.each([
  ['mitdb100-edflib', 1],
  ['mitdb208-edflib', 0.5],
])('readEdfRecord on %s.edf (written by EDFlib) equals EDFlib’s own reading', (name, recordDurationS) => {
  const dump = parseEdflibDump(edfFixtureText(`${name}.dump.txt.gz`));
  const record = readEdfRecord(join(EDF_FIXTURES, `${name}.edf`));

  it('has EDFlib’s header: EDF+C, record duration and count, start, per-signal ranges, labels, units', () => {
    expect(record.edf.fileType).toBe('EDF+C');
    expect(record.edf.recordDurationS * 1e7).toBe(dump.datarecordDuration100ns);
    expect(record.edf.recordDurationS).toBe(recordDurationS);
    expect(record.edf.nDataRecords).toBe(dump.datarecords);
    const { year, month, day, hour, minute, second } = record.edf.start;
    const pad = (n: number): string => String(n).padStart(2, '0');
    expect(`${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`).toBe(dump.start);
    const ordinary = record.edf.signals.filter((s) => !s.isAnnotation);
    expect(
      ordinary.map((s) => ({
        label: s.label,
        smpInDatarecord: s.samplesPerRecord,
        physMin: s.physicalMin,
        physMax: s.physicalMax,
        digMin: s.digitalMin,
        digMax: s.digitalMax,
        physdim: s.physicalDimension,
      })),
    ).toEqual(dump.signals);
    expect(record.warnings).toEqual([]);
  });

  it('puts the 360 Hz and 120 Hz signals on one 120 Hz frame axis (3, 3 and 1 samples per frame)', () => {
    expect(record.fsHz).toBe(120);
    expect(record.header.signals.map((s) => s.samplesPerFrame)).toEqual([3, 3, 1]);
    expect(record.nSamples).toBe(1200);
    expect(record.gaps).toEqual([]);
  });

  it('has exactly EDFlib’s digital samples, and its physical samples to the printed 10 digits', () => {
    dump.digital.forEach((digital, i) => {
      expect(Array.from(record.adc[i] as Int32Array)).toEqual(digital);
      const printed = dump.physical[i] as number[];
      const bad = printed.findIndex((p, k) => !within10Digits(physical(record, i, k), p));
      expect(bad, `signal ${i}, sample ${bad}`).toBe(-1);
    });
  });

  it('has EDFlib’s annotations: onset (100 ns units), duration text, UTF-8 text', () => {
    const ours = record.annotations.map((a) => ({
      onset100ns: Math.round(a.onsetS * 1e7),
      duration: a.durationS === null ? '' : a.durationS.toFixed(4),
      text: a.text,
    }));
    const sort = <T extends { onset100ns: number; text: string }>(list: T[]): T[] =>
      [...list].sort((a, b) => a.onset100ns - b.onset100ns || a.text.localeCompare(b.text));
    expect(sort(ours)).toEqual(sort(dump.annotations));
    expect(ours.map((a) => a.text)).toContain('Bemerkung: Gerät geprüft');
  });

  it('reads a frame range as the same frames of the whole record', () => {
    const part = readEdfRecord(join(EDF_FIXTURES, `${name}.edf`), { startSample: 50, endSample: 731 });
    expect(part.startSample).toBe(50);
    expect(part.nSamples).toBe(681);
    part.adc.forEach((a, i) => {
      const spf = record.header.signals[i]?.samplesPerFrame ?? 0;
      expect(Array.from(a)).toEqual(Array.from((record.adc[i] as Int32Array).subarray(50 * spf, 731 * spf)));
    });
  });

  it('skips the annotation scan on request, with the same samples', () => {
    const fast = readEdfRecord(join(EDF_FIXTURES, `${name}.edf`), { annotations: false, startSample: 100, endSample: 200 });
    expect(fast.annotations).toEqual([]);
    fast.adc.forEach((a, i) => {
      const spf = record.header.signals[i]?.samplesPerFrame ?? 0;
      expect(Array.from(a)).toEqual(Array.from((record.adc[i] as Int32Array).subarray(100 * spf, 200 * spf)));
    });
  });

  it('reads one 360 Hz signal at 360 Hz with 1 sample per frame, as the analysis needs', () => {
    const one = readEdfRecord(join(EDF_FIXTURES, `${name}.edf`), { signals: [1] });
    expect(one.fsHz).toBe(360);
    expect(one.signalIndices).toEqual([1]);
    expect(Array.from(one.adc[0] as Int32Array)).toEqual(dump.digital[1]);
  });
});

describe('EDFlib file of mitdb 100 against the WFDB reference (rdsamp)', () => {
  it('holds rdsamp’s raw samples of both signals, and every third sample of signal 0 × 8', () => {
    const rows = rdsampRows(fixtureText('rdsamp/100-first10s-raw.txt.gz'));
    const record = readEdfRecord(join(EDF_FIXTURES, 'mitdb100-edflib.edf'));
    expect(Array.from(record.adc[0] as Int32Array)).toEqual(rows.map((r) => r[1]));
    expect(Array.from(record.adc[1] as Int32Array)).toEqual(rows.map((r) => r[2]));
    expect(Array.from(record.adc[2] as Int32Array)).toEqual(rows.filter((_, k) => k % 3 === 0).map((r) => (r[1] as number) * 8));
  });
});

describe('readEdfRecord on mitdb100-biosig.edf (written by biosig save2gdf from WFDB)', () => {
  const record = readEdfRecord(join(EDF_FIXTURES, 'mitdb100-biosig.edf'));
  const json = biosigJson('mitdb100-biosig.biosig.json');

  it('reads biosig’s EDF+C without annotation signal as EDF, with a warning', () => {
    expect(record.edf.fileType).toBe('EDF');
    expect(record.warnings).toEqual(['reserved field says EDF+C but there is no "EDF Annotations" signal; read as plain EDF']);
  });

  it('has biosig’s rate (1/0.002778 s records), labels and ranges', () => {
    expect(record.fsHz.toFixed(6)).toBe(json.Samplingrate.toFixed(6));
    expect(record.header.signals.map((s) => s.description)).toEqual(json.CHANNEL.map((c) => c.Label));
    expect(record.edf.signals.map((s) => [s.physicalMin, s.physicalMax, s.digitalMin, s.digitalMax])).toEqual(
      json.CHANNEL.map((c) => [c.PhysicalMinimum, c.PhysicalMaximum, c.DigitalMinimum, c.DigitalMaximum]),
    );
  });

  it('has biosig’s physical samples to its printed 6 digits, and the WFDB values to the 16-bit rescaling', () => {
    const rows = rdsampRows(fixtureText('rdsamp/100-first10s-physical.txt.gz'));
    [1, 2].forEach((c, i) => {
      const printed = biosigColumn(`mitdb100-biosig.biosig.a0${c}.gz`);
      expect(printed).toHaveLength(record.nSamples);
      const bad = printed.findIndex((p, k) => !within6Digits(physical(record, i, k), p));
      expect(bad, `signal ${i}, sample ${bad}`).toBe(-1);
      const step = 1 / Math.abs(record.header.signals[i]?.gainAdcPerUnit ?? 1);
      const off = rows.findIndex((r, k) => Math.abs(physical(record, i, k) - (r[c] as number)) > step);
      expect(off, `signal ${i}, sample ${off} vs rdsamp`).toBe(-1);
    });
  });
});

describe('readEdfRecord on mitdb208-edfplus-d.edf (EDF+D: records 8–11 of the EDFlib file deleted)', () => {
  const path = join(EDF_FIXTURES, 'mitdb208-edfplus-d.edf');
  const record = readEdfRecord(path);
  const source = readEdfRecord(join(EDF_FIXTURES, 'mitdb208-edflib.edf'));
  const json = biosigJson('mitdb208-edfplus-d.biosig.json');

  it('keeps the 2-s gap as 240 frames of invalid samples, not glued', () => {
    expect(record.edf.fileType).toBe('EDF+D');
    expect(record.gaps).toEqual([{ startSample: 480, endSample: 720 }]);
    expect(record.nSamples).toBe(1200);
    const mv = toPhysical(record, 0);
    expect(mv.subarray(480 * 3, 720 * 3).every((v) => Number.isNaN(v))).toBe(true);
    expect((record.adc[2] as Int32Array).subarray(480, 720).every((v) => v === IMPORTED_INVALID_ADC)).toBe(true);
  });

  it('has the EDF+C source’s samples outside the gap', () => {
    record.adc.forEach((a, i) => {
      const spf = record.header.signals[i]?.samplesPerFrame ?? 0;
      const src = source.adc[i] as Int32Array;
      expect(Array.from(a.subarray(0, 480 * spf))).toEqual(Array.from(src.subarray(0, 480 * spf)));
      expect(Array.from(a.subarray(720 * spf))).toEqual(Array.from(src.subarray(720 * spf)));
    });
  });

  it('starts each data record where biosig’s segment events put it in clock time', () => {
    const starts = (json.EVENT ?? []).filter((e) => e.TYP === '0x7ffe').map((e) => Date.parse(e.TimeStamp.replace(' ', 'T') + 'Z'));
    const origin = Date.parse(json.StartOfRecording.replace(' ', 'T') + 'Z');
    const framesFromBiosig = starts.map((t) => Math.round(((t - origin) / 1000) * record.fsHz));
    const ours = [...Array(record.edf.nDataRecords).keys()].map((r) => (r < 8 ? r * 60 : 720 + (r - 8) * 60));
    expect(framesFromBiosig).toEqual(ours);
  });

  it('has biosig’s physical samples (glued in its export) in the frames outside the gap, to 6 digits', () => {
    const glued = (i: number, spf: number): number[] => {
      const all = Array.from({ length: record.nSamples * spf }, (_, k) => physical(record, i, k));
      return [...all.slice(0, 480 * spf), ...all.slice(720 * spf)];
    };
    [1, 2, 3].forEach((c, i) => {
      const printed = biosigColumn(`mitdb208-edfplus-d.biosig.a0${c}.gz`);
      const ours = glued(i, record.header.signals[i]?.samplesPerFrame ?? 0);
      expect(printed).toHaveLength(ours.length);
      const bad = printed.findIndex((p, k) => !within6Digits(ours[k] as number, p));
      expect(bad, `signal ${i}, sample ${bad}`).toBe(-1);
    });
  });

  it('keeps the annotations of the remaining records, at their original onsets', () => {
    const kept = source.annotations.filter((a) => a.dataRecord < 8 || a.dataRecord > 11);
    expect(record.annotations.map((a) => [a.onsetS, a.text, a.onsetSample])).toEqual(kept.map((a) => [a.onsetS, a.text, a.onsetSample]));
  });

  it('reads a frame range across the gap', () => {
    const part = readEdfRecord(path, { startSample: 470, endSample: 730, signals: [2] });
    const a = part.adc[0] as Int32Array;
    expect(Array.from(a.subarray(0, 10))).toEqual(Array.from((record.adc[2] as Int32Array).subarray(470, 480)));
    expect(a.subarray(10, 250).every((v) => v === IMPORTED_INVALID_ADC)).toBe(true);
    expect(Array.from(a.subarray(250))).toEqual(Array.from((record.adc[2] as Int32Array).subarray(720, 730)));
  });
});
