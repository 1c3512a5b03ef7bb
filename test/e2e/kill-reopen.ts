/**
 * Kill and reopen in Chromium, shared by the mitdb 208 and the 24 h end-to-end tests: in each round a beat relabel
 * made from the keyboard is acknowledged (the strip shows the server's reply), a template relabel is started and the
 * server is SIGKILLed at a seeded random moment while it may be writing it; a new server is started on the same
 * database and the case reopened in the page. Checked each round: the acknowledged relabel is on the strip and in
 * the database with its audit row; the template relabel is either wholly there (action, a snapshot row per beat,
 * every beat relabelled, its audit rows) or not at all; `PRAGMA integrity_check` and the other consistency checks of
 * `checkReviewDatabase` hold. Screenshots of each reopened case go to `test-results/<prefix>-kill-<round>.png`.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seededRandom } from '../../src/main/core/ml/seeded-random';
import { checkReviewDatabase } from '../unit/main/core/store/check-review-database';
import { selectBeat } from './review-loop';
import { root } from './serve-process';

/** Polls long enough for a 24 h record on a loaded machine. */
const WAIT = { timeout: 120_000 };
/** Longest wait between starting the template relabel and the kill, in ms. */
const MAX_KILL_DELAY_MS = 400;

/** Options of {@link driveKillAndReopen}. */
export interface KillReopenOptions {
  page: Page;
  /** the server's SQLite file (read only here) */
  dbPath: string;
  recordName: string;
  shotPrefix: string;
  /** SIGKILLs the server and starts another on the same database; resolves with the new server's page address */
  killAndRestart: () => Promise<string>;
  /** the address of the server running now */
  url: string;
  rounds: number;
  seed: number;
}

/**
 * Runs the rounds on an editable (not signed) case of `recordName`.
 * @returns the address of the last server started
 */
export async function driveKillAndReopen(options: KillReopenOptions): Promise<string> {
  const { page, dbPath, recordName, shotPrefix } = options;
  const random = seededRandom(options.seed);
  const read = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const recordId = read((db) => db.prepare('SELECT id FROM records WHERE name = ?').pluck().get(recordName) as number);
  let url = options.url;
  for (let round = 0; round < options.rounds; round++) {
    await openCase(page, url, recordName);
    // an acknowledged relabel: the marker shows the server's committed reply
    const marker = page
      .getByTestId('strip')
      .getByTestId('beat-marker')
      .nth(2 + round);
    const beatId = Number(await marker.getAttribute('data-beat-id'));
    // never N: the relabelled beat joins a template of its new class, which is not the N template relabelled below
    const label = (await marker.getAttribute('data-label')) === 'V' ? 'S' : 'V';
    const byId = page.locator(`[data-testid="beat-marker"][data-beat-id="${beatId}"]`);
    await selectBeat(page, beatId);
    await page.keyboard.press(label === 'V' ? 'v' : 's');
    await expect.poll(() => byId.getAttribute('data-label'), WAIT).toBe(label);
    const acknowledged = read(
      (db) => db.prepare('SELECT COALESCE(MAX(id), 0) FROM review_actions WHERE record_id = ?').pluck().get(recordId) as number,
    );

    // a template relabel in flight when the server is killed
    const template = page.locator('[data-testid="template"][data-label="N"]').first();
    await template.waitFor(WAIT);
    const templateCount = Number(await template.getAttribute('data-count'));
    await template.getByTestId('template-label').selectOption('Q');
    await page.waitForTimeout(Math.floor(random() * MAX_KILL_DELAY_MS));
    url = await options.killAndRestart();

    read((db) => {
      expect(checkReviewDatabase(db)).toEqual([]);
      expect(db.prepare('SELECT label, source FROM beats WHERE id = ?').get(beatId)).toEqual({ label, source: 'human' });
      const audit = db
        .prepare(`SELECT new_value FROM label_events WHERE beat_id = ? AND kind = 'beat-label' AND action_id = ?`)
        .pluck()
        .all(beatId, acknowledged);
      expect(audit).toEqual([label]);
      const later = db
        .prepare(`SELECT id, kind, changed_rows AS changedRows FROM review_actions WHERE record_id = ? AND id > ? ORDER BY id`)
        .all(recordId, acknowledged) as { id: number; kind: string; changedRows: number }[];
      // nothing, or the whole template relabel (and the status move it wrote with it)
      expect(later.map((a) => a.kind)).toEqual(later.length === 0 ? [] : ['relabel']);
      console.log(
        `kill and reopen ${recordName}, round ${round + 1}: the template relabel of ${templateCount} beats was ${later.length === 0 ? 'not committed' : 'committed'} when the server was killed`,
      );
      for (const action of later) {
        const snapshot = db.prepare('SELECT COUNT(*) FROM action_beats WHERE action_id = ?').pluck().get(action.id) as number;
        expect(snapshot).toBe(templateCount);
        expect(action.changedRows).toBe(templateCount);
        const relabelled = db
          .prepare(`SELECT COUNT(*) FROM action_beats s JOIN beats b ON b.id = s.beat_id WHERE s.action_id = ? AND b.label = 'Q'`)
          .pluck()
          .get(action.id);
        expect(relabelled).toBe(templateCount);
        const audits = db
          .prepare(`SELECT COUNT(*) FROM label_events WHERE action_id = ? AND kind IN ('beat-label', 'beat-confirmed')`)
          .pluck()
          .get(action.id);
        expect(audits).toBe(templateCount);
      }
    });
    await openCase(page, url, recordName);
    await page.getByTestId('strip').getByTestId('beat-marker').first().waitFor(WAIT);
    await expect
      .poll(() => page.locator(`[data-testid="beat-marker"][data-beat-id="${beatId}"]`).getAttribute('data-label'), WAIT)
      .toBe(label);
    // the lists follow the strip: the screenshot shows them loaded
    await page.locator('[data-testid="template"]').first().waitFor(WAIT);
    await page.locator('[data-testid="events"][data-updating="false"]').waitFor(WAIT);
    await page.screenshot({ path: join(root, 'test-results', `${shotPrefix}-kill-${round + 1}.png`), fullPage: true });
  }
  return url;
}

/** Opens the case list at `url`, names the reviewer (a new port is a new origin: its storage is empty) and opens the case. */
async function openCase(page: Page, url: string, recordName: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('reviewer').fill('Tech E2E');
  await page.locator(`[data-testid="case-row"][data-record-name="${recordName}"]`).click(WAIT);
  await page.getByTestId('strip').getByTestId('beat-marker').nth(6).waitFor(WAIT);
}
