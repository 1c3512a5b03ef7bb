/**
 * Retraining end to end, as a site's annotator would run it: `npm run serve` with the real core (on CI the
 * wasm backend, where fine-tuning adapts the recurrent layers and head only), a real SQLite file and the
 * committed models; Debian's Chromium driven by playwright-core. On the committed 180 s excerpt of mitdb
 * 208 (test/fixtures/beats/208x, PVCs and fusion beats): imports and analyses it, confirms or corrects
 * every beat on the first strip page to its reference class (208x.atr) from the keyboard, marks the case reviewed, sees its class
 * counts in the training set, starts a long fine-tuning run and cancels it after its first progress
 * event (no version, no folder left), completes a short one while progress events arrive, compares it
 * side by side with the shipped model on the case's human labels, activates the new version, re-analyses the case with it and reads the label diff (every human label kept, in the
 * panel and in the database), and rolls back to the shipped model. Replay is set to 0 (the replay
 * sample reads the base model's 22 training records; it is covered by the unit tests). Every reply is
 * checked against the contract (`--check-responses`); screenshots under `test-results/`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readReferenceBeats } from '../../src/main/core/beats/reference-beats';
import { selectBeat } from './review-loop';
import { missingForE2e, root } from './serve-process';
import { expectOneStoredVersion, importAnalysed, reanalyseFromPanel, useServeSession } from './serve-session';

const excerpt = join(root, 'test/fixtures/beats/208x.hea');
const shot = (name: string): string => join(root, 'test-results', `e2e-retrain-${name}.png`);
/** A reference beat and a detected one closer than this are the same beat, in samples (150 ms at 360 Hz). */
const MATCH_SAMPLES = 54;
const WAIT = { timeout: 120_000, interval: 250 };
const missing = missingForE2e();
if (missing.length > 0) console.warn(`e2e skipped: missing ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('retraining from reviewed labels on mitdb 208x (serve transport, Chromium)', () => {
  const session = useServeSession('holter-e2e-retrain-');
  const { query } = session;
  const caseRow = (): Locator => session.caseRow('208x');

  it('corrects labels, fine-tunes with progress, cancels a run, activates a version, re-analyses with the diff, rolls back', async () => {
    const { page } = session;
    const recordId = await importAnalysed(session, excerpt, '208x', 'annotator', WAIT);

    // confirm or correct each beat on the strip to its reference class, from the keyboard
    await caseRow().click();
    const markers = page.getByTestId('strip').getByTestId('beat-marker');
    await markers.first().waitFor(WAIT);
    const reference = readReferenceBeats(excerpt);
    const referenceClass = (sample: number): string | null => {
      const i = reference.beatSamples.findIndex((s) => Math.abs(s - sample) <= MATCH_SAMPLES);
      return i < 0 ? null : (reference.beatClasses[i] ?? null);
    };
    const shown = await markers.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-beat-id'))));
    const edits: { sample: number; from: string; to: string }[] = [];
    for (const beatId of shown) {
      const beat = query<{ sample: number; label: string }>('SELECT sample, label FROM beats WHERE id = ?', beatId)[0];
      const to = beat ? referenceClass(beat.sample) : null;
      if (!beat || to === null) continue;
      const marker = page.locator(`[data-testid="beat-marker"][data-beat-id="${beatId}"]`);
      await selectBeat(page, beatId);
      await page.keyboard.press(to.toLowerCase());
      await expect.poll(() => marker.getAttribute('data-source'), WAIT).toBe('human');
      expect(await marker.getAttribute('data-label')).toBe(to);
      edits.push({ sample: beat.sample, from: beat.label, to });
    }
    expect(edits.length).toBeGreaterThanOrEqual(5);
    expect(new Set(edits.map((e) => e.to)).size).toBeGreaterThanOrEqual(2);
    const humanBefore = query<{ sample: number; label: string }>(
      `SELECT sample, label FROM beats WHERE source = 'human' AND deleted = 0 AND analysis_id = (SELECT MAX(id) FROM analyses WHERE record_id = ?) ORDER BY sample`,
      recordId,
    );
    expect(humanBefore).toEqual([...edits].sort((a, b) => a.sample - b.sample).map((e) => ({ sample: e.sample, label: e.to })));
    await page.getByTestId('mark-reviewed').click();
    await expect.poll(() => page.getByTestId('review-status').textContent(), WAIT).toBe('reviewed');
    await page.screenshot({ path: shot('corrected'), fullPage: true });

    // the training set shows the case's human-label class counts; model labels opted in for a larger set
    await page.goto(session.server.url);
    const panel = page.getByTestId('retrain-panel');
    await panel.getByTestId('retrain-case').first().waitFor(WAIT);
    const countOf = (label: string) => panel.getByTestId(`retrain-total-${label}`).textContent();
    for (const label of ['N', 'V']) {
      await expect.poll(() => countOf(label), WAIT).toBe(String(edits.filter((e) => e.to === label).length));
    }
    await panel.getByTestId('retrain-include-model').check();
    await expect.poll(async () => Number(await countOf('N')) + Number(await countOf('V')), WAIT).toBeGreaterThanOrEqual(60);
    await page.screenshot({ path: shot('dataset'), fullPage: true });

    // a long run, cancelled once its progress shows
    await panel.getByTestId('retrain-replay').fill('0');
    await panel.getByTestId('retrain-epochs').fill('50');
    await panel.getByTestId('retrain-batch').fill('8');
    await panel.getByTestId('retrain-start').click();
    const progress = panel.getByTestId('retrain-progress');
    await expect.poll(() => progress.textContent(), WAIT).toMatch(/epoch \d+\/50, batch \d+\/\d+, loss \d+\.\d+/);
    expect(await progress.textContent()).toMatch(/wasm|tensorflow|cpu/);
    await page.screenshot({ path: shot('progress'), fullPage: true });
    await panel.getByTestId('retrain-cancel').click();
    await expect.poll(() => panel.getByTestId('retrain-outcome').textContent(), WAIT).toMatch(/cancelled/);
    expect(await panel.getByTestId('retrain-version').count()).toBe(0);
    expect(query('SELECT id FROM model_versions')).toEqual([]);
    const versionsDir = join(session.dir, 'model-versions', 'beats');
    expect(readdirSync(versionsDir)).toEqual([]);

    // a short run that completes; its progress reaches the last batch of epoch 2
    await panel.getByTestId('retrain-epochs').fill('2');
    await panel.getByTestId('retrain-batch').fill('16');
    await panel.getByTestId('retrain-learning-rate').fill('0.002');
    await panel.getByTestId('retrain-start').click();
    await expect.poll(() => progress.textContent(), WAIT).toMatch(/epoch [12]\/2/);
    await expect.poll(() => panel.getByTestId('retrain-outcome').textContent(), WAIT).toMatch(/done/);
    const version = panel.getByTestId('retrain-version');
    await expect.poll(() => version.count(), WAIT).toBe(1);
    const row = await expectOneStoredVersion(session, 'beats', version, 'annotator');
    expect(row.hyperParameters).toMatchObject({ epochs: 2, batchSize: 16, learningRate: 0.002, replayRatio: 0 });

    // side by side with the shipped model on the case's human labels: the shipped model's accuracy there is the share
    // of beats the annotator confirmed rather than changed; the new version was trained on the case (marked *)
    await version.getByTestId('retrain-compare-pick').check();
    await panel.getByTestId('retrain-compare').click();
    const rows = page.getByTestId('comparison-row');
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    expect(Number(await rows.nth(0).getAttribute('data-reviewed-accuracy'))).toBeCloseTo(
      edits.filter((e) => e.from === e.to).length / edits.length,
      9,
    );
    expect(await rows.nth(1).getAttribute('data-version')).toBe(row.version);
    expect(await rows.nth(0).getByTestId('comparison-seen').count()).toBe(0);
    expect(await rows.nth(1).getByTestId('comparison-seen').count()).toBe(1);
    await page.screenshot({ path: shot('compare'), fullPage: true });

    // activate it, re-analyse the case with it, and read the diff
    const shipped = (await panel.getByTestId('retrain-active').textContent())?.trim();
    expect(shipped).toBe(row.parent_version);
    await version.getByTestId('retrain-activate').click();
    await expect.poll(() => panel.getByTestId('retrain-active').textContent(), WAIT).toBe(row.version);
    expect(await reanalyseFromPanel(session, panel, recordId, '208x', WAIT)).toContain(row.version);
    await panel.getByTestId('retrain-diff').click();
    const diff = page.getByTestId('label-diff');
    await diff.waitFor(WAIT);
    const human = diff.getByTestId('label-diff-human');
    expect(await human.getAttribute('data-before')).toBe(String(edits.length));
    expect(await human.getAttribute('data-kept')).toBe(String(edits.length));
    expect(await diff.textContent()).toContain(row.version);
    const humanAfter = query<{ sample: number; label: string }>(
      `SELECT sample, label FROM beats WHERE source = 'human' AND deleted = 0 AND analysis_id = (SELECT MAX(id) FROM analyses WHERE record_id = ?) ORDER BY sample`,
      recordId,
    );
    expect(humanAfter).toEqual(humanBefore);
    const models = query<{ models: string }>(`SELECT models FROM analyses WHERE record_id = ? ORDER BY id`, recordId).map(
      (a) => (JSON.parse(a.models) as { version: string }[])[0]?.version,
    );
    expect(models).toEqual([row.parent_version, row.version]);
    // the changes shown, by class, are those between the two analyses' beat lists (same beat: within 150 ms)
    const [older, newer] = query<{ id: number }>(`SELECT id FROM analyses WHERE record_id = ? ORDER BY id`, recordId).map((a) =>
      query<{ sample: number; label: string }>('SELECT sample, label FROM beats WHERE analysis_id = ? AND deleted = 0', a.id),
    );
    const expected = new Map<string, number>();
    for (const beat of newer ?? []) {
      const old = older?.find((o) => Math.abs(o.sample - beat.sample) <= MATCH_SAMPLES);
      if (old && old.label !== beat.label)
        expected.set(`${old.label}>${beat.label}`, (expected.get(`${old.label}>${beat.label}`) ?? 0) + 1);
    }
    const cells = diff.getByTestId('label-diff-cell');
    const shownCells = new Map<string, number>();
    for (let i = 0; i < (await cells.count()); i++) {
      const cell = cells.nth(i);
      shownCells.set(
        `${await cell.getAttribute('data-from')}>${await cell.getAttribute('data-to')}`,
        Number((await cell.textContent())?.trim()),
      );
    }
    expect(shownCells).toEqual(expected);
    expect(Number(await diff.getByTestId('label-diff-changed').getAttribute('data-changed'))).toBe(
      [...expected.values()].reduce((a, b) => a + b, 0),
    );
    await page.screenshot({ path: shot('diff'), fullPage: true });

    // roll back to the shipped model, audited
    await panel.getByTestId('retrain-rollback').click();
    await expect.poll(() => panel.getByTestId('retrain-active').textContent(), WAIT).toBe(shipped);
    expect(query<{ kind: string; reviewer: string }>('SELECT kind, reviewer FROM model_events ORDER BY id')).toEqual([
      { kind: 'activated', reviewer: 'annotator' },
      { kind: 'rolled-back', reviewer: 'annotator' },
    ]);
    await page.screenshot({ path: shot('rolled-back'), fullPage: true });
    expect(existsSync(shot('rolled-back'))).toBe(true);
  });
});
