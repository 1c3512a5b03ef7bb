/**
 * One end-to-end session for a describe block: `npm run serve` on a fresh SQLite file in a temporary folder,
 * Debian's Chromium with one page, a read-only query on the database, and the import of a record through the page.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium, root, startServe, type ServeProcess } from './serve-process';

/** What {@link useServeSession} gives the tests (valid inside them, after its `beforeAll`). */
export interface ServeSession {
  readonly server: ServeProcess;
  readonly page: Page;
  /** the temporary folder (the database, `model-versions/`) */
  readonly dir: string;
  readonly dbPath: string;
  /** Runs one read-only SQL query on the database (its own connection, closed at once). */
  query<T>(sql: string, ...args: unknown[]): T[];
  /** The case list's row of a record. */
  caseRow(recordName: string): Locator;
  /** The analysis state a case row shows (`queued`, `running`, `done`, …). */
  analysisState(recordName: string): Promise<string | undefined>;
}

/**
 * Registers the `beforeAll` / `afterAll` hooks of a session: starts the server with `--check-responses` on
 * `<tmp>/<prefix>…/e2e.sqlite`, launches Chromium, opens a page of the given size and makes `test-results/`; stops
 * and removes all of it afterwards.
 * @param prefix - name prefix of the temporary folder
 * @param viewport - page size, CSS px
 * @returns the session's live values
 */
export function useServeSession(prefix: string, viewport = { width: 1600, height: 1100 }): ServeSession {
  let server: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let dir: string | undefined;
  const defined = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`serve session: ${what} is used before the session's beforeAll ran`);
    return value;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    server = await startServe(join(dir, 'e2e.sqlite'), randomBytes(24).toString('hex'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport });
    mkdirSync(join(root, 'test-results'), { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const session: ServeSession = {
    get server() {
      return defined(server, 'the server');
    },
    get page() {
      return defined(page, 'the page');
    },
    get dir() {
      return defined(dir, 'the folder');
    },
    get dbPath() {
      return join(defined(dir, 'the folder'), 'e2e.sqlite');
    },
    query<T>(sql: string, ...args: unknown[]): T[] {
      const db = new Database(session.dbPath, { readonly: true });
      try {
        return db.prepare(sql).all(...args) as T[];
      } finally {
        db.close();
      }
    },
    caseRow: (recordName) => session.page.locator(`[data-testid="case-row"][data-record-name="${recordName}"]`),
    analysisState: async (recordName) => (await session.caseRow(recordName).getByTestId('analysis-state').textContent())?.trim(),
  };
  return session;
}

/**
 * Opens the app, names the reviewer, imports one record through the import box and waits until its analysis is done.
 * @param session - the session
 * @param headerPath - the record's header file
 * @param recordName - its name in the case list
 * @param reviewer - the reviewer name typed into the header
 * @param wait - poll options of the waits
 * @returns the record's id in the database
 */
export async function importAnalysed(
  session: ServeSession,
  headerPath: string,
  recordName: string,
  reviewer: string,
  wait: { timeout: number; interval: number },
): Promise<number> {
  const { page } = session;
  await page.goto(session.server.url);
  await expect.poll(() => page.getByTestId('backend').textContent(), wait).toMatch(/tensorflow|wasm|cpu/);
  await page.getByTestId('reviewer').fill(reviewer);
  await page.getByTestId('import-path').fill(headerPath);
  await page.getByTestId('import-button').click();
  await session.caseRow(recordName).waitFor(wait);
  await expect.poll(() => session.analysisState(recordName), wait).toBe('done');
  const recordId = session.query<{ id: number }>('SELECT id FROM records WHERE name = ?', recordName)[0]?.id;
  expect(recordId).toBeGreaterThan(0);
  return recordId as number;
}

/**
 * Re-analyses a case with the active model versions from the retraining panel's button and waits until the
 * second analysis of the record is done and the case list shows it.
 * @param session - the open session
 * @param panel - the retraining panel (holds the `retrain-reanalyse` button)
 * @param recordId - the case's `records.id`
 * @param recordName - its name in the case list
 * @param wait - poll timeout and interval, ms
 * @returns the `analyses.models` version strings of the newest analysis
 */
export async function reanalyseFromPanel(
  session: ServeSession,
  panel: Locator,
  recordId: number,
  recordName: string,
  wait: { timeout: number; interval: number },
): Promise<string[]> {
  await panel.getByTestId('retrain-reanalyse').click();
  await expect
    .poll(
      () => session.query<{ n: number }>(`SELECT COUNT(*) AS n FROM analyses WHERE record_id = ? AND state = 'done'`, recordId)[0]?.n,
      wait,
    )
    .toBe(2);
  await expect.poll(() => session.analysisState(recordName), wait).toBe('done');
  const last = session.query<{ models: string }>(`SELECT models FROM analyses WHERE record_id = ? ORDER BY id DESC LIMIT 1`, recordId)[0]!;
  return (JSON.parse(last.models) as { version: string }[]).map((m) => m.version);
}

/** A `rhythm_episodes` row as {@link shownEpisodes} reads it. */
export interface EpisodeRow {
  id: number;
  label: string;
  onset_sample: number;
  end_sample: number;
  source: string;
  accepted: number;
}

/**
 * The episodes the case shows: those not deleted of the record's latest finished analysis, in onset order.
 * @param session - the session
 * @param recordId - the record's id
 * @returns the rows
 */
export function shownEpisodes(session: ServeSession, recordId: number): EpisodeRow[] {
  return session.query<EpisodeRow>(
    `SELECT id, label, onset_sample, end_sample, source, accepted FROM rhythm_episodes
     WHERE deleted = 0 AND analysis_id = (SELECT MAX(id) FROM analyses WHERE record_id = ? AND state = 'done') ORDER BY onset_sample`,
    recordId,
  );
}

/** The `model_versions` row of a finished fine-tuning run, as {@link expectOneStoredVersion} reads it. */
export interface StoredVersion {
  version: string;
  kind: string;
  parent_version: string;
  /** the backend's name (`wasm`, `tensorflow`, …) */
  backendName: string;
  scope: string;
  created_by: string;
  /** the run's hyper-parameters, parsed */
  hyperParameters: Record<string, unknown>;
}

/**
 * Checks the one model version a completed run left: a single `model_versions` row of `kind` created by `creator`,
 * trained on the scope its backend allows (wasm: the recurrent layers and head; native: the whole model), named with
 * its backend on the version row of the panel, and a folder `model-versions/<kind>/<version>` holding exactly
 * model.json, weights.bin and meta.json.
 * @param session - the session
 * @param kind - `beats` or `rhythm`
 * @param versionRow - the panel's row of the version
 * @param creator - the reviewer who started the run
 * @returns the row
 */
export async function expectOneStoredVersion(
  session: ServeSession,
  kind: 'beats' | 'rhythm',
  versionRow: Locator,
  creator: string,
): Promise<StoredVersion> {
  const rows = session.query<Omit<StoredVersion, 'backendName' | 'hyperParameters'> & { backend: string; hyper_parameters: string }>(
    'SELECT version, kind, parent_version, backend, scope, created_by, hyper_parameters FROM model_versions',
  );
  expect(rows).toHaveLength(1);
  const { backend, hyper_parameters, ...row } = rows[0]!;
  const stored: StoredVersion = {
    ...row,
    backendName: (JSON.parse(backend) as { name: string }).name,
    hyperParameters: JSON.parse(hyper_parameters) as Record<string, unknown>,
  };
  expect(stored).toMatchObject({ kind, created_by: creator });
  expect(stored.scope).toBe(stored.backendName === 'wasm' ? 'recurrent-and-head' : 'whole-model');
  expect(await versionRow.textContent()).toContain(stored.version);
  expect(await versionRow.textContent()).toContain(stored.backendName);
  const versionsDir = join(session.dir, 'model-versions', kind);
  expect(readdirSync(versionsDir)).toEqual([stored.version]);
  expect(readdirSync(join(versionsDir, stored.version)).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
  return stored;
}
