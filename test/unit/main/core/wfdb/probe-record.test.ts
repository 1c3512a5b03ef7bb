import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeRecord } from '../../../../../src/main/core/wfdb/probe-record';
import { FIXTURES } from './wfdb-test-paths';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-record-test-'));
  dirs.push(dir);
  return dir;
};

describe('probeRecord', () => {
  it('gives the header and length of a real record (the length from the file when the header has none)', () => {
    const hea = join(FIXTURES, 'excerpts/100.hea');
    const probe = probeRecord(hea);
    expect(probe).toMatchObject({ headerPath: hea, nSamples: 3600, warnings: [] });
    expect(probe.header.signals.map((s) => s.description)).toEqual(['MLII', 'V5']);
    const dir = tmp();
    writeFileSync(join(dir, 'r.dat'), Buffer.alloc(2 * 1234));
    writeFileSync(join(dir, 'r.hea'), 'r 1 360\nr.dat 16\n');
    expect(probeRecord(join(dir, 'r.hea')).nSamples).toBe(1234);
  });

  it('returns unusual header values as warnings naming the header file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'r.dat'), Buffer.alloc(200));
    writeFileSync(join(dir, 'r.hea'), 'r 1 60 100\nr.dat 16 0.5\n');
    const { warnings } = probeRecord(join(dir, 'r.hea'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(
      `${join(dir, 'r.hea')}: line 1: sampling frequency 60 is unusual (WFDB field fs): ordinary values are 100 to 2000 Hz`,
    );
    expect(warnings[1]).toMatch(/r\.hea: line 2: signal 0 ADC gain 0\.5 is unusual/);
  });

  it('refuses a length claim the files do not back, before reading or allocating anything', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'r.dat'), '');
    truncateSync(join(dir, 'r.dat'), 1000);
    writeFileSync(join(dir, 'r.hea'), 'r 2 360 2000000000\nr.dat 16\nr.dat 16\n');
    expect(() => probeRecord(join(dir, 'r.hea'))).toThrow(
      `${join(dir, 'r.dat')}: signal file too short: 1000 bytes hold 250 frames, the header needs 2000000000 frames (8000000000 bytes)`,
    );
  });
});
