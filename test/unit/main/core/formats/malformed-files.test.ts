import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryMutations, type MutationCase } from '../../../../../scripts/malformed/binary-mutations';
import { edfFields, fixIshneCrc, ISHNE_FIELDS } from '../../../../../scripts/malformed/format-fields';
import { readEdfRecord } from '../../../../../src/main/core/formats/edf-record';
import type { ImportedRecord } from '../../../../../src/main/core/formats/imported-record';
import { readIshneRecord } from '../../../../../src/main/core/formats/ishne-record';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { FIXTURES } from '../wfdb/wfdb-test-paths';

/**
 * Bad-file corpora: seeded mutations of the committed fixtures (scripts/malformed/binary-mutations.ts). Each mutated
 * file must either read correctly or fail with a WfdbError naming that file; nothing else may be thrown, and a
 * successful read may not hold more samples than the file's bytes (plus the EDF+D gap-fill bound) justify.
 */

const tmp = mkdtempSync(join(tmpdir(), 'malformed-formats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Outcome {
  read: number;
  rejected: number;
  failures: string[];
}

function runCorpus(
  cases: MutationCase[],
  extension: string,
  read: (path: string) => ImportedRecord,
  maxSamples: (fileBytes: number) => number,
): Outcome {
  const outcome: Outcome = { read: 0, rejected: 0, failures: [] };
  cases.forEach((c, k) => {
    const path = join(tmp, `${k}-${c.kind}${extension}`);
    writeFileSync(path, c.bytes);
    try {
      const record = read(path);
      const samples = record.adc.reduce((n, a) => n + a.length, 0);
      const expected = record.header.signals.reduce((n, s) => n + s.samplesPerFrame * record.nSamples, 0);
      if (samples !== expected) outcome.failures.push(`${c.name}: read ${samples} samples, the header shape says ${expected}`);
      else if (samples > maxSamples(c.bytes.length))
        outcome.failures.push(`${c.name}: read ${samples} samples from ${c.bytes.length} bytes`);
      else outcome.read++;
    } catch (err) {
      if (!(err instanceof WfdbError)) outcome.failures.push(`${c.name}: threw ${String(err)}`);
      else if (err.file !== path || !err.message.startsWith(`${path}: `) || err.problem.length < 10)
        outcome.failures.push(`${c.name}: unclear error "${err.message}"`);
      else outcome.rejected++;
    }
  });
  return outcome;
}

describe('bad EDF files (seeded mutations of the EDFlib, EDF+D and biosig fixtures)', () => {
  const sources: [string, number][] = [
    ['edf/mitdb208-edflib.edf', 5],
    ['edf/mitdb208-edfplus-d.edf', 5],
    ['edf/mitdb100-biosig.edf', 2],
  ];
  it.each(sources)('%s: every mutation reads correctly or gives a WfdbError naming the file', (name, ns) => {
    const valid = new Uint8Array(readFileSync(join(FIXTURES, '..', name)));
    const cases = binaryMutations(20261201, valid, { fields: edfFields(ns), count: 200 });
    expect(cases.length).toBeGreaterThanOrEqual(200);
    // Data samples come from the file (2 bytes each); gaps may add at most maxGapSamples.
    const outcome = runCorpus(
      cases,
      '.edf',
      (p) => readEdfRecord(p),
      (bytes) => bytes / 2 + 2 ** 25,
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.rejected).toBeGreaterThan(cases.length / 2);
  });
});

describe('bad ISHNE files (seeded mutations of the mitdb fixtures, half with the CRC re-computed)', () => {
  it.each(['ishne/mitdb100.ecg', 'ishne/mitdb107.ecg'])(
    '%s: every mutation reads correctly or gives a WfdbError naming the file',
    (name) => {
      const valid = new Uint8Array(readFileSync(join(FIXTURES, '..', name)));
      const cases = binaryMutations(1998, valid, { fields: ISHNE_FIELDS, fixup: fixIshneCrc, count: 200 });
      expect(cases.length).toBeGreaterThanOrEqual(200);
      const outcome = runCorpus(
        cases,
        '.ecg',
        (p) => readIshneRecord(p),
        (bytes) => bytes / 2,
      );
      expect(outcome.failures).toEqual([]);
      expect(outcome.rejected).toBeGreaterThan(cases.length / 2);
    },
  );
});

describe('binaryMutations', () => {
  const valid = Uint8Array.from({ length: 300 }, (_, i) => 48 + (i % 10));
  it('is reproducible from the seed and differs between seeds', () => {
    const a = binaryMutations(7, valid, { count: 50 });
    expect(binaryMutations(7, valid, { count: 50 })).toEqual(a);
    expect(binaryMutations(8, valid, { count: 50 }).map((c) => c.name)).not.toEqual(a.map((c) => c.name));
  });
  it('never returns the valid file, and names each case uniquely', () => {
    const cases = binaryMutations(3, valid, {
      fields: [{ name: 'n', offset: 10, width: 8, kind: 'ascii-number' }],
      fixup: (b) => b.fill(48, 0, 1),
      count: 120,
    });
    expect(cases.every((c) => c.bytes.length !== valid.length || c.bytes.some((v, i) => v !== valid[i]))).toBe(true);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.some((c) => c.name === 'field-number:n=99999999')).toBe(true);
    expect(cases.some((c) => c.name.endsWith('+fixup'))).toBe(true);
  });
});
