/**
 * Retraining through the API over a real AppContext (SQLite file, worker-pool engine on wasm as on
 * CI, committed models, the 119 excerpt): the training set of a reviewed case, a cancelled run and a
 * finished one with their events, the versions, activation, re-analysis with the new version
 * keeping every human label and its diff, rollback; every reply and event checked against the
 * contract, and out-of-bounds params refused.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../../../src/main/core/api/app-context';
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import type { Handlers } from '../../../../../src/main/core/api/handlers';
import { REFERENCE_119 } from '../retrain/reviewed-case';
import { openRetrainApiCase, type RetrainApiCase } from './retrain-api-case';

describe('retrain API (real engine on wasm, real store)', () => {
  let api: RetrainApiCase;
  let dir: string;
  let ctx: AppContext;
  let handlers: Handlers;
  let events: RetrainApiCase['events'];
  let recordId: number;
  let call: RetrainApiCase['call'];
  let ended: RetrainApiCase['ended'];

  beforeAll(async () => {
    api = await openRetrainApiCase('retrain-api-', (dir) => ({ replayDataDir: join(dir, 'no-such-mitdb') }));
    ({ dir, ctx, handlers, events, recordId, call, ended } = api);
  }, 120_000);
  afterAll(() => api.close());

  it('trains from corrected labels, versions the result, re-analyses keeping human labels, and rolls back', async () => {
    // correct: every detected beat within 150 ms of a reference V becomes V (reviewer), the case reviewed
    const beats = (await call('record:window', { recordId, startSample: 0, endSample: 21600 })).beats;
    const vSamples = Array.from(REFERENCE_119.beatSamples).filter((_, i) => REFERENCE_119.beatClasses[i] === 'V');
    const vIds = beats.filter((b) => vSamples.some((s) => Math.abs(s - b.sample) <= 54)).map((b) => b.beatId);
    expect(vIds.length).toBeGreaterThanOrEqual(20);
    await call('beats:relabelMany', { recordId, beatIds: vIds, label: 'V', reviewer: 'alice' });
    expect((await call('retrain:dataset', {})).cases).toEqual([]);
    await call('review:setStatus', { recordId, status: 'reviewed', reviewer: 'alice' });
    const dataset = await call('retrain:dataset', {});
    expect(dataset.cases).toEqual([
      {
        recordId,
        recordName: '119x',
        reviewStatus: 'reviewed',
        classCounts: { N: 0, S: 0, V: vIds.length, F: 0, Q: 0 },
        humanBeats: vIds.length,
        reviewers: ['alice'],
      },
    ]);
    expect((await call('retrain:dataset', { includeModelLabels: true })).classCounts.V).toBeGreaterThanOrEqual(vIds.length);

    // a run cancelled at its first progress event ends 'cancelled' and leaves no version
    const cancelled = await call('retrain:start', {
      reviewer: 'alice',
      includeModelLabels: true,
      epochs: 20,
      batchSize: 8,
      replayRatio: 0,
    });
    await new Promise<void>((resolve) => {
      const look = (): void => (events.some((e) => e.event === 'retrain:progress') ? resolve() : void setTimeout(look, 20));
      look();
    });
    expect(await call('retrain:cancel', { jobId: cancelled.jobId })).toEqual({ cancelled: true });
    expect(await ended('retrain:done', cancelled.jobId)).toEqual({
      jobId: cancelled.jobId,
      state: 'cancelled',
      error: null,
      versionId: null,
    });
    expect((await call('retrain:versions', {})).versions).toEqual([]);

    const run = await call('retrain:start', { reviewer: 'alice', includeModelLabels: true, epochs: 2, batchSize: 16, learningRate: 0.005 });
    const done = await ended('retrain:done', run.jobId);
    expect(done).toMatchObject({ state: 'done', error: null });
    const progress = events.filter((e) => e.event === 'retrain:progress' && (e.payload as { jobId: string }).jobId === run.jobId);
    expect(progress.at(-1)?.payload).toMatchObject({ epoch: 2, epochs: 2, fraction: 1, scope: 'recurrent-and-head', backend: 'wasm' });
    const listed = await call('retrain:versions', {});
    expect(listed.activeVersionId).toBeNull();
    expect(listed.active).toEqual(listed.shipped);
    expect(listed.versions).toHaveLength(1);
    const version = listed.versions[0]!;
    expect(version).toMatchObject({
      versionId: done.versionId,
      parentVersion: listed.shipped.version,
      scope: 'recurrent-and-head',
      backend: { name: 'wasm' },
      createdBy: 'alice',
      active: false,
      cases: 1,
    });
    expect(version.replayNote).toMatch(/no-such-mitdb is absent/);
    expect(readdirSync(join(dir, 'versions', 'beats'))).toEqual([version.version]);

    // side by side on the reviewed case: the shipped model's calls on the human-labelled beats are the first
    // analysis's model labels (the audit rows' old values), and the case is marked as seen by the new version
    const compared = await call('retrain:compare', { versionIds: [version.versionId] });
    expect(compared.cases).toEqual([{ recordId, recordName: '119x', beats: vIds.length }]);
    expect(compared.ds2).toEqual({ reason: 'DS2 not asked for' });
    expect(compared.models.map((m) => [m.versionId, m.version, m.seenCases, m.ds2])).toEqual([
      [null, listed.shipped.version, [], null],
      [version.versionId, version.version, [recordId], null],
    ]);
    const audit = await call('review:events', { recordId });
    // a changed label's audit row holds the model's label as its old value; a confirmation's holds it as its new value
    const modelLabels = audit.flatMap((e) => (e.kind === 'beat-label' ? [e.oldValue] : e.kind === 'beat-confirmed' ? [e.newValue] : []));
    expect(modelLabels).toHaveLength(vIds.length);
    const modelCalledV = modelLabels.filter((label) => label === 'V').length;
    expect(compared.models[0]?.reviewed).toMatchObject({ beats: vIds.length, accuracy: modelCalledV / vIds.length });
    expect(compared.models[0]?.reviewed?.byClass.V?.support).toBe(vIds.length);
    const missingDs2 = await call('retrain:compare', { versionIds: [], ds2: true });
    expect(missingDs2.ds2).toEqual({ reason: expect.stringMatching(/no-such-mitdb holds no DS2 record/) });
    expect(missingDs2.models).toHaveLength(1);

    const activated = await call('retrain:activate', { versionId: version.versionId, reviewer: 'bob' });
    expect(activated.activeVersionId).toBe(version.versionId);
    expect(activated.active.version).toBe(version.version);

    const before = (await call('record:window', { recordId, startSample: 0, endSample: 21600 })).beats;
    const again = await call('analysis:start', { recordId });
    expect((await ended('job:done', again.jobId)).state).toBe('done');
    const after = (await call('record:window', { recordId, startSample: 0, endSample: 21600 })).beats;
    // every human label kept at its beat; only model labels may change
    for (const human of before.filter((b) => b.source === 'human')) {
      expect(after.find((b) => b.sample === human.sample)).toMatchObject({ label: 'V', source: 'human' });
    }
    const diff = await call('retrain:diff', { recordId });
    expect(diff.toModel?.version).toBe(version.version);
    expect(diff.fromModel?.version).toBe(listed.shipped.version);
    expect(diff.humanLabels).toEqual({ before: vIds.length, kept: vIds.length });
    const changedHere = after.filter((b) => before.find((o) => o.sample === b.sample)?.label !== b.label).length;
    expect(diff.changedBeats).toBe(changedHere);
    expect(diff.changed.reduce((n, c) => n + c.beats, 0)).toBe(diff.changedBeats);
    expect(diff.comparedBeats).toBe(after.length);

    const rolledBack = await call('retrain:rollback', { reviewer: 'bob' });
    expect(rolledBack.activeVersionId).toBeNull();
    expect(rolledBack.active).toEqual(rolledBack.shipped);
    expect(ctx.versions?.events().map((e) => [e.kind, e.reviewer])).toEqual([
      ['activated', 'bob'],
      ['rolled-back', 'bob'],
    ]);
  }, 300_000);

  it('refuses out-of-bounds hyper-parameters and unknown versions', async () => {
    const epochs = await dispatch(handlers, { id: 1, method: 'retrain:start', params: { reviewer: 'a', epochs: 51 } });
    expect(epochs).toMatchObject({ error: { code: 'bad_request' } });
    const ratio = await dispatch(handlers, { id: 2, method: 'retrain:start', params: { reviewer: 'a', replayRatio: -1 } });
    expect(ratio).toMatchObject({ error: { code: 'bad_request' } });
    const missing = await dispatch(handlers, { id: 3, method: 'retrain:activate', params: { versionId: 999, reviewer: 'a' } });
    expect(missing).toMatchObject({ error: { code: 'not_found' } });
    const none = await dispatch(handlers, { id: 4, method: 'retrain:compare', params: { shipped: false } });
    expect(none).toMatchObject({ error: { code: 'bad_request' } });
    const tooMany = await dispatch(handlers, { id: 5, method: 'retrain:compare', params: { versionIds: [1, 2, 3, 4, 5, 6, 7] } });
    expect(tooMany).toMatchObject({ error: { code: 'bad_request' } });
    const unknown = await dispatch(handlers, { id: 6, method: 'retrain:compare', params: { versionIds: [999] } });
    expect(unknown).toMatchObject({ error: { code: 'not_found' } });
  });
});
