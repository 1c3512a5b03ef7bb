/**
 * `cases:remove` and the `conflict` error code through the real handlers and
 * dispatch over a real store (no models: no analysis runs here).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { responseSchemas, type EventName, type Events } from '../../../../../src/shared/api';
import type { AppContext } from '../../../../../src/main/core/api/app-context';
import { dispatch } from '../../../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../../../src/main/core/api/handlers';
import { AnalysisJobQueue } from '../../../../../src/main/core/analysis/job-queue';
import { JobStore } from '../../../../../src/main/core/store/job-store';
import { FAKE_INFO } from '../engine/fake-engine';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { uniform } from '../store/store-fixtures';

const RECORD = {
  path: '/data/119.hea',
  name: '119',
  contentSha256: 'ef'.repeat(32),
  fsHz: 360,
  nSamples: 3600,
  signalNames: ['MLII'],
  signalUnits: ['mV'],
};

describe('cases:remove and conflicts through the API', () => {
  let store: ReviewStore;
  let pushed: { event: EventName; payload: unknown }[];
  let release: () => void;
  let ctx: AppContext;

  beforeEach(() => {
    store = new ReviewStore(':memory:');
    pushed = [];
    const blocked = new Promise<void>((resolve) => (release = resolve));
    ctx = {
      store,
      engineInfo: FAKE_INFO,
      // a job that holds the queue until the test releases it
      jobs: new AnalysisJobQueue({ run: () => blocked, onEnd: () => undefined, concurrency: 1, persist: new JobStore(store.db) }),
      log: () => undefined,
      emit: <E extends EventName>(event: E, payload: Events[E]) => void pushed.push({ event, payload }),
      subscribe: () => () => undefined,
      close: async () => undefined,
    };
  });
  afterEach(async () => {
    release();
    await ctx.jobs.idle();
    store.close();
  });

  const call = (method: string, params: object) => dispatch(createHandlers(ctx), { id: 7, method, params });

  it('needs a reviewer name, removes the case with an audit row, and pushes cases:changed', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    expect(await call('cases:remove', { recordId })).toMatchObject({ error: { code: 'bad_request', message: /reviewer/ } });
    expect(await call('cases:remove', { recordId, reviewer: '  ' })).toMatchObject({ error: { code: 'bad_request' } });
    const reply = await call('cases:remove', { recordId, reviewer: 'hana' });
    expect(reply).toMatchObject({ result: { event: { recordId, name: '119', reviewer: 'hana', kind: 'case-removed' } } });
    expect(responseSchemas['cases:remove'].safeParse('result' in reply ? reply.result : null).success).toBe(true);
    expect(pushed).toEqual([{ event: 'cases:changed', payload: { recordIds: [recordId] } }]);
    expect(await call('cases:list', {})).toEqual({ id: 7, result: [] });
    expect(await call('cases:remove', { recordId, reviewer: 'hana' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses to remove a case whose analysis is queued or running, with conflict', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    ctx.jobs.enqueue(recordId);
    expect(await call('cases:remove', { recordId, reviewer: 'hana' })).toMatchObject({
      error: { code: 'conflict', message: /"119" has an analysis queued or running; cancel it/ },
    });
    expect(store.listCases()).toHaveLength(1);
  });

  it('answers a relabel of a replaced analysis with conflict and changes nothing', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const first = store.beginAnalysis(recordId, { backend: 'test', models: [], detector: 'test' });
    await store.completeAnalysis(first, uniform([100, 500], 'N'));
    const [oldBeat] = store.beatsInRange(first, 0, 3600);
    const second = store.beginAnalysis(recordId, { backend: 'test', models: [], detector: 'test' });
    await store.completeAnalysis(second, uniform([100, 500], 'N'));
    const reply = await call('beats:relabel', { beatId: oldBeat?.beatId, label: 'V', reviewer: 'hana' });
    expect(reply).toMatchObject({ error: { code: 'conflict', message: /re-analysed; reload/ } });
    expect(store.events(recordId)).toEqual([]);
    const [current] = store.beatsInRange(second, 0, 3600);
    expect(await call('beats:relabel', { beatId: current?.beatId, label: 'V', reviewer: 'hana' })).toMatchObject({
      result: { beat: { label: 'V', source: 'human' } },
    });
  });
});
