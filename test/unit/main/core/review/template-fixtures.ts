import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReferenceBeatLabels } from '../../../../../src/main/core/evaluate/reference-beat-labels';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';

/** 60 s of MIT-BIH 119 (ventricular bigeminy: 41 N, 25 V), see test/fixtures/beats/README.md. */
export const EXCERPT_119 = join(REPO_ROOT, 'test/fixtures/beats/119x.hea');

/** The excerpt's reference beats (AAMI classes). */
export function excerptBeats(): ReturnType<typeof readReferenceBeatLabels> {
  return readReferenceBeatLabels(join(REPO_ROOT, 'test/fixtures/beats/119x.atr'));
}

/**
 * Writes a one-signal WFDB record (format 16, 360 Hz, 200 adu/mV) into a fresh temporary folder.
 * @param adc - the samples in ADC units (−32768 is WFDB's invalid sample, read as NaN)
 * @returns the header path
 */
export function writeRecord(name: string, adc: Int16Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'templates-'));
  writeFileSync(join(dir, `${name}.dat`), new Uint8Array(adc.buffer, adc.byteOffset, adc.byteLength));
  writeFileSync(join(dir, `${name}.hea`), `${name} 1 360 ${adc.length}\n${name}.dat 16 200 16 0 0 0 0 ECG\n`);
  return join(dir, `${name}.hea`);
}
