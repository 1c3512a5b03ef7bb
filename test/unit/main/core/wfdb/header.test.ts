import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { parseHeader } from '../../../../../src/main/core/wfdb/header';
import { FIXTURES, fixtureText } from './wfdb-test-paths';

/** The fields `wfdbdesc` prints, parsed from its output. */
interface Desc {
  record: string;
  notes: string[];
  nSamples: number;
  fsHz: number;
  nSignals: number;
  signals: {
    file: string;
    description: string;
    gain: number;
    uncalibrated: boolean;
    initialValue: number;
    format: number;
    adcRes: number;
    adcZero: number;
    baseline: number;
    checksum: number;
  }[];
}

function parseDesc(text: string): Desc {
  const lines = text.split('\n');
  const value = (line: string): string => line.slice(line.indexOf(':') + 1).trim();
  const desc: Desc = { record: '', notes: [], nSamples: NaN, fsHz: NaN, nSignals: NaN, signals: [] };
  let inNotes = false;
  for (const line of lines) {
    if (line.startsWith('Record ')) desc.record = line.slice(7).trim();
    else if (line.startsWith('=====')) inNotes = !inNotes;
    else if (inNotes) desc.notes.push(line.trim());
    else if (line.startsWith('Length:')) desc.nSamples = Number(/\((\d+) sample intervals\)/.exec(line)?.[1]);
    else if (line.startsWith('Sampling frequency:')) desc.fsHz = Number(/([\d.]+) Hz/.exec(line)?.[1]);
    else if (/^\d+ signals?$/.test(line)) desc.nSignals = Number(line.split(' ')[0]);
    else if (line.startsWith('Group '))
      desc.signals.push({
        file: '',
        description: '',
        gain: NaN,
        uncalibrated: false,
        initialValue: NaN,
        format: NaN,
        adcRes: NaN,
        adcZero: NaN,
        baseline: NaN,
        checksum: NaN,
      });
    else {
      const s = desc.signals[desc.signals.length - 1];
      if (s === undefined) continue;
      const t = line.trim();
      if (t.startsWith('File:')) s.file = value(t);
      else if (t.startsWith('Description:')) s.description = value(t);
      else if (t.startsWith('Gain:')) {
        s.uncalibrated = t.includes('uncalibrated');
        s.gain = Number(/([\d.]+) adu\//.exec(t)?.[1]);
      } else if (t.startsWith('Initial value:')) s.initialValue = Number(value(t));
      else if (t.startsWith('Storage format:')) s.format = Number(value(t));
      else if (t.startsWith('ADC resolution:')) s.adcRes = Number(value(t).split(' ')[0]);
      else if (t.startsWith('ADC zero:')) s.adcZero = Number(value(t));
      else if (t.startsWith('Baseline:')) s.baseline = Number(value(t));
      else if (t.startsWith('Checksum:')) s.checksum = Number(value(t));
    }
  }
  return desc;
}

describe('parseHeader against wfdbdesc (WFDB 10.7.0)', () => {
  for (const record of ['100', '418', 'ma', '118e06']) {
    it(`matches wfdbdesc ${record}`, () => {
      const path = join(FIXTURES, 'headers', `${record}.hea`);
      const header = parseHeader(readFileSync(path, 'latin1'), path);
      const desc = parseDesc(fixtureText(`rdsamp/${record}.desc.txt`));
      expect(header.recordName).toBe(desc.record);
      expect(header.nSamples).toBe(desc.nSamples);
      expect(header.fsHz).toBe(desc.fsHz);
      expect(header.nSignals).toBe(desc.nSignals);
      expect(header.comments).toEqual(desc.notes);
      expect(header.baseTime).toBeNull();
      header.signals.forEach((s, i) => {
        const d = desc.signals[i];
        expect(d).toBeDefined();
        expect(s.fileName).toBe(d?.file);
        expect(s.description).toBe(d?.description);
        expect(s.gainAdcPerUnit).toBe(d?.gain);
        expect(s.units).toBe('mV');
        expect(s.initialValue).toBe(d?.initialValue);
        expect(s.format).toBe(d?.format);
        expect(s.adcResolutionBits).toBe(d?.adcRes);
        expect(s.adcZero).toBe(d?.adcZero);
        expect(s.baselineAdc).toBe(d?.baseline);
        expect(s.checksum).toBe(d?.checksum);
      });
    });
  }

  it('reads gain 0 as the WFDB default 200 (nstdb ma is uncalibrated)', () => {
    const desc = parseDesc(fixtureText('rdsamp/ma.desc.txt'));
    expect(desc.signals.every((s) => s.uncalibrated)).toBe(true);
    const header = parseHeader(fixtureText('headers/ma.hea'), 'ma.hea');
    expect(header.signals.map((s) => s.gainAdcPerUnit)).toEqual([200, 200]);
  });
});

describe('parseHeader field syntax (header-5 spec)', () => {
  it('parses fs/counter(base), base time and date, spf, skew, offset, gain(baseline)/units', () => {
    const h = parseHeader(
      [
        '# leading comment',
        'rec 2 250/1000(12) 5000 10:20:30.5 31/12/2001',
        'rec.dat 16x2:3+512 200(500)/uV 12 2048 7 -99 0 Channel A, lead II',
        'rec.dat 16',
        '#trailing',
      ].join('\r\n'),
      'rec.hea',
    );
    expect(h).toMatchObject({
      recordName: 'rec',
      nSignals: 2,
      fsHz: 250,
      counterFreqHz: 1000,
      nSamples: 5000,
      baseTime: '10:20:30.5',
      baseDate: '31/12/2001',
      comments: ['leading comment', 'trailing'],
    });
    expect(h.signals[0]).toEqual({
      fileName: 'rec.dat',
      format: 16,
      samplesPerFrame: 2,
      skew: 3,
      byteOffset: 512,
      gainAdcPerUnit: 200,
      baselineAdc: 500,
      units: 'uV',
      adcResolutionBits: 12,
      adcZero: 2048,
      initialValue: 7,
      checksum: -99,
      blockSize: 0,
      description: 'Channel A, lead II',
    });
    // Missing fields take WFDB's defaults: gain 200, units mV, 16 bits for format 16, zero 0, baseline = zero.
    expect(h.signals[1]).toEqual({
      fileName: 'rec.dat',
      format: 16,
      samplesPerFrame: 1,
      skew: 0,
      byteOffset: 0,
      gainAdcPerUnit: 200,
      baselineAdc: 0,
      units: 'mV',
      adcResolutionBits: 16,
      adcZero: 0,
      initialValue: 0,
      checksum: null,
      blockSize: 0,
      description: 'record rec, signal 1',
    });
  });

  it('defaults fs to 250 Hz and the sample count to 0', () => {
    const h = parseHeader('x 1\nx.dat 212 100 0 1024', 'x.hea');
    expect(h.fsHz).toBe(250);
    expect(h.counterFreqHz).toBeNull();
    expect(h.nSamples).toBe(0);
    expect(h.signals[0]).toMatchObject({
      gainAdcPerUnit: 100,
      adcResolutionBits: 12,
      adcZero: 1024,
      baselineAdc: 1024,
      initialValue: 1024,
    });
  });

  it('accepts a record without signals', () => {
    expect(parseHeader('annonly 0 360 1000', 'a.hea').signals).toEqual([]);
  });

  const bad: [string, string, RegExp][] = [
    ['empty header', '\n# only a comment\n', /no record line/],
    ['multi-segment header', 'multi/3 2 360 1000\nseg1 500\nseg2 500\nseg3 0', /multi-segment/],
    ['binary garbage', '\u0000\u0001\u00ff\u0012 \u0007 360\n', /not a valid record name/],
    ['a record line without a signal count', 'garbage', /needs at least a record name and a signal count/],
    ['non-numeric signal count', 'rec two 360', /signal count 'two' is not an integer/],
    ['bad frequency', 'rec 1 fast\nrec.dat 16', /sampling frequency 'fast'/],
    ['zero frequency', 'rec 1 0\nrec.dat 16', /sampling frequency '0' is impossible \(WFDB field fs\)/],
    ['missing signal lines', 'rec 2 360 100\nrec.dat 212', /announces 2 signals but only 1/],
    ['bad format field', 'rec 1 360\nrec.dat 16q', /format '16q'/],
    ['bad gain field', 'rec 1 360\nrec.dat 16 abc/mV', /ADC gain 'abc' is not a number \(WFDB field adc_gain\)/],
    ['unbalanced gain field', 'rec 1 360\nrec.dat 16 200(5/mV', /gain '200\(5\/mV' is not gain\[\(baseline\)\]\[\/units\]/],
    ['bad ADC zero', 'rec 1 360\nrec.dat 16 200 12 zero', /ADC zero 'zero'/],
    ['extra lines', 'rec 1 360\nrec.dat 16\nmore.dat 16', /unexpected text after the 1 signal lines/],
    ['bad base date', 'rec 1 360 100 10:00:00 yesterday\nrec.dat 16', /base date/],
  ];
  for (const [what, text, problem] of bad) {
    it(`rejects ${what} with a WfdbError naming the file`, () => {
      const call = (): unknown => parseHeader(text, '/some/dir/rec.hea');
      expect(call).toThrow(WfdbError);
      expect(call).toThrow(/^\/some\/dir\/rec\.hea: /);
      expect(call).toThrow(problem);
    });
  }
});

describe('parseHeader field table: impossible values rejected, unusual values warned', () => {
  const signalLine = (gain: string, res = '12', zero = '0'): string => `rec 1 360 100\nrec.dat 16 ${gain} ${res} ${zero}`;
  const impossible: [string, string, RegExp][] = [
    ['a negative gain', signalLine('-200'), /signal 0 ADC gain '-200' is impossible \(WFDB field adc_gain\)/],
    ['a gain of 1e-300', signalLine('1e-300'), /ADC gain '1e-300' is impossible/],
    ['a gain of 1e-37', signalLine('1e-37/mV'), /ADC gain '1e-37' is impossible/],
    ['a gain of 1e300', signalLine('1e300'), /ADC gain '1e300' is impossible/],
    ['a gain that overflows to Infinity', signalLine('1e400'), /ADC gain '1e400' is impossible/],
    ['a baseline of 99999999999', signalLine('200(99999999999)'), /baseline '99999999999' is impossible \(WFDB field baseline\)/],
    [
      'a sampling frequency of 1 Hz',
      'rec 1 1 100\nrec.dat 16',
      /sampling frequency '1' is impossible \(WFDB field fs\): it must be 50 to 20000 Hz/,
    ],
    ['a sampling frequency of 0.01 Hz', 'rec 1 0.01 100\nrec.dat 16', /sampling frequency '0.01' is impossible/],
    ['a sampling frequency of 1e6 Hz', 'rec 1 1e6 100\nrec.dat 16', /sampling frequency '1e6' is impossible/],
    ['an ADC resolution of 64 bits', signalLine('200', '64'), /ADC resolution '64' is impossible \(WFDB field adc_res\)/],
    ['an ADC resolution of -5 bits', signalLine('200', '-5'), /ADC resolution '-5' is impossible/],
    ['more signals than the limit', 'rec 65 360 100', /signal count '65' is impossible \(WFDB field n_sig\): it must be 0 to 64/],
    [
      'a sample count past the limit',
      'rec 1 360 1000000000000\nrec.dat 16',
      /sample count \(frames per signal\) '1000000000000' is impossible/,
    ],
    ['too many samples per frame', 'rec 1 360 100\nrec.dat 16x1000000000', /samples per frame '1000000000' is impossible/],
    ['zero samples per frame', 'rec 1 360 100\nrec.dat 16x0', /samples per frame '0' is impossible/],
    ['a checksum wider than 16 bits', 'rec 1 360 100\nrec.dat 16 200 12 0 0 70000', /checksum '70000' is impossible/],
    ['a non-numeric counter frequency', 'rec 1 360/abc 100\nrec.dat 16', /counter frequency 'abc' is not a number/],
    ['non-ASCII units', 'rec 1 360 100\nrec.dat 16 200/m\u00e9V', /units 'm\?V' are not a short printable name/],
  ];
  for (const [what, text, problem] of impossible) {
    it(`rejects ${what}, naming the file, line and WFDB field`, () => {
      const call = (): unknown => parseHeader(text, '/d/rec.hea');
      expect(call).toThrow(WfdbError);
      expect(call).toThrow(/^\/d\/rec\.hea: line \d: /);
      expect(call).toThrow(problem);
    });
  }

  it('accepts WFDB 0 as "default" for gain and ADC resolution, without a warning', () => {
    const h = parseHeader(signalLine('0', '0'), 'rec.hea');
    expect(h.signals[0]).toMatchObject({ gainAdcPerUnit: 200, adcResolutionBits: 16 });
    expect(h.warnings).toEqual([]);
  });

  it('warns (does not reject) on a low sampling frequency, a tiny gain and a baseline outside the ADC range', () => {
    const h = parseHeader('rec 1 60 100\nrec.dat 16 0.5(5000) 12 0', 'rec.hea');
    expect(h.fsHz).toBe(60);
    expect(h.signals[0]).toMatchObject({ gainAdcPerUnit: 0.5, baselineAdc: 5000 });
    expect(h.warnings).toHaveLength(3);
    expect(h.warnings[0]).toMatch(/^line 1: sampling frequency 60 is unusual \(WFDB field fs\): ordinary values are 100 to 2000 Hz$/);
    expect(h.warnings[1]).toMatch(/^line 2: signal 0 baseline 5000 lies outside the 12-bit ADC range/);
    expect(h.warnings[2]).toMatch(/^line 2: signal 0 ADC gain 0.5 is unusual \(WFDB field adc_gain\)/);
  });

  it('gives no warnings for the real records', () => {
    for (const record of ['100', '418', 'ma', '118e06']) {
      expect(parseHeader(fixtureText(`headers/${record}.hea`), `${record}.hea`).warnings).toEqual([]);
    }
  });

  it('does not quote more than 40 characters of a bad field, and shows control bytes as ?', () => {
    const call = (): unknown => parseHeader(`rec 1 ${'x'.repeat(500)}\u0001`, 'rec.hea');
    expect(call).toThrow(/sampling frequency 'x{40}…' is not a number/);
  });
});
