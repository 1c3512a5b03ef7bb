/**
 * The multi-label (xECGNet) rhythm option through the API over a real AppContext (SQLite file,
 * worker-pool engine on wasm as on CI, committed models, the 60 s 119 excerpt): a reviewed case
 * whose AF episode holds a V beat gives the label set {AF, PVC}; a run from the shipped multi-label
 * model trains the recurrent layers and head only (wasm), reports progress with label scores, is
 * stored as a multi-label version, compares with per-label figures, is activated, re-analyses the
 * case from its sigmoid outputs keeping the reviewer's episodes, and is rolled back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../../../src/main/core/api/app-context';
import { openRetrainApiCase, type RetrainApiCase } from './retrain-api-case';

describe('multi-label rhythm retrain API (real engine on wasm, real store)', () => {
  let api: RetrainApiCase;
  let ctx: AppContext;
  let events: RetrainApiCase['events'];
  let recordId: number;
  let call: RetrainApiCase['call'];
  let ended: RetrainApiCase['ended'];

  beforeAll(async () => {
    api = await openRetrainApiCase('retrain-multilabel-api-', () => ({ replayDataDir: null, rhythmReplayDataDir: null }));
    ({ ctx, events, recordId, call, ended } = api);
  }, 120_000);
  afterAll(() => api.close());

  it('trains the multi-label head from reviewed episodes and beats, versions, compares, activates, re-analyses and rolls back', async () => {
    for (const e of await call('episodes:list', { recordId }))
      await call('episodes:edit', { recordId, episodeId: e.episodeId, change: 'delete', reviewer: 'alice' });
    await call('episodes:add', { recordId, onsetSample: 0, endSample: 10_800, label: 'AFIB', reviewer: 'alice' });
    await call('episodes:add', { recordId, onsetSample: 10_800, endSample: 21_600, label: 'N', reviewer: 'alice' });
    // a V beat inside the AF episode: the window's label set is {AF, PVC}; every other beat as the model left it
    const beats = ctx.store.db
      .prepare(
        `SELECT b.id, b.label FROM beats b JOIN analyses a ON a.id = b.analysis_id WHERE a.record_id = ? AND b.deleted = 0 ORDER BY b.sample`,
      )
      .all(recordId) as { id: number; label: string }[];
    for (const b of beats) if (b.label !== 'N') await call('beats:relabel', { beatId: b.id, label: 'N', reviewer: 'alice' });
    await call('beats:relabel', { beatId: beats[10]!.id, label: 'V', reviewer: 'alice' });
    await call('review:setStatus', { recordId, status: 'reviewed', reviewer: 'alice' });
    // the panel's counts before training: per label of the multi-label option, from the review
    const dataset = await call('retrain:rhythm-dataset', {});
    expect(dataset.labelCounts).toEqual({ Normal: 1, AF: 1, PVC: 1, PAC: 0, LBBB: 0, RBBB: 0 });
    expect(dataset.cases.map((c) => c.labelCounts)).toEqual([dataset.labelCounts]);

    const run = await call('retrain:start', {
      reviewer: 'alice',
      model: 'rhythm',
      rhythmHead: 'multi-label',
      attentionWeight: 3,
      epochs: 2,
      batchSize: 8,
      learningRate: 0.001,
    });
    const done = await ended('retrain:done', run.jobId);
    expect(done).toMatchObject({ state: 'done', error: null });
    const progress = events.filter((e) => e.event === 'retrain:progress' && (e.payload as { jobId: string }).jobId === run.jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.payload).toMatchObject({
      model: 'rhythm',
      epoch: 2,
      fraction: 1,
      rhythmValidation: null,
      scope: 'recurrent-and-head',
    });

    const listed = await call('retrain:versions', {});
    const version = listed.rhythm.versions[0]!;
    expect(listed.rhythm.versions).toHaveLength(1);
    expect(version).toMatchObject({
      versionId: done.versionId,
      head: 'multi-label',
      parentId: null,
      scope: 'recurrent-and-head',
      backend: { name: 'wasm' },
      reviewedWindows: { N: 1, A: 1, O: 0, '~': 0 },
      replayWindows: 0,
      replayNote: 'no MIT-BIH data folder configured',
      hyperParameters: { lambda: 3, epochs: 2, batchSize: 8, learningRate: 0.001 },
    });
    expect(version.multiLabel?.reviewedLabels).toEqual({ Normal: 1, AF: 1, PVC: 1, PAC: 0, LBBB: 0, RBBB: 0 });
    const shippedMultiLabel = JSON.parse(readFileSync('resources/models/rhythm-multilabel/meta.json', 'utf8')) as { version: string };
    expect(version.parentVersion).toBe(shippedMultiLabel.version);
    const meta = JSON.parse(readFileSync(join(ctx.versions!.get(version.versionId).dir, 'meta.json'), 'utf8')) as {
      output: { activation: string };
      labels: { label: string }[];
    };
    expect(meta.output.activation).toBe('sigmoid');
    expect(meta.labels.map((l) => l.label)).toEqual(['Normal', 'AF', 'PVC', 'PAC', 'LBBB', 'RBBB']);

    // per-label figures on the reviewed windows beside the shipped (single-label) model's strip classes
    const compared = await call('retrain:compare-rhythm', { versionIds: [version.versionId] });
    expect(compared.cases).toEqual([{ recordId, recordName: '119x', windows: 2 }]);
    const [shipped, multi] = compared.models;
    expect(shipped?.labels).toBeNull();
    expect(multi?.labels).toMatchObject({ windows: 2, perLabel: { AF: { support: 1 }, PVC: { support: 1 }, Normal: { support: 1 } } });
    expect(multi?.reviewed?.windows).toBe(2);

    await call('retrain:activate', { versionId: version.versionId, reviewer: 'bob' });
    const again = await call('analysis:start', { recordId });
    expect((await ended('job:done', again.jobId)).state).toBe('done');
    const overview = await call('record:overview', { recordId });
    expect(overview.analysis?.models.map((m) => m.version)).toContain(version.version);
    expect(overview.recordCall).not.toBeNull();
    expect((await call('episodes:list', { recordId })).map((e) => [e.label, e.onsetSample, e.endSample, e.source])).toEqual([
      ['AFIB', 0, 10_800, 'human'],
      ['N', 10_800, 21_600, 'human'],
    ]);

    const rolledBack = await call('retrain:rollback', { reviewer: 'bob', model: 'rhythm' });
    expect(rolledBack.rhythm.activeVersionId).toBeNull();
    expect(rolledBack.rhythm.active).toEqual(rolledBack.rhythm.shipped);
  }, 300_000);
});
