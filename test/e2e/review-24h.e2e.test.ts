/**
 * End to end at Holter scale: the 24 h concatenation of the 48 mitdb records (31.2 M frames, about 110,000
 * beats), built here with `scripts/make-holter-24h.ts` from `../shared/data/mitdb`, imported through the UI of
 * `npm run serve` (real core, committed models, whichever tfjs backend the machine has: wasm on CI) and analysed
 * once; then the review loop of review-loop.ts in Chromium (template relabel, a template marked artefact and undone, a
 * template's beats one by one and a move, beat insert and delete, artefact, an episode edit and an episode dragged on the strip, undo and redo,
 * signing and the refused edit after it, reopening), each step checked in the database; then two rounds of kill and
 * reopen (kill-reopen.ts: SIGKILL while a template relabel may be written, a new server, the case reopened, nothing
 * acknowledged lost and nothing half-applied). Prints the analysis's wall
 * time (most of this test's time: minutes on wasm). Screenshots under `test-results/e2e-review-24h-*.png`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveKillAndReopen } from './kill-reopen';
import { driveReviewLoop } from './review-loop';
import { killServe, launchChromium, missingForE2e, root, startServe, type ServeProcess } from './serve-process';

const mitdb = resolve(root, '../shared/data/mitdb');
const missing = missingForE2e([[join(mitdb, 'RECORDS'), '../shared/data/mitdb']]);
if (missing.length > 0) console.warn(`24 h review e2e skipped: missing ${missing.join(', ')}`);
/** Longest wait for the analysis: the wasm backend on a loaded 2-core machine. */
const ANALYSIS_TIMEOUT_MS = 45 * 60_000;

describe.skipIf(missing.length > 0)('review workflow on the 24 h concatenation (serve transport, Chromium)', () => {
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-e2e-24h-'));
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/make-holter-24h.ts', '--data', mitdb, '--out', join(dir, 'holter24h')], {
      cwd: root,
      stdio: 'ignore',
    });
    server = await startServe(join(dir, 'e2e.sqlite'), 'e2e-24h-token');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    mkdirSync(join(root, 'test-results'), { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'imports and analyses the 24 h record, opens it with its 24 h overview, and drives the whole review loop',
    async () => {
      await page.goto(server.url);
      await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 60_000 }).toMatch(/tensorflow|wasm|cpu/);
      const backend = (await page.getByTestId('backend').textContent()) ?? '';
      await page.getByTestId('import-path').fill(join(dir, 'holter24h', 'concat24h.hea'));
      const t0 = Date.now();
      await page.getByTestId('import-button').click();
      const row = page.locator('[data-testid="case-row"][data-record-name="concat24h"]');
      await row.waitFor({ timeout: 60_000 });
      await expect
        .poll(async () => (await row.getByTestId('analysis-state').textContent())?.trim(), { timeout: ANALYSIS_TIMEOUT_MS, interval: 2000 })
        .toBe('done');
      console.log(`24 h e2e: import and analysis of concat24h on ${backend.trim()}: ${((Date.now() - t0) / 1000).toFixed(0)} s wall`);

      const t1 = Date.now();
      await row.click();
      await page.getByTestId('strip').getByTestId('beat-marker').first().waitFor({ timeout: 60_000 });
      const axis = page.getByTestId('overview-axis');
      // 24 h 04 min on a clock axis whose ticks are whole hours
      expect(Number(await axis.getAttribute('data-step-s')) % 3600).toBe(0);
      await page.locator('[data-testid="template"]').first().waitFor({ timeout: 600_000 });
      console.log(`24 h e2e: case opened, templates listed: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      await page.screenshot({ path: join(root, 'test-results', 'e2e-review-24h-open.png'), fullPage: true });

      const t2 = Date.now();
      await driveReviewLoop(page, join(dir, 'e2e.sqlite'), 'concat24h', 'e2e-review-24h');
      console.log(`24 h e2e: review loop: ${((Date.now() - t2) / 1000).toFixed(0)} s`);

      const t3 = Date.now();
      await driveKillAndReopen({
        page,
        dbPath: join(dir, 'e2e.sqlite'),
        recordName: 'concat24h',
        shotPrefix: 'e2e-review-24h',
        url: server.url,
        rounds: 2,
        seed: 24,
        killAndRestart: async () => {
          await killServe(server);
          server = await startServe(join(dir, 'e2e.sqlite'), 'e2e-24h-token');
          return server.url;
        },
      });
      console.log(`24 h e2e: kill and reopen, 2 rounds: ${((Date.now() - t3) / 1000).toFixed(0)} s`);
    },
    ANALYSIS_TIMEOUT_MS + 20 * 60_000,
  );
});
