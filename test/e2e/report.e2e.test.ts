/**
 * End to end, the report of a reviewed case: `npm run serve` with the real core, a real SQLite file and the committed
 * models, Debian's Chromium through playwright-core. Imports mitdb 208 from the UI, waits for its analysis, marks it
 * reviewed, shows the report page, downloads the report PDF from the export button, and renders its pages to PNG with
 * `pdftoppm` under `test-results/`. The case is reviewed but not signed (the store has no physician signature yet), so
 * every page must say PRELIMINARY. The ectopy counts printed are checked against the stored beats (SQL), and the
 * download against its audit row.
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
    for (const stale of readdirSync(results).filter((f) => /^report-208-page-\d+\.png$/.test(f))) rmSync(join(results, stale));
    execFileSync('pdftoppm', ['-r', '100', '-png', pdfPath, join(results, 'report-208-page')]);
    const pngs = readdirSync(results).filter((f) => /^report-208-page-\d+\.png$/.test(f));
    expect(pngs.length).toBe(pages.length);
    for (const png of pngs) expect(readFileSync(join(results, png)).subarray(1, 4).toString()).toBe('PNG');
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
});
