/**
 * Rhythm retraining end to end, as a site's annotator would run it: `npm run serve` with the real core (on CI the
 * wasm backend, where rhythm fine-tuning adapts the BiLSTM, attention and head on the frozen front end's features), a
 * real SQLite file and the committed models; Debian's Chromium driven by playwright-core. On mitdb 201 (atrial
 * fibrillation, trigeminy, sinus rhythm; ../shared/data): imports and analyses it, sets every episode of 30 s or more
 * in the episodes panel to the reference rhythm covering most of it (201.atr), marks the case reviewed, reads the
 * rhythm training set's windows per class, starts a long rhythm fine-tuning run and cancels it after its first
 * progress event (no version, no folder left), completes a short one, compares it with the shipped rhythm model on
 * the reviewed windows, activates it, re-analyses the case with it (every reviewed episode kept, in the panel and in
 * the database) and rolls back to the shipped rhythm model. Every reply is checked against the contract
 * (`--check-responses`); screenshots under `test-results/`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readAnnotations } from '../../src/main/core/wfdb/annotations';
import { holterRhythmOfAux, type HolterRhythm } from '../../src/shared/holter-rhythms';
import { missingForE2e, root } from './serve-process';
import { expectOneStoredVersion, importAnalysed, reanalyseFromPanel, shownEpisodes, useServeSession } from './serve-session';

const record201 = resolve(root, '../shared/data/mitdb/201.hea');
const FS_HZ = 360;
/** The rhythm model's window, s (resources/models/rhythm/meta.json `windowS`): an episode gives floor(duration / it) training windows. */
const WINDOW_S = 30;
/** Virtual rows of the episodes panel are this tall, px (EpisodesPanel.vue). */
const EPISODE_ROW_PX = 24;
const WAIT = { timeout: 300_000, interval: 250 };
const shot = (name: string): string => join(root, 'test-results', `e2e-retrain-rhythm-${name}.png`);
/** The CinC 2017 class an annotator's Holter rhythm trains (the mapping the issue fixes: N, AFIB → A, NOISE → ~, any other → O). */
const cincClass = (code: string): 'N' | 'A' | 'O' | '~' => (code === 'N' ? 'N' : code === 'AFIB' ? 'A' : code === 'NOISE' ? '~' : 'O');
const missing = missingForE2e([[record201, '../shared/data']]);
if (missing.length > 0) console.warn(`e2e skipped: missing ${missing.join(', ')}`);

/**
 * The reference rhythm covering most of [onset, end) in 201.atr; a reference rhythm the app has no type for (`(NOD`)
 * counts as OTHER.
 */
function referenceRhythm(spans: { onset: number; end: number; code: HolterRhythm }[], onset: number, end: number): HolterRhythm {
  const cover = new Map<HolterRhythm, number>();
  for (const s of spans) {
    const overlap = Math.min(end, s.end) - Math.max(onset, s.onset);
    if (overlap > 0) cover.set(s.code, (cover.get(s.code) ?? 0) + overlap);
  }
  return [...cover.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'OTHER';
}

describe.skipIf(missing.length > 0)('rhythm retraining from reviewed episodes on mitdb 201 (serve transport, Chromium)', () => {
  const session = useServeSession('holter-e2e-retrain-rhythm-');
  const { query } = session;
  const caseRow = (): Locator => session.caseRow('201');

  it('reviews episodes, fine-tunes the rhythm model with progress, cancels a run, activates, re-analyses keeping the episodes, rolls back', async () => {
    const { page } = session;
    const recordId = await importAnalysed(session, record201, '201', 'annotator', WAIT);

    // each episode of 30 s or more gets the reference rhythm that covers most of it: accepted when the model has it, relabelled otherwise
    const marks = readAnnotations(record201.replace(/\.hea$/, '.atr')).filter((a) => a.aux?.startsWith('('));
    const spans = marks.map((m, i) => ({
      onset: m.sample,
      end: marks[i + 1]?.sample ?? Number.POSITIVE_INFINITY,
      code: holterRhythmOfAux(m.aux as string) ?? 'OTHER',
    }));
    await caseRow().click();
    const panel = page.getByTestId('episodes');
    await panel.getByTestId('episode').first().waitFor(WAIT);
    const episodes = shownEpisodes(session, recordId);
    const reviewed = new Map<number, { label: HolterRhythm; onset: number; end: number }>();
    // the list is virtual: scroll the episode's row into the box first; it follows the strip, not the edits, so an
    // edit leaves the box where it was and the row in it
    const list = panel.locator('table');
    for (const [index, e] of episodes.entries()) {
      if (e.end_sample - e.onset_sample < WINDOW_S * FS_HZ) continue;
      const label = referenceRhythm(spans, e.onset_sample, e.end_sample);
      await list.evaluate((box, top) => (box.scrollTop = top), index * EPISODE_ROW_PX);
      const row = panel.locator(`[data-testid="episode"][data-episode-id="${e.id}"]`);
      await row.waitFor(WAIT);
      if (label === e.label) await row.getByTestId('episode-accept').click();
      else await row.getByTestId('episode-label').selectOption(label);
      await expect
        .poll(() => query<{ label: string; accepted: number }>('SELECT label, accepted FROM rhythm_episodes WHERE id = ?', e.id)[0], WAIT)
        .toEqual({ label, accepted: 1 });
      await expect.poll(() => row.getAttribute('data-accepted', { timeout: 1000 }).catch(() => null), WAIT).toBe('true');
      expect(await row.getAttribute('data-label')).toBe(label);
      const [rowBox, listBox] = [await row.boundingBox(), await list.boundingBox()];
      expect(rowBox!.y >= listBox!.y && rowBox!.y + rowBox!.height <= listBox!.y + listBox!.height).toBe(true);
      reviewed.set(e.id, { label, onset: e.onset_sample, end: e.end_sample });
    }
    const classes = new Set([...reviewed.values()].map((r) => cincClass(r.label)));
    expect(reviewed.size).toBeGreaterThanOrEqual(5);
    expect(classes.has('A') && classes.has('N') && classes.has('O')).toBe(true);
    const reviewedRows = shownEpisodes(session, recordId).filter((e) => e.accepted === 1 || e.source === 'human');
    expect(reviewedRows.map((e) => [e.id, e.label])).toEqual([...reviewed.entries()].map(([id, r]) => [id, r.label]));
    await page.getByTestId('mark-reviewed').click();
    await expect.poll(() => page.getByTestId('review-status').textContent(), WAIT).toBe('reviewed');
    await page.screenshot({ path: shot('reviewed'), fullPage: true });

    // the rhythm training set: floor(duration / 30 s) windows of each reviewed episode, by CinC class
    await page.goto(session.server.url);
    const retrain = page.getByTestId('retrain-panel');
    const rhythm = retrain.getByTestId('retrain-rhythm');
    await rhythm.getByTestId('retrain-rhythm-case').first().waitFor(WAIT);
    const expected = { N: 0, A: 0, O: 0, '~': 0 };
    for (const r of reviewed.values()) expected[cincClass(r.label)] += Math.floor((r.end - r.onset) / (WINDOW_S * FS_HZ));
    for (const label of ['N', 'A', 'O', '~'] as const) {
      await expect.poll(() => rhythm.getByTestId(`retrain-rhythm-total-${label}`).textContent(), WAIT).toBe(String(expected[label]));
    }
    await page.screenshot({ path: shot('dataset'), fullPage: true });

    // a long run, cancelled once its progress shows
    await retrain.getByTestId('retrain-replay').fill('0');
    await retrain.getByTestId('retrain-epochs').fill('50');
    await retrain.getByTestId('retrain-batch').fill('8');
    await rhythm.getByTestId('retrain-rhythm-start').click();
    const progress = retrain.getByTestId('retrain-progress');
    await expect.poll(() => progress.textContent(), WAIT).toMatch(/epoch \d+\/50, batch \d+\/\d+, loss \d+\.\d+/);
    await expect.poll(() => rhythm.getByTestId('retrain-rhythm-progress').count(), WAIT).toBe(1);
    await page.screenshot({ path: shot('progress'), fullPage: true });
    await retrain.getByTestId('retrain-cancel').click();
    await expect.poll(() => retrain.getByTestId('retrain-outcome').textContent(), WAIT).toMatch(/cancelled/);
    expect(query('SELECT id FROM model_versions')).toEqual([]);
    const versionsDir = join(session.dir, 'model-versions', 'rhythm');
    expect(readdirSync(versionsDir)).toEqual([]);

    // a short run that completes
    await retrain.getByTestId('retrain-epochs').fill('2');
    await retrain.getByTestId('retrain-batch').fill('16');
    await rhythm.getByTestId('retrain-rhythm-start').click();
    await expect
      .poll(() => retrain.getByTestId('retrain-outcome').textContent(), WAIT)
      .toMatch(/done\s+at epoch 2\/2, batch (\d+)\/\1, loss \d+\.\d+/);
    const version = rhythm.getByTestId('retrain-rhythm-version');
    await expect.poll(() => version.count(), WAIT).toBe(1);
    const row = await expectOneStoredVersion(session, 'rhythm', version, 'annotator');
    expect(row.hyperParameters).toMatchObject({ epochs: 2, batchSize: 16, replayRatio: 0 });

    // side by side with the shipped rhythm model on the reviewed windows; the new version has seen this case
    await version.getByTestId('retrain-rhythm-compare-pick').check();
    await rhythm.getByTestId('retrain-rhythm-compare').click();
    const rows = rhythm.getByTestId('rhythm-comparison-row');
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    const windows = Object.values(expected).reduce((a, b) => a + b, 0);
    for (let i = 0; i < 2; i++) expect(await rows.nth(i).getAttribute('data-reviewed-windows')).toBe(String(windows));
    expect(await rows.nth(1).getAttribute('data-version')).toBe(row.version);
    expect(await rows.nth(0).getAttribute('data-seen-cases')).toBe('0');
    expect(await rows.nth(1).getAttribute('data-seen-cases')).toBe('1');
    await page.screenshot({ path: shot('compare'), fullPage: true });

    // activate it and re-analyse the case with it: the reviewed episodes are kept, the new analysis names the version
    const shipped = (await rhythm.getByTestId('retrain-rhythm-active').textContent())?.trim();
    expect(shipped).toBe(row.parent_version);
    await version.getByTestId('retrain-rhythm-activate').click();
    await expect.poll(() => rhythm.getByTestId('retrain-rhythm-active').textContent(), WAIT).toBe(row.version);
    const models = await reanalyseFromPanel(session, retrain, recordId, '201', WAIT);
    const kept = shownEpisodes(session, recordId).filter((e) => e.accepted === 1 || e.source === 'human');
    expect(kept.map((e) => [e.label, e.onset_sample, e.end_sample])).toEqual([...reviewed.values()].map((r) => [r.label, r.onset, r.end]));
    expect(models).toContain(row.version);
    const firstAnalysis = query<{ models: string }>(`SELECT models FROM analyses WHERE record_id = ? ORDER BY id LIMIT 1`, recordId)[0]!;
    expect((JSON.parse(firstAnalysis.models) as { version: string }[]).map((m) => m.version)).toContain(row.parent_version);
    await caseRow().click();
    const first = [...reviewed.values()][0]!;
    const firstShown = page.getByTestId('episodes').locator(`[data-testid="episode"][data-accepted="true"]`).first();
    await expect.poll(() => firstShown.getAttribute('data-label'), WAIT).toBe(first.label);
    await page.screenshot({ path: shot('reanalysed'), fullPage: true });

    // roll back to the shipped rhythm model, audited
    await page.goto(session.server.url);
    await rhythm.getByTestId('retrain-rhythm-rollback').click();
    await expect.poll(() => rhythm.getByTestId('retrain-rhythm-active').textContent(), WAIT).toBe(shipped);
    expect(query<{ kind: string; reviewer: string }>('SELECT kind, reviewer FROM model_events ORDER BY id')).toEqual([
      { kind: 'activated', reviewer: 'annotator' },
      { kind: 'rolled-back', reviewer: 'annotator' },
    ]);
    await page.screenshot({ path: shot('rolled-back'), fullPage: true });
  });
});
