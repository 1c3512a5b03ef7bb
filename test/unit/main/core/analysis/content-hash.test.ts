import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordContentHash } from '../../../../../src/main/core/analysis/content-hash';
import { parseHeader } from '../../../../../src/main/core/wfdb/header';
import { FIXTURES } from '../wfdb/wfdb-test-paths';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function recordWithNullSignal(): { hea: string; dat: string } {
  const dir = mkdtempSync(join(tmpdir(), 'content-hash-test-'));
  dirs.push(dir);
  const dat = join(dir, '100.dat');
  copyFileSync(join(FIXTURES, 'excerpts/100.dat'), dat);
  const hea = join(dir, '100.hea');
  writeFileSync(hea, '100 3 360 3600\n100.dat 212 200 11 1024 995\n~ 0 200 12 0 0 0 0 spare\n100.dat 212 200 11 1024 1011\n');
  return { hea, dat };
}

describe('recordContentHash', () => {
  it('hashes the header then each distinct signal file, skipping a null signal (~) instead of opening it', async () => {
    const { hea, dat } = recordWithNullSignal();
    const header = parseHeader(readFileSync(hea, 'latin1'), hea);
    const expected = createHash('sha256').update(readFileSync(hea)).update(readFileSync(dat)).digest('hex');
    expect(await recordContentHash(hea, header)).toBe(expected);
  });

  it('refuses a signal file outside the record folder, naming the header', async () => {
    const { hea } = recordWithNullSignal();
    const header = parseHeader('100 1 360\n../../../../etc/passwd 8\n', hea);
    await expect(recordContentHash(hea, header)).rejects.toThrow(
      `${hea}: signal 0 file '../../../../etc/passwd' is outside the record's folder`,
    );
  });
});
