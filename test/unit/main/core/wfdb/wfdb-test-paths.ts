import type { Annotation } from '../../../../../src/main/core/wfdb/annotations';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

/** Repository root (this file is test/unit/main/core/wfdb/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
/** Small committed excerpts and WFDB outputs (see test/fixtures/wfdb/README.md). */
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/wfdb');
/** Shared PhysioNet data (read-only, outside the repository; tests using it skip when absent). */
export const SHARED_DATA = join(REPO_ROOT, '../shared/data');
/** Shared WFDB 10.7.0 reference outputs (outside the repository). */
export const SHARED_REFERENCE = join(REPO_ROOT, '../shared/reference');
/** Unpacked PhysioNet/CinC 2017 training set (git-ignored). */
export const CHALLENGE_2017 = join(REPO_ROOT, 'data/physionet2017');

export const hasSharedData = existsSync(join(SHARED_DATA, 'mitdb/RECORDS'));
export const hasSharedReference = existsSync(join(SHARED_REFERENCE, 'formats/a103l.hea'));
export const hasChallenge2017 = existsSync(join(CHALLENGE_2017, 'REFERENCE.csv'));

/** Text of a fixture file, gunzipped when it ends in .gz. */
export function fixtureText(relativePath: string): string {
  const bytes = readFileSync(join(FIXTURES, relativePath));
  return (relativePath.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
}

/** Rows of an `rdsamp` dump: column 0 is the sample number or time, then one number per signal. */
export function rdsampRows(text: string): number[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/).map(Number));
}

/** One line of an `rdann` dump: the fields of an annotation. */
export type RdannLine = Annotation;

/** Parses `rdann` default output: time, sample, type, subtyp, chan, num, then a tab and the aux string if any. */
export function rdannLines(text: string): RdannLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [fields = '', aux] = line.split('\t');
      const [, sample, symbol = '', subtype, chan, num] = fields.trim().split(/\s+/);
      return { sample: Number(sample), symbol, subtype: Number(subtype), chan: Number(chan), num: Number(num), aux: aux ?? null };
    });
}
