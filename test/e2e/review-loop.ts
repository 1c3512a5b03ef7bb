/**
 * The review loop a technician runs on an open case, driven in Chromium and checked in the database after each
 * step; shared by the mitdb 208 and the 24 h end-to-end tests. Steps: template relabel (class tabs) with Ctrl+Z /
 * Ctrl+Shift+Z, a single beat relabelled from the keyboard (the template panel's count follows), a whole template marked artefact with its Artefact button (the beat counts drop by its beats) and
 * Ctrl+Z (they come back), a template's beats paged one by one and one moved to a new template of another class,
 * beat delete and a snapped re-insert, artefact marking, an episode edit with the undo/redo buttons, an episode added
 * by dragging on the strip, an edit after "Mark reviewed" (kept, the case back in review), a physician profile
 * signing, the refused edit after it, and reopening. Screenshots of each
 * stage go to `test-results/<prefix>-<stage>.png`.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { root } from './serve-process';

/** Polls long enough for a 24 h record on a loaded machine. */
const WAIT = { timeout: 60_000 };

/**
 * Clicks a beat's marker and waits until it is the selected one (the strip may be redrawn meanwhile).
 * @param page - the record view
 * @param beatId - a beat on the strip
 */
export async function selectBeat(page: Page, beatId: number): Promise<void> {
  const marker = page.locator(`[data-testid="beat-marker"][data-beat-id="${beatId}"]`);
  await expect
    .poll(async () => {
      await marker.click();
      return marker.getAttribute('aria-selected');
    }, WAIT)
    .toBe('true');
}

/**
 * Runs the loop on the case shown on `page` (its strip painted, the review not signed).
 * @param page - the record view of the case
 * @param dbPath - the server's SQLite file (read only, to check what was committed)
 * @param recordName - the case's record name
 * @param shotPrefix - screenshot file prefix
 */
export async function driveReviewLoop(page: Page, dbPath: string, recordName: string, shotPrefix: string): Promise<void> {
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(root, 'test-results', `${shotPrefix}-${name}.png`), fullPage: true });
  };
  const query = <T>(sql: string, ...args: unknown[]): T => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare(sql).get(...args) as T;
    } finally {
      db.close();
    }
  };
  const actionState = (actionId: number) => () => query<{ state: string }>('SELECT state FROM review_actions WHERE id = ?', actionId).state;
  const idle = () => expect.poll(() => page.getByTestId('record-view').getAttribute('data-review-busy'), WAIT).toBe('false');
  const recordId = query<{ id: number }>('SELECT id FROM records WHERE name = ?', recordName).id;
  const strip = page.getByTestId('strip');
  const tab = (label: string) => page.locator(`[data-testid="template-class"][data-label="${label}"]`);
  const select = (beatId: number): Promise<void> => selectBeat(page, beatId);

  // template relabel: the template moves to the Q tab; undone with Ctrl+Z and redone with Ctrl+Shift+Z
  await tab('N').click();
  const template = page.locator('[data-testid="template"][data-label="N"]').first();
  await template.waitFor({ timeout: 600_000 });
  const templateId = await template.getAttribute('data-template-id');
  const count = Number(await template.getAttribute('data-count'));
  expect(count).toBeGreaterThan(1);
  const byId = page.locator(`[data-testid="template"][data-template-id="${templateId}"]`);
  await byId.getByTestId('template-label').selectOption('Q');
  await idle();
  const relabel = query<{ id: number; changed_rows: number }>(
    `SELECT id, changed_rows FROM review_actions WHERE record_id = ? AND kind = 'relabel' ORDER BY id DESC LIMIT 1`,
    recordId,
  );
  expect(relabel.changed_rows).toBe(count);
  expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM label_events WHERE action_id = ? AND kind = 'beat-label'`, relabel.id).n).toBe(
    count - query<{ n: number }>(`SELECT COUNT(*) AS n FROM action_beats WHERE action_id = ? AND old_label = 'Q'`, relabel.id).n,
  );
  await tab('Q').click();
  await expect.poll(() => byId.getAttribute('data-label'), WAIT).toBe('Q');
  await shot('template-relabel');
  // the tab keeps the focus, and keys in a form field are the field's: leave it first
  await page.evaluate('document.activeElement?.blur()');
  await page.keyboard.press('Control+z');
  await expect.poll(actionState(relabel.id), WAIT).toBe('undone');
  await idle();
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(actionState(relabel.id), WAIT).toBe('done');
  await idle();
  await page.keyboard.press('Control+z');
  await expect.poll(actionState(relabel.id), WAIT).toBe('undone');
  await idle();
  await tab('N').click();
  await expect.poll(() => byId.getAttribute('data-label'), WAIT).toBe('N');

  // a whole template marked artefact with its Artefact button: its beats leave the counts; Ctrl+Z restores them
  await idle();
  const templates = page.locator('[data-testid="template"][data-label="N"]');
  const artefactTemplateId = await ((await templates.count()) > 1 ? templates.nth(1) : templates.first()).getAttribute('data-template-id');
  // by id: the list may reorder once the template's beats are artefact
  const artefactTemplate = page.locator(`[data-testid="template"][data-template-id="${artefactTemplateId}"]`);
  const artefactCount = Number(await artefactTemplate.getAttribute('data-count'));
  expect(await artefactTemplate.getByTestId('template-artefact-count').count()).toBe(0);
  const shownCount = async (label: string): Promise<number> =>
    Number(((await page.getByTestId(`count-${label}`).textContent()) ?? '').replace(/,/g, ''));
  const shownCounts = async (): Promise<{ n: number; total: number }> => {
    const all = await Promise.all(['N', 'S', 'V', 'F', 'Q'].map(shownCount));
    return { n: all[0] ?? 0, total: all.reduce((sum, c) => sum + c, 0) };
  };
  const countsBefore = await shownCounts();
  const artefactBeats = () =>
    query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM beats WHERE artefact = 1 AND analysis_id = (SELECT MAX(id) FROM analyses WHERE record_id = ? AND state = 'done')`,
      recordId,
    ).n;
  const artefactBefore = artefactBeats();
  const listedAfterOthers = (): Promise<boolean> =>
    page.$$eval(
      '[data-testid="template"][data-label="N"]',
      (nodes, id) => {
        const at = nodes.findIndex((n) => n.getAttribute('data-template-id') === id);
        return (
          at < 0 ||
          nodes.slice(at).every((n) => n.querySelector('[data-testid="template-artefact"]')?.getAttribute('data-artefact') === 'true')
        );
      },
      artefactTemplateId,
    );
  expect(await listedAfterOthers()).toBe(false);
  await artefactTemplate.getByTestId('template-artefact').click();
  await expect.poll(shownCounts, WAIT).toEqual({ n: countsBefore.n - artefactCount, total: countsBefore.total - artefactCount });
  // a template marked all artefact is dealt with: listed after the others (or past the panel's listed ones)
  await expect.poll(listedAfterOthers, WAIT).toBe(true);
  await idle();
  const marked = query<{ id: number; changed_rows: number; state: string }>(
    `SELECT id, changed_rows, state FROM review_actions WHERE record_id = ? AND kind = 'artefact' ORDER BY id DESC LIMIT 1`,
    recordId,
  );
  expect(marked).toMatchObject({ changed_rows: artefactCount, state: 'done' });
  expect(artefactBeats()).toBe(artefactBefore + artefactCount);
  expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM label_events WHERE action_id = ? AND kind = 'beat-artefact'`, marked.id).n).toBe(
    artefactCount,
  );
  await shot('template-artefact');
  await page.evaluate('document.activeElement?.blur()');
  await page.keyboard.press('Control+z');
  await expect.poll(actionState(marked.id), WAIT).toBe('undone');
  await expect.poll(shownCounts, WAIT).toEqual(countsBefore);
  await expect.poll(() => artefactTemplate.getByTestId('template-artefact').getAttribute('data-artefact'), WAIT).toBe('false');
  expect(await listedAfterOthers()).toBe(false);
  expect(artefactBeats()).toBe(artefactBefore);
  await idle();

  // a template's beats one by one; the second one moved to a new V template
  await byId.getByTestId('template-open').click();
  const pager = page.getByTestId('template-pager');
  await expect.poll(() => pager.getAttribute('data-total'), WAIT).toBe(String(count));
  const first = Number(await pager.getAttribute('data-beat-id'));
  await expect
    .poll(() => page.locator(`[data-testid="beat-marker"][data-beat-id="${first}"]`).getAttribute('aria-selected'), WAIT)
    .toBe('true');
  await pager.getByTestId('pager-next').click();
  await expect.poll(() => pager.getAttribute('data-index'), WAIT).toBe('1');
  const movedId = Number(await pager.getAttribute('data-beat-id'));
  expect(movedId).not.toBe(first);
  await pager.getByTestId('move-target').selectOption('c:V');
  await pager.getByTestId('move-beat').click();
  await expect.poll(() => query<{ label: string }>('SELECT label FROM beats WHERE id = ?', movedId).label, WAIT).toBe('V');
  await expect.poll(() => pager.getAttribute('data-total'), WAIT).toBe(String(count - 1));
  await shot('template-move');
  await pager.getByTestId('pager-close').click();

  // a single beat relabelled from the keyboard leaves its template: the panel's count follows the server's
  await expect.poll(() => byId.getAttribute('data-count'), WAIT).toBe(String(count - 1));
  await byId.getByTestId('template-open').click();
  await expect.poll(() => pager.getAttribute('data-beat-id'), WAIT).toBe(String(first));
  await expect
    .poll(() => page.locator(`[data-testid="beat-marker"][data-beat-id="${first}"]`).getAttribute('aria-selected'), WAIT)
    .toBe('true');
  await pager.getByTestId('pager-close').click();
  await page.evaluate('document.activeElement?.blur()');
  await page.keyboard.press('v');
  await expect.poll(() => query<{ label: string }>('SELECT label FROM beats WHERE id = ?', first).label, WAIT).toBe('V');
  await expect.poll(() => byId.getAttribute('data-count'), WAIT).toBe(String(count - 2));
  await idle();

  // delete a beat, then insert it back after its predecessor: the server snaps it to the R peak
  const markers = strip.getByTestId('beat-marker');
  await expect.poll(() => page.locator('.strip-scroll.busy').count(), WAIT).toBe(0);
  await expect.poll(() => markers.count(), WAIT).toBeGreaterThan(4);
  const victimId = Number(await markers.nth(3).getAttribute('data-beat-id'));
  const victimSample = query<{ sample: number }>('SELECT sample FROM beats WHERE id = ?', victimId).sample;
  const beforeId = await markers.nth(2).getAttribute('data-beat-id');
  await select(victimId);
  await page.keyboard.press('Delete');
  await expect.poll(() => page.locator(`[data-testid="beat-marker"][data-beat-id="${victimId}"]`).count(), WAIT).toBe(0);
  expect(query<{ deleted: number }>('SELECT deleted FROM beats WHERE id = ?', victimId).deleted).toBe(1);
  await idle();
  await select(Number(beforeId));
  await page.keyboard.press('Insert');
  const inserted = () =>
    query<{ id: number; sample: number } | undefined>(
      `SELECT b.id, b.sample FROM beats b JOIN review_actions a ON a.kind = 'insert-beat' JOIN action_beats s ON s.action_id = a.id AND s.beat_id = b.id
       WHERE a.record_id = ? ORDER BY a.id DESC LIMIT 1`,
      recordId,
    );
  await expect.poll(() => inserted()?.id ?? null, WAIT).not.toBeNull();
  // 100 ms search around the midpoint; the R peak is within 30 ms of where the detector put it
  expect(Math.abs((inserted()?.sample ?? 0) - victimSample)).toBeLessThanOrEqual(11);
  await idle();
  await shot('insert-delete');

  // artefact on the selected beat
  const artefactId = Number(await markers.nth(1).getAttribute('data-beat-id'));
  await select(artefactId);
  await page.keyboard.press('a');
  await expect.poll(() => query<{ artefact: number }>('SELECT artefact FROM beats WHERE id = ?', artefactId).artefact, WAIT).toBe(1);
  await idle();

  // an episode edit, undone and redone with the buttons
  const episode = page.getByTestId('episode').first();
  await episode.waitFor(WAIT);
  const original = await episode.getAttribute('data-label');
  const changed = original === 'OTHER' ? 'N' : 'OTHER';
  await episode.getByTestId('episode-label').selectOption(changed);
  await expect.poll(() => page.getByTestId('episode').first().getAttribute('data-label'), WAIT).toBe(changed);
  await idle();
  await page.getByTestId('undo').click();
  await expect.poll(() => page.getByTestId('episode').first().getAttribute('data-label'), WAIT).toBe(original);
  await idle();
  await page.getByTestId('redo').click();
  await expect.poll(() => page.getByTestId('episode').first().getAttribute('data-label'), WAIT).toBe(changed);
  await idle();
  await shot('episode-edit');

  // an episode added by dragging on the strip: delete the shown episode under the strip first, then drag across
  // the middle of the paper and choose its type
  const view = { start: Number(await strip.getAttribute('data-start-sample')), end: Number(await strip.getAttribute('data-end-sample')) };
  const db = new Database(dbPath, { readonly: true });
  const under = db
    .prepare(
      `SELECT id FROM rhythm_episodes WHERE deleted = 0 AND end_sample > ? AND onset_sample < ?
       AND analysis_id = (SELECT MAX(id) FROM analyses WHERE record_id = ? AND state = 'done')`,
    )
    .pluck()
    .all(view.start, view.end, recordId) as number[];
  db.close();
  for (const episodeId of under) {
    await page.locator(`[data-testid="episode"][data-episode-id="${episodeId}"]`).getByTestId('episode-delete').click();
    await idle();
  }
  await page.getByTestId('episode-drag-mode').click();
  const paper = (await page.getByTestId('paper-canvas').boundingBox())!;
  await page.mouse.move(paper.x + paper.width * 0.4, paper.y + paper.height / 2);
  await page.mouse.down();
  await page.mouse.move(paper.x + paper.width * 0.5, paper.y + paper.height / 2, { steps: 5 });
  await page.mouse.move(paper.x + paper.width * 0.7, paper.y + paper.height / 2, { steps: 5 });
  await page.mouse.up();
  const bar = page.getByTestId('new-episode');
  await bar.waitFor(WAIT);
  await bar.getByTestId('new-episode-label').selectOption('NOISE');
  await bar.getByTestId('new-episode-add').click();
  const added = () =>
    query<{ label: string; onset_sample: number; end_sample: number; source: string } | undefined>(
      `SELECT e.label, e.onset_sample, e.end_sample, e.source FROM rhythm_episodes e JOIN review_actions a ON a.kind = 'episode-add'
       JOIN action_episodes s ON s.action_id = a.id AND s.episode_id = e.id WHERE a.record_id = ? ORDER BY a.id DESC LIMIT 1`,
      recordId,
    );
  await expect.poll(() => added()?.label ?? null, WAIT).toBe('NOISE');
  const span = added()!;
  expect(span.source).toBe('human');
  // the drag covered 40–70 % of the paper, whose trace starts after the calibration margin
  expect(span.onset_sample).toBeGreaterThan(view.start);
  expect(span.end_sample).toBeLessThan(view.end);
  expect(span.end_sample - span.onset_sample).toBeGreaterThan(0.2 * (view.end - view.start));
  await idle();
  await shot('episode-drag');

  // sign with a physician profile; the next edit is refused naming the signer
  await page.getByTestId('new-reviewer-name').fill('Dr E2E');
  await page.getByTestId('new-reviewer-role').selectOption('physician');
  await page.getByTestId('create-reviewer').click();
  await expect.poll(() => page.getByTestId('reviewer').inputValue(), WAIT).toBe('Dr E2E');
  // an edit after "Mark reviewed" is kept and puts the case back in review (the first defect), audited
  await page.getByTestId('mark-reviewed').click();
  await expect.poll(() => page.getByTestId('review-status').first().textContent(), WAIT).toBe('reviewed');
  const lateId = Number(await markers.nth(4).getAttribute('data-beat-id'));
  const lateLabel = (await markers.nth(4).getAttribute('data-label')) === 'V' ? 'N' : 'V';
  await select(lateId);
  await page.keyboard.press(lateLabel.toLowerCase());
  await expect.poll(() => page.getByTestId('review-status').first().textContent(), WAIT).toBe('in_review');
  expect(query<{ label: string; source: string }>('SELECT label, source FROM beats WHERE id = ?', lateId)).toEqual({
    label: lateLabel,
    source: 'human',
  });
  expect(
    query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM label_events WHERE record_id = ? AND kind = 'review-status' AND old_value = 'reviewed' AND new_value = 'in_review'`,
      recordId,
    ).n,
  ).toBe(1);
  await page.getByTestId('mark-reviewed').click();
  await expect.poll(() => page.getByTestId('review-status').first().textContent(), WAIT).toBe('reviewed');
  await page.getByTestId('sign').click();
  await expect.poll(() => page.getByTestId('signed-by').textContent(), WAIT).toMatch(/Signed by Dr E2E/);
  await expect.poll(() => page.getByTestId('review-status').first().textContent()).toBe('signed');
  const lockedId = await markers.nth(0).getAttribute('data-beat-id');
  const lockedLabel = await markers.nth(0).getAttribute('data-label');
  await select(Number(lockedId));
  await page.keyboard.press(lockedLabel === 'V' ? 'n' : 'v');
  await expect.poll(() => page.getByTestId('error-banner').textContent(), WAIT).toMatch(/signed by Dr E2E/);
  expect(query<{ label: string }>('SELECT label FROM beats WHERE id = ?', Number(lockedId)).label).toBe(lockedLabel);
  await shot('signed-refused');

  await page.getByTestId('reopen').click();
  await expect.poll(() => page.getByTestId('review-status').first().textContent(), WAIT).toBe('in_review');
  const reopenAudit = query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM label_events WHERE record_id = ? AND kind = 'review-status' AND old_value = 'signed' AND new_value = 'in_review'`,
    recordId,
  );
  expect(reopenAudit.n).toBe(1);
  await select(Number(lockedId));
  await page.keyboard.press(lockedLabel === 'V' ? 'n' : 'v');
  await expect
    .poll(() => query<{ label: string }>('SELECT label FROM beats WHERE id = ?', Number(lockedId)).label, WAIT)
    .toBe(lockedLabel === 'V' ? 'N' : 'V');
  await shot('reopened');
}
