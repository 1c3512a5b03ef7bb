/**
 * End to end, the report of mitdb 208: `npm run serve` with the real core, a real SQLite file and the committed
 * models, Debian's Chromium through playwright-core. Imports 208 from the UI and waits for its analysis, then:
 * - marks it reviewed, shows the report page, downloads the report PDF from the export button, and renders its pages
 *   to PNG with `pdftoppm` under `test-results/`; the case is not signed, so every page says PRELIMINARY. The ectopy
 *   counts printed are checked against the stored beats (SQL), and the download against its audit row;
 * - then reviews it in the UI (a relabel from the keyboard, an artefact stretch over one strip page, one strip added
 *   to the report from the strip toolbar), marks it reviewed under a technician profile and signs it under a
 *   physician profile, opens the report in the app and downloads the PDF again: no PRELIMINARY anywhere, the
 *   signer's and reviewer's names, roles and times as stored, the artefact time excluded, the added strip listed
 *   with its times; every page rendered to PNG.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, missingForE2e, pdfPageTexts, popplerTools, root, startServe, type ServeProcess } from './serve-process';

const record208 = resolve(root, '../shared/data/mitdb/208.hea');
const results = join(root, 'test-results');
const pdfPath = join(results, 'report-208.pdf');
const signedPdfPath = join(results, 'report-208-signed.pdf');

/** Elapsed time as the report prints it without a header base time: `+hh:mm:ss`. */
const elapsed = (s: number): string =>
  `+${[Math.floor(s / 3600), Math.floor((s % 3600) / 60), Math.floor(s % 60)].map((n) => String(n).padStart(2, '0')).join(':')}`;

/** Renders every page of a PDF to `test-results/<stem>-page-N.png` (stale ones removed first). @returns the PNG names */
function renderPages(path: string, stem: string): string[] {
  const pattern = new RegExp(`^${stem}-page-\\d+\\.png$`);
  for (const stale of readdirSync(results).filter((f) => pattern.test(f))) rmSync(join(results, stale));
  execFileSync('pdftoppm', ['-r', '100', '-png', path, join(results, `${stem}-page`)]);
  const pngs = readdirSync(results).filter((f) => pattern.test(f));
  for (const png of pngs) expect(readFileSync(join(results, png)).subarray(1, 4).toString()).toBe('PNG');
  return pngs;
}
const missing = missingForE2e([
  [record208, '../shared/data'],
  ...popplerTools.map((t): [string, string] => [t, 'apt-get install poppler-utils']),
]);
if (missing.length > 0) console.warn(`report e2e skipped: missing ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('Holter report of mitdb 208 (serve transport, Chromium)', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-report-e2e-'));
    server = await startServe(join(dir, 'e2e.sqlite'), randomBytes(24).toString('hex'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports and analyses 208, marks it reviewed, shows the report and downloads its PDF', async () => {
    await page.goto(server.url);
    await page.getByTestId('reviewer').fill('tech E2E');
    await page.getByTestId('import-path').fill(record208);
    await page.getByTestId('import-button').click();
    const row = page.locator('[data-testid="case-row"][data-record-name="208"]');
    await row.waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => (await row.getByTestId('analysis-state').textContent())?.trim(), { timeout: 600_000, interval: 1000 })
      .toBe('done');
    await row.click();
    await page.getByTestId('mark-reviewed').click();
    await expect.poll(() => page.getByTestId('review-status').first().textContent(), { timeout: 10_000 }).toBe('reviewed');

    await page.getByTestId('open-report').click();
    const frame = page.frameLocator('[data-testid="report-frame"]');
    await frame.locator('h1').waitFor({ timeout: 60_000 });
    expect(await frame.locator('h1').textContent()).toBe('Holter report: 208');
    expect(await frame.locator('[data-mark="preliminary"]').count()).toBe(2);
    const ectopyBeats = await frame.locator('section.table:has(h2:text-is("Ectopy")) tr:has(th:text-is("Beats")) td').allTextContents();
    const db = new Database(join(dir, 'e2e.sqlite'), { readonly: true });
    const count = (label: string): number =>
      (
        db.prepare('SELECT COUNT(*) AS n FROM beats WHERE label = ? AND analysis_id = (SELECT MAX(id) FROM analyses)').get(label) as {
          n: number;
        }
      ).n;
    expect(ectopyBeats).toEqual([String(count('S')), String(count('V'))]);
    expect(count('V')).toBeGreaterThan(500);
    db.close();
    await page.getByTestId('close-report').click();

    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByTestId('export-report-pdf').click();
    mkdirSync(results, { recursive: true });
    await (await download).saveAs(pdfPath);
    await page.locator('[data-testid="export-row"][data-format="report-pdf"]').waitFor({ timeout: 10_000 });
  });

  it('says PRELIMINARY on every page of the unsigned report and renders each page to PNG', () => {
    const pages = pdfPageTexts(pdfPath);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).toContain('PRELIMINARY'));
    const text = pages.join('\n');
    expect(text).toContain('Holter report: 208');
    expect(text).toMatch(/review status: reviewed/);
    expect(text).toMatch(/reviewer: tech E2E at \d{4}-\d\d-\d\dT/);
    expect(text).toContain('Strips');
    expect(renderPages(pdfPath, 'report-208').length).toBe(pages.length);
  });

  it('logged the download in the audit trail with its sha256 and the review status', () => {
    const db = new Database(join(dir, 'e2e.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT record_name, format, reviewer, details FROM export_events').all() as { details: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ record_name: '208', format: 'report-pdf', reviewer: 'tech E2E' });
    expect(JSON.parse(rows[0]?.details ?? '{}')).toMatchObject({
      fileName: '208-report.pdf',
      sha256: createHash('sha256').update(readFileSync(pdfPath)).digest('hex'),
      reviewStatus: 'reviewed',
    });
    expect(existsSync(pdfPath)).toBe(true);
  });

  it('reviews 208 (relabel, artefact stretch, a strip added), signs it with a physician profile, shows and downloads the report', async () => {
    const query = <T>(sql: string, ...args: unknown[]): T => {
      const db = new Database(join(dir, 'e2e.sqlite'), { readonly: true });
      try {
        return db.prepare(sql).all(...args) as T;
      } finally {
        db.close();
      }
    };
    await page.getByTestId('new-reviewer-name').fill('tech E2E');
    await page.getByTestId('new-reviewer-role').selectOption('technician');
    await page.getByTestId('create-reviewer').click();
    await expect.poll(() => page.getByTestId('reviewer').inputValue(), { timeout: 10_000 }).toBe('tech E2E');

    // a relabel from the keyboard on the first page
    const target = page.locator('[data-testid="strip"] [data-testid="beat-marker"][data-label="N"]').first();
    const beatId = await target.getAttribute('data-beat-id');
    await target.click();
    await page.keyboard.press('v');
    await expect
      .poll(() => page.locator(`[data-testid="beat-marker"][data-beat-id="${beatId}"]`).getAttribute('data-label'), { timeout: 30_000 })
      .toBe('V');

    // the first page goes into the report
    await page.getByTestId('add-strip').click();
    await page.getByTestId('report-strip-row').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-strip-row').count()).toBe(1);
    await page.getByTestId('strip-in-report').waitFor({ timeout: 10_000 });

    // the next page marked artefact
    const firstMarker = page.locator('[data-testid="strip"] [data-testid="beat-marker"]').first();
    const firstOnPageOne = await firstMarker.getAttribute('data-beat-id');
    await page.getByTestId('strip-next').click();
    await expect.poll(() => firstMarker.getAttribute('data-beat-id'), { timeout: 30_000 }).not.toBe(firstOnPageOne);
    await page.getByTestId('artefact-strip').click();
    await expect
      .poll(() => query<unknown[]>(`SELECT id FROM review_actions WHERE kind = 'artefact' AND new_value = '1'`).length, { timeout: 30_000 })
      .toBe(1);

    await page.getByTestId('mark-reviewed').click();
    await expect.poll(() => page.getByTestId('review-status').first().textContent(), { timeout: 10_000 }).toBe('reviewed');
    await page.getByTestId('new-reviewer-name').fill('Dr E2E');
    await page.getByTestId('new-reviewer-role').selectOption('physician');
    await page.getByTestId('create-reviewer').click();
    await expect.poll(() => page.getByTestId('reviewer').inputValue(), { timeout: 10_000 }).toBe('Dr E2E');
    await page.getByTestId('sign').click();
    await expect.poll(() => page.getByTestId('review-status').first().textContent(), { timeout: 30_000 }).toBe('signed');
    expect(await page.getByTestId('add-strip').isDisabled()).toBe(true);

    const [review] = query<{ signed_by: string; signed_at: string }[]>('SELECT signed_by, signed_at FROM reviews');
    const [reviewed] = query<{ at: string }[]>(
      `SELECT at FROM label_events WHERE kind = 'review-status' AND new_value = 'reviewed' ORDER BY id DESC LIMIT 1`,
    );
    const [strip] = query<{ start_sample: number; end_sample: number }[]>('SELECT start_sample, end_sample FROM report_strips');
    const [stretch] = query<{ onset_sample: number; end_sample: number }[]>(
      `SELECT onset_sample, end_sample FROM review_actions WHERE kind = 'artefact'`,
    );
    expect(review?.signed_by).toBe('Dr E2E');
    const signedBy = `Dr E2E (physician) at ${review?.signed_at}`;
    const reviewedBy = `tech E2E (technician) at ${reviewed?.at}`;
    const artefactS = ((stretch?.end_sample ?? 0) - (stretch?.onset_sample ?? 0)) / 360;
    expect(artefactS).toBeGreaterThan(5);
    expect(stretch?.onset_sample).toBe(strip?.end_sample);

    await page.getByTestId('open-report').click();
    const frame = page.frameLocator('[data-testid="report-frame"]');
    await frame.locator('h1').waitFor({ timeout: 60_000 });
    expect(await frame.locator('[data-mark="preliminary"]').count()).toBe(0);
    const cell = (table: string, row: string) =>
      frame.locator(`section.table:has(h2:text-is("${table}")) tr:has(th:text-is("${row}")) td`).first().textContent();
    expect(await cell('Sign-off', 'Signed by')).toBe(signedBy);
    expect(await cell('Sign-off', 'Reviewed by')).toBe(reviewedBy);
    expect(await cell('Time base', '- artefact marked by the reviewer')).toBe(`${artefactS.toFixed(0)} s`);
    expect(await frame.locator('section.added figure').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(results, 'report-208-signed-html.png') });
    await page.getByTestId('close-report').click();

    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByTestId('export-report-pdf').click();
    await (await download).saveAs(signedPdfPath);

    const pages = pdfPageTexts(signedPdfPath);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).not.toContain('PRELIMINARY'));
    const text = pages.join('\n');
    expect(text).toContain(`signed: ${signedBy}`);
    expect(text).toContain(`reviewer: ${reviewedBy}`);
    expect(text).toMatch(/review status: signed/);
    expect(text).toContain('Strips added by the reviewer');
    expect(text).toContain(
      `Added strip ${elapsed((strip?.start_sample ?? 0) / 360)} to ${elapsed((strip?.end_sample ?? 0) / 360)}, by tech E2E`,
    );
    expect(renderPages(signedPdfPath, 'report-208-signed').length).toBe(pages.length);
    const exports = query<{ details: string }[]>(`SELECT details FROM export_events ORDER BY id`);
    expect(exports.map((e) => (JSON.parse(e.details) as { reviewStatus: string }).reviewStatus)).toEqual(['reviewed', 'signed']);
  });
});
