/**
 * End to end, as a technician would: `npm run serve` with the real core, a
 * real SQLite file and the committed models; Debian's Chromium driven by
 * playwright-core. Imports mitdb 208, waits for its analysis, finds V beats
 * on the strip, relabels a beat from the keyboard, reloads and finds the
 * label and its audit row persisted, saves a screenshot, then removes the
 * case from the case list (confirm dialog) and finds the removal audited.
 * Between the two, the review loop (review-loop.ts): template relabel with
 * Ctrl+Z / Ctrl+Shift+Z, a template marked artefact and undone, a template's beats one by one and one moved to another
 * class, beat delete and a snapped re-insert, artefact marking, an episode edit
 * with the undo/redo buttons, an episode added by dragging on the strip, a
 * physician profile signing, the refused edit after it, and reopening;
 * screenshots of each stage under `test-results/`. Then kill and reopen
 * (kill-reopen.ts): two rounds of an acknowledged relabel, a template relabel
 * in flight, SIGKILL, a new server on the database, the case reopened.
 * Every reply is checked against the contract's response schemas
 * (`--check-responses`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveKillAndReopen } from './kill-reopen';
import { driveReviewLoop } from './review-loop';
import { killServe, launchChromium, missingForE2e, root, startServe, type ServeProcess } from './serve-process';

const record208 = resolve(root, '../shared/data/mitdb/208.hea');
const screenshotPath = join(root, 'test-results', 'e2e-review-208.png');
const missing = missingForE2e([[record208, '../shared/data']]);
if (missing.length > 0) console.warn(`e2e skipped: missing ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('review workflow on mitdb 208 (serve transport, Chromium)', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let url: string;
  let dir: string;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-e2e-'));
    token = randomBytes(24).toString('hex');
    server = await startServe(join(dir, 'e2e.sqlite'), token);
    url = server.url;
    expect(url).toContain(`token=${token}`);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the page without the token', async () => {
    const response = await page.goto(url.replace(/\?token=.*/, ''));
    expect(response?.status()).toBe(401);
  });

  it('imports, analyses, shows V beats, relabels from the keyboard, and persists the label with an audit row', async () => {
    await page.goto(url);
    await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 30_000 }).toMatch(/tensorflow|wasm|cpu/);

    await page.getByTestId('import-path').fill(record208);
    await page.getByTestId('import-button').click();
    const row = page.locator('[data-testid="case-row"][data-record-name="208"]');
    await row.waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => (await row.getByTestId('analysis-state').textContent())?.trim(), { timeout: 600_000, interval: 1000 })
      .toBe('done');

    await row.click();
    const markers = page.getByTestId('strip').getByTestId('beat-marker');
    await markers.first().waitFor({ timeout: 60_000 });
    const vCount = await page.locator('[data-testid="strip"] [data-testid="beat-marker"][data-label="V"]').count();
    expect(vCount).toBeGreaterThan(0);

    const target = page.locator('[data-testid="strip"] [data-testid="beat-marker"][data-label="N"]').first();
    const beatId = await target.getAttribute('data-beat-id');
    expect(beatId).toMatch(/^\d+$/);
    await target.click();
    await expect.poll(() => target.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('s');
    const relabelled = page.locator(`[data-testid="beat-marker"][data-beat-id="${beatId}"]`);
    await expect.poll(() => relabelled.getAttribute('data-label'), { timeout: 10_000 }).toBe('S');
    expect(await relabelled.getAttribute('data-source')).toBe('human');

    await page.reload();
    const afterReload = page.locator(`[data-testid="beat-marker"][data-beat-id="${beatId}"]`);
    await afterReload.waitFor({ timeout: 60_000 });
    expect(await afterReload.getAttribute('data-label')).toBe('S');
    expect(await afterReload.getAttribute('data-source')).toBe('human');
    const audit = page.getByTestId('audit-row');
    await audit.first().waitFor({ timeout: 30_000 });
    const auditText = (await audit.allTextContents()).join('\n');
    expect(auditText).toMatch(/N/);
    expect(auditText).toMatch(/S/);
    expect(await audit.count()).toBeGreaterThanOrEqual(1);

    const db = new Database(join(dir, 'e2e.sqlite'), { readonly: true });
    const stored = db.prepare('SELECT label, source FROM beats WHERE id = ?').get(Number(beatId));
    const events = db
      .prepare(`SELECT old_value, new_value FROM label_events WHERE beat_id = ? AND kind = 'beat-label'`)
      .all(Number(beatId));
    db.close();
    expect(stored).toEqual({ label: 'S', source: 'human' });
    expect(events).toEqual([{ old_value: 'N', new_value: 'S' }]);

    await page.getByTestId('attention-beat').check();
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect(existsSync(screenshotPath)).toBe(true);
  });

  it('drives the review loop: templates, beat edits, artefact, episodes, undo/redo, sign-off, the refused edit and reopening', async () => {
    await driveReviewLoop(page, join(dir, 'e2e.sqlite'), '208', 'e2e-review-208');
  });

  it('SIGKILLs the server while a template relabel may be written, restarts it on the database and reopens the case: acknowledged edits kept, none half-applied', async () => {
    url = await driveKillAndReopen({
      page,
      dbPath: join(dir, 'e2e.sqlite'),
      recordName: '208',
      shotPrefix: 'e2e-review-208',
      url,
      rounds: 2,
      seed: 208,
      killAndRestart: async () => {
        await killServe(server);
        server = await startServe(join(dir, 'e2e.sqlite'), token);
        return server.url;
      },
    });
  }, 600_000);

  it('removes the case from the case list after confirmation, keeping a removal audit row', async () => {
    await page.goto(url);
    const row = page.locator('[data-testid="case-row"][data-record-name="208"]');
    await row.waitFor({ timeout: 30_000 });
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await row.getByTestId('remove-button').click();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toMatch(/Remove case 208/);
    expect(await row.count()).toBe(1);
    const before = new Database(join(dir, 'e2e.sqlite'), { readonly: true });
    const expected = before
      .prepare(
        `SELECT (SELECT COUNT(*) FROM beats WHERE source = 'human') AS humanLabels, (SELECT COUNT(*) FROM label_events) AS labelEvents`,
      )
      .get();
    before.close();
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('remove-button').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);

    const db = new Database(join(dir, 'e2e.sqlite'), { readonly: true });
    const removal = db.prepare('SELECT record_name, kind, reviewer, details FROM case_events').all() as { details: string }[];
    const records = db.prepare('SELECT COUNT(*) AS n FROM records').get();
    db.close();
    expect(records).toEqual({ n: 0 });
    expect(removal).toHaveLength(1);
    expect(removal[0]).toMatchObject({ record_name: '208', kind: 'case-removed' });
    expect(JSON.parse(removal[0]?.details ?? '{}')).toMatchObject(expected as object);
  });
});
