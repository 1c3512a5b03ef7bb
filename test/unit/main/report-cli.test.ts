/**
 * `npm run report` (`src/main/report-cli.ts`, run as a child process through tsx) on a case reviewed and signed in a
 * real database file (`test/unit/main/core/exports/reviewed-case.ts`: the mitdb 203 excerpt with its reference beats,
 * relabels, an artefact stretch, an added strip): the PDF it writes names the reviewer and the signer with role and
 * time as stored, has no PRELIMINARY, excludes the artefact time and prints the added strip; the export is in the
 * audit trail with the signed status. Then the case is reopened, and the next PDF is PRELIMINARY on every page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewEditor } from '../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../src/main/core/store/review-store';
import { storeReviewedCase } from './core/exports/reviewed-case';

const PDFTOTEXT = '/usr/bin/pdftotext';
const root = resolve(import.meta.dirname, '../../..');

/** Runs the report CLI. @returns its stderr */
function report(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/main/report-cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function pdfPages(path: string): string[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
  return Array.from({ length: pages }, (_, i) =>
    execFileSync(PDFTOTEXT, ['-layout', '-f', String(i + 1), '-l', String(i + 1), path, '-'], { encoding: 'utf8' }),
  );
}

describe.skipIf(!existsSync(PDFTOTEXT))('report CLI on a reviewed and signed case in the database', () => {
  let dir: string;
  let dbPath: string;
  let recordId: number;
  let signedAt: string;
  let reviewedAt: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
    dbPath = join(dir, 'review.sqlite');
    const store = new ReviewStore(dbPath);
    ({ recordId } = await storeReviewedCase(store));
    signedAt = new ReviewEditor(store).sign(recordId, 'Dr B').signedAt;
    reviewedAt =
      store
        .events(recordId)
        .filter((e) => e.kind === 'review-status' && e.newValue === 'reviewed')
        .at(-1)?.at ?? '';
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the signed report: both people with role and time, no PRELIMINARY, the artefact time, the added strip', () => {
    const out = join(dir, 'signed.pdf');
    report([String(recordId), '--db', dbPath, '--out', out, '--reviewer', 'tech A']);
    const pages = pdfPages(out);
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).not.toContain('PRELIMINARY'));
    const text = pages.join('\n');
    expect(text).toContain(`signed: Dr B (physician) at ${signedAt}`);
    expect(text).toContain(`reviewer: tech A (technician) at ${reviewedAt}`);
    expect(text).toMatch(/- artefact marked by the reviewer\s+8\s?s/);
    expect(text).toMatch(/- noise \(rhythm stage, as reviewed\)\s+5\s?s/);
    expect(text).toContain('Added strip +00:00:10 to +00:00:20, by tech A: PVC couplet (part 1 of 2)');
    const store = new ReviewStore(dbPath);
    const rows = store.db.prepare('SELECT format, reviewer, details FROM export_events').all() as { details: string }[];
    store.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ format: 'report-pdf', reviewer: 'tech A' });
    expect(JSON.parse(rows[0]?.details ?? '{}')).toMatchObject({ reviewStatus: 'signed' });
  });

  it('a reopened case gets a PRELIMINARY report on every page', () => {
    const store = new ReviewStore(dbPath);
    new ReviewEditor(store).reopen(recordId, 'Dr B');
    store.close();
    const out = join(dir, 'reopened.pdf');
    report([String(recordId), '--db', dbPath, '--out', out]);
    const pages = pdfPages(out);
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).toContain('PRELIMINARY'));
    expect(pages.join('\n')).toContain('signed: no');
  });
});
