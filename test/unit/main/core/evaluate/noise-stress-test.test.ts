import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noiseStressTest, nstProtocol } from '../../../../../src/main/core/evaluate/noise-stress-test';
import { readAnnotations } from '../../../../../src/main/core/wfdb/annotations';
import { encodeRecord212 } from '../../../../../src/main/core/wfdb/encode-record-212';
import { readRecord } from '../../../../../src/main/core/wfdb/record';
import { SHARED_DATA } from './bxb-report';

const NST_REF = join(SHARED_DATA, '..', 'reference', 'nst');
const hasNst = existsSync(join(SHARED_DATA, 'nstdb', 'em.hea')) && existsSync(join(NST_REF, 'sha256-dat.txt'));

/** `nst -i 118 NOISE -o 118NOISE06 -s 6 -F 212` (WFDB 10.7.0), encoded the way nst writes it. */
function make118(noiseName: string): { headerText: string; sha256: string; gains: number[][] } {
  const clean = readRecord(join(SHARED_DATA, 'mitdb', '118.hea'));
  const noise = readRecord(join(SHARED_DATA, 'nstdb', `${noiseName}.hea`));
  const r = noiseStressTest(clean, readAnnotations(join(SHARED_DATA, 'mitdb', '118.atr')), noise, 6);
  const signals = r.adc.map((adc, i) => {
    const s = clean.header.signals[i];
    if (s === undefined) throw new Error('signal');
    return {
      adc,
      gainAdcPerMv: s.gainAdcPerUnit,
      baselineAdc: s.baselineAdc,
      adcResolutionBits: s.adcResolutionBits,
      adcZero: 0,
      description: s.description,
    };
  });
  const e = encodeRecord212(`118${noiseName}06`, clean.fsHz, signals, [
    ` Created by \`nst' from records 118 and ${noiseName} (SNR = 6 dB)`,
  ]);
  return { headerText: e.headerText, sha256: createHash('sha256').update(e.dat).digest('hex'), gains: r.protocol.map((p) => p.gains) };
}

describe('nstProtocol', () => {
  it('switches the gain nsr · asig / anoise on at 5:00 and off 2 min later, alternating, zero at the end', () => {
    const { protocol, gains } = nstProtocol([400, 200], [10, 20], 0, 360 * 60 * 10, 360);
    const nsr = Math.SQRT2 / 4;
    expect(gains[0]).toBeCloseTo((nsr * 400) / 10, 12);
    expect(gains[1]).toBeCloseTo((nsr * 200) / 20, 12);
    expect(protocol.map((p) => p.sample)).toEqual([108000, 151200, 194400, 216000]);
    expect(protocol.map((p) => p.gains[0])).toEqual([14.1421, 0, 14.1421, 0]);
  });

  it('gives a tenfold smaller gain for 20 dB more SNR', () => {
    const a = nstProtocol([300], [7], 6, 400000, 360).gains[0] as number;
    const b = nstProtocol([300], [7], 26, 400000, 360).gains[0] as number;
    expect(a / b).toBeCloseTo(10, 10);
  });
});

describe.skipIf(!hasNst)('noiseStressTest against WFDB nst outputs (skipped without ../shared/data and ../shared/reference/nst)', () => {
  const shaOf = (name: string): string => {
    const line = readFileSync(join(NST_REF, 'sha256-dat.txt'), 'utf8')
      .split('\n')
      .find((l) => l.trim().endsWith(` ${name}`));
    return line?.split(/\s+/)[0] ?? 'missing';
  };
  const protocolGains = (noiseName: string): number[][] =>
    readFileSync(join(NST_REF, `protocol-${noiseName}-6dB.txt`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (l.split('\t')[1] ?? '').trim().split(' ').map(Number));

  for (const noiseName of ['em', 'ma', 'bw']) {
    it(`118 + ${noiseName} at 6 dB is byte for byte nst's 118${noiseName}06 (.dat SHA-256, .hea text, protocol gains)`, () => {
      const made = make118(noiseName);
      expect(made.sha256).toBe(shaOf(`118${noiseName}06.dat`));
      expect(made.headerText).toBe(readFileSync(join(NST_REF, `118${noiseName}06.hea`), 'latin1'));
      expect(made.gains).toEqual(protocolGains(noiseName));
    });
  }

  it("118 + em at 6 dB equals nstdb's published 118e06.dat", () => {
    expect(make118('em').sha256).toBe(shaOf('nstdb/118e06.dat'));
  });
});
