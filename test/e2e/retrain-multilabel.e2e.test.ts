/**
 * The multi-label (xECGNet) rhythm option end to end: `npm run serve` with the real core (on CI wasm, where the run
 * trains the BiLSTM, attention and head on the frozen front end's features), a real SQLite file and the committed
 * models; Debian's Chromium driven by playwright-core. On mitdb 201 (atrial fibrillation with V beats and trigeminy;
 * ../shared/data): imports and analyses it, confirms the model's episodes of 30 s or more in the episodes panel, marks
 * the case reviewed, chooses the multi-label head and its λ in the retraining panel, starts a one-epoch run, sees its
 * last progress reading (the final batch) beside the outcome, sees it stored as a multi-label version (row, folder,
 * meta.json with sigmoid outputs), compares it with the shipped rhythm model (per-label F1 on the reviewed windows),
 * activates it, re-analyses the case with it (the new analysis names it and makes its model episodes from its
 * outputs; the confirmed episodes kept) and rolls back. Every reply is checked against the contract
 * (`--check-responses`); screenshots under `test-results/`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingForE2e, root } from './serve-process';
import { expectOneStoredVersion, importAnalysed, reanalyseFromPanel, shownEpisodes, useServeSession } from './serve-session';

const record201 = resolve(root, '../shared/data/mitdb/201.hea');
const FS_HZ = 360;
/** The rhythm model's window, s: shorter episodes give no training window. */
const WINDOW_S = 30;
/** Virtual rows of the episodes panel are this tall, px (EpisodesPanel.vue). */
const EPISODE_ROW_PX = 24;
/** Episodes confirmed: enough for a short run. */
const CONFIRMED = 4;
const WAIT = { timeout: 300_000, interval: 250 };
const shot = (name: string): string => join(root, 'test-results', `e2e-retrain-multilabel-${name}.png`);
const missing = missingForE2e([[record201, '../shared/data']]);
if (missing.length > 0) console.warn(`e2e skipped: missing ${missing.join(', ')}`);

describe.skipIf(missing.length > 0)('multi-label rhythm fine-tuning on mitdb 201 (serve transport, Chromium)', () => {
  const session = useServeSession('holter-e2e-retrain-multilabel-');
  const { query } = session;

  it('trains the multi-label head from a reviewed case with progress, compares per label, activates, re-analyses, rolls back', async () => {
    const { page } = session;
    const recordId = await importAnalysed(session, record201, '201', 'annotator', WAIT);
    await session.caseRow('201').click();
    const panel = page.getByTestId('episodes');
    await panel.getByTestId('episode').first().waitFor(WAIT);
    const long = shownEpisodes(session, recordId)
      .map((e, index) => ({ ...e, index }))
      .filter((e) => e.end_sample - e.onset_sample >= WINDOW_S * FS_HZ && e.label !== 'NOISE')
      .slice(0, CONFIRMED);
    expect(long.length).toBeGreaterThan(0);
    for (const e of long) {
      await panel.locator('table').evaluate((box, top) => (box.scrollTop = top), e.index * EPISODE_ROW_PX);
      const row = panel.locator(`[data-testid="episode"][data-episode-id="${e.id}"]`);
      await row.waitFor(WAIT);
      await row.getByTestId('episode-accept').click();
      await expect
        .poll(() => query<{ accepted: number }>('SELECT accepted FROM rhythm_episodes WHERE id = ?', e.id)[0]?.accepted, WAIT)
        .toBe(1);
    }
    await page.getByTestId('mark-reviewed').click();
    await expect.poll(() => page.getByTestId('review-status').textContent(), WAIT).toBe('reviewed');

    // the multi-label head and its λ; the panel says what the run trains from and on wasm
    await page.goto(session.server.url);
    const retrain = page.getByTestId('retrain-panel');
    const rhythm = retrain.getByTestId('retrain-rhythm');
    await rhythm.getByTestId('retrain-rhythm-case').first().waitFor(WAIT);
    await rhythm.getByTestId('retrain-rhythm-head').selectOption('multi-label');
    await expect.poll(() => rhythm.getByTestId('retrain-rhythm-head-note').textContent(), WAIT).toMatch(/wasm.*BiLSTM, attention and head/);
    // the training set per label before training: every confirmed window counts once under Normal or AF at least
    const totals = await Promise.all(
      ['Normal', 'AF'].map(async (l) => Number(await rhythm.getByTestId(`retrain-rhythm-label-total-${l}`).textContent())),
    );
    expect(totals[0]! + totals[1]!).toBeGreaterThan(0);
    expect((await rhythm.getByTestId('retrain-rhythm-label-total-LBBB').textContent())?.trim()).toBe('0');
    await rhythm.getByTestId('retrain-rhythm-lambda').fill('3');
    await retrain.getByTestId('retrain-replay').fill('0');
    await retrain.getByTestId('retrain-epochs').fill('1');
    await retrain.getByTestId('retrain-batch').fill('8');
    await rhythm.getByTestId('retrain-rhythm-start').click();
    // a one-epoch run on a few windows ends within a second or two: its last progress reading stays beside the outcome
    await expect
      .poll(() => retrain.getByTestId('retrain-outcome').textContent(), WAIT)
      .toMatch(/done\s+at epoch 1\/1, batch (\d+)\/\1, loss \d+\.\d+/);
    await page.screenshot({ path: shot('progress'), fullPage: true });

    const version = rhythm.getByTestId('retrain-rhythm-version');
    await expect.poll(() => version.count(), WAIT).toBe(1);
    expect(await version.getAttribute('data-head')).toBe('multi-label');
    const row = await expectOneStoredVersion(session, 'rhythm', version, 'annotator');
    expect(row.hyperParameters).toMatchObject({ epochs: 1, batchSize: 8, replayRatio: 0, lambda: 3 });
    const meta = JSON.parse(readFileSync(join(session.dir, 'model-versions', 'rhythm', row.version, 'meta.json'), 'utf8')) as {
      output: { activation: string };
    };
    expect(meta.output.activation).toBe('sigmoid');

    // per-label figures on the reviewed windows beside the shipped rhythm model
    await version.getByTestId('retrain-rhythm-compare-pick').check();
    await rhythm.getByTestId('retrain-rhythm-compare').click();
    await expect.poll(() => rhythm.getByTestId('rhythm-comparison-row').count(), WAIT).toBe(2);
    await expect.poll(() => rhythm.getByTestId('rhythm-comparison-subset').count(), WAIT).toBe(1);
    expect(await rhythm.getByTestId('rhythm-comparison-label-AF').textContent()).toMatch(/\d+\.\d|–/);
    await page.screenshot({ path: shot('compare'), fullPage: true });

    // activate, re-analyse with it (model episodes from its sigmoid outputs; confirmed episodes kept), roll back
    const shipped = (await rhythm.getByTestId('retrain-rhythm-active').textContent())?.trim();
    await version.getByTestId('retrain-rhythm-activate').click();
    await expect.poll(() => rhythm.getByTestId('retrain-rhythm-active').textContent(), WAIT).toBe(row.version);
    expect(await reanalyseFromPanel(session, retrain, recordId, '201', WAIT)).toContain(row.version);
    const after = shownEpisodes(session, recordId);
    expect(after.filter((e) => e.source === 'model').length).toBeGreaterThan(0);
    expect(after.filter((e) => e.accepted === 1).map((e) => [e.label, e.onset_sample, e.end_sample])).toEqual(
      long.map((e) => [e.label, e.onset_sample, e.end_sample]),
    );
    await rhythm.getByTestId('retrain-rhythm-rollback').click();
    await expect.poll(() => rhythm.getByTestId('retrain-rhythm-active').textContent(), WAIT).toBe(shipped);
    await page.screenshot({ path: shot('rolled-back'), fullPage: true });
  });
});
