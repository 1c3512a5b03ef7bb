/**
 * Rhythm-model retraining through the API over a real AppContext (SQLite file, worker-pool engine on
 * wasm as on CI, committed models, the 60 s 119 excerpt): the rhythm training set of a reviewed case
 * whose episodes a reviewer relabelled and accepted, a cancelled run and a finished one with their
 * progress events, the rhythm version beside the beat versions, their comparison, activation, re-analysis with the new
 * rhythm version keeping the reviewer's episodes, and rollback of the rhythm model alone; every reply
 * and event checked against the contract.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../../../src/main/core/api/app-context';
import { openRetrainApiCase, type RetrainApiCase } from './retrain-api-case';

describe('rhythm retrain API (real engine on wasm, real store)', () => {
  let api: RetrainApiCase;
  let dir: string;
  let ctx: AppContext;
  let events: RetrainApiCase['events'];
  let recordId: number;
  let call: RetrainApiCase['call'];
  let ended: RetrainApiCase['ended'];

  beforeAll(async () => {
    api = await openRetrainApiCase('retrain-rhythm-api-', (dir) => ({
      replayDataDir: null,
      rhythmReplayDataDir: join(dir, 'no-such-physionet2017'),
    }));
    ({ dir, ctx, events, recordId, call, ended } = api);
  }, 120_000);
  afterAll(() => api.close());

  it('trains from corrected episodes, versions the result, re-analyses keeping them, and rolls back the rhythm model', async () => {
    // the reviewer replaces the model's episodes by two of their own: AFIB over [0, 30 s), N over [30 s, 60 s)
    for (const e of await call('episodes:list', { recordId }))
      await call('episodes:edit', { recordId, episodeId: e.episodeId, change: 'delete', reviewer: 'alice' });
    await call('episodes:add', { recordId, onsetSample: 0, endSample: 10_800, label: 'AFIB', reviewer: 'alice' });
    await call('episodes:add', { recordId, onsetSample: 10_800, endSample: 21_600, label: 'N', reviewer: 'alice' });
    expect((await call('retrain:rhythm-dataset', {})).cases).toEqual([]);
    await call('review:setStatus', { recordId, status: 'reviewed', reviewer: 'alice' });
    const dataset = await call('retrain:rhythm-dataset', {});
    expect(dataset).toEqual({
      includeModelLabels: false,
      windowS: 30,
      classCounts: { N: 1, A: 1, O: 0, '~': 0 },
      labelCounts: expect.objectContaining({ AF: 1, LBBB: 0, RBBB: 0 }),
      casesWithoutAnalysis: [],
      cases: [
        {
          recordId,
          recordName: '119x',
          reviewStatus: 'reviewed',
          classCounts: { N: 1, A: 1, O: 0, '~': 0 },
          labelCounts: expect.objectContaining({ AF: 1, LBBB: 0, RBBB: 0 }),
          humanEpisodes: 2,
          shortEpisodes: 0,
          thinnedWindows: 0,
          reviewers: ['alice'],
        },
      ],
    });

    const cancelled = await call('retrain:start', { reviewer: 'alice', model: 'rhythm', epochs: 20, batchSize: 8 });
    await new Promise<void>((resolve) => {
      const look = (): void => (events.some((e) => e.event === 'retrain:progress') ? resolve() : void setTimeout(look, 20));
      look();
    });
    expect(await call('retrain:cancel', { jobId: cancelled.jobId })).toEqual({ cancelled: true });
    expect(await ended('retrain:done', cancelled.jobId)).toMatchObject({ state: 'cancelled', versionId: null });
    expect((await call('retrain:versions', {})).rhythm.versions).toEqual([]);

    const run = await call('retrain:start', { reviewer: 'alice', model: 'rhythm', epochs: 2, batchSize: 8, learningRate: 0.001 });
    const done = await ended('retrain:done', run.jobId);
    expect(done).toMatchObject({ state: 'done', error: null });
    const progress = events.filter((e) => e.event === 'retrain:progress' && (e.payload as { jobId: string }).jobId === run.jobId);
    expect(progress.at(-1)?.payload).toMatchObject({
      model: 'rhythm',
      epoch: 2,
      epochs: 2,
      fraction: 1,
      validation: null,
      scope: 'recurrent-and-head',
      backend: 'wasm',
    });
    const listed = await call('retrain:versions', {});
    expect(listed.versions).toEqual([]);
    expect(listed.rhythm.activeVersionId).toBeNull();
    expect(listed.rhythm.versions).toHaveLength(1);
    const version = listed.rhythm.versions[0]!;
    expect(version).toMatchObject({
      versionId: done.versionId,
      parentVersion: listed.rhythm.shipped.version,
      scope: 'recurrent-and-head',
      backend: { name: 'wasm' },
      createdBy: 'alice',
      cases: 1,
      reviewedWindows: { N: 1, A: 1, O: 0, '~': 0 },
      replayWindows: 0,
    });
    expect(version.replayNote).toMatch(/no-such-physionet2017 is absent/);
    expect(readdirSync(join(dir, 'versions', 'rhythm'))).toEqual([version.version]);

    // side by side on the reviewed windows: both models score the case's two windows, the new version has seen it
    const compared = await call('retrain:compare-rhythm', { versionIds: [version.versionId] });
    expect(compared.cases).toEqual([{ recordId, recordName: '119x', windows: 2 }]);
    expect(compared.challenge).toEqual({ reason: 'PhysioNet 2017 not asked for' });
    expect(compared.models.map((m) => [m.versionId, m.seenCases, m.reviewed?.windows, m.reviewed?.byClass.A.support, m.challenge])).toEqual(
      [
        [null, [], 2, 1, null],
        [version.versionId, [recordId], 2, 1, null],
      ],
    );
    await expect(call('retrain:compare', { versionIds: [version.versionId], shipped: false })).rejects.toThrow(/is a rhythm model/);

    const activated = await call('retrain:activate', { versionId: version.versionId, reviewer: 'bob' });
    expect(activated.rhythm.activeVersionId).toBe(version.versionId);
    expect(activated.activeVersionId).toBeNull();
    const again = await call('analysis:start', { recordId });
    expect((await ended('job:done', again.jobId)).state).toBe('done');
    const overview = await call('record:overview', { recordId });
    expect(overview.analysis?.models.map((m) => m.version)).toEqual([listed.shipped.version, version.version]);
    expect((await call('episodes:list', { recordId })).map((e) => [e.label, e.onsetSample, e.endSample, e.source])).toEqual([
      ['AFIB', 0, 10_800, 'human'],
      ['N', 10_800, 21_600, 'human'],
    ]);

    const rolledBack = await call('retrain:rollback', { reviewer: 'bob', model: 'rhythm' });
    expect(rolledBack.rhythm.activeVersionId).toBeNull();
    expect(rolledBack.rhythm.active).toEqual(rolledBack.rhythm.shipped);
    expect(ctx.versions?.events().map((e) => [e.kind, e.version])).toEqual([
      ['activated', version.version],
      ['rolled-back', listed.rhythm.shipped.version],
    ]);
  }, 300_000);
});
