import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Events } from '../../../../../src/shared/api';
import { createAppContext, type AppContext } from '../../../../../src/main/core/api/app-context';
import { createHandlers } from '../../../../../src/main/core/api/handlers';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { JobStore } from '../../../../../src/main/core/store/job-store';
import { FakeEngine } from '../engine/fake-engine';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';

const QRS_FIXTURES = join(REPO_ROOT, 'test/fixtures/qrs');

/** Copies fixture records (header, signal) into a folder. */
function copyRecords(dir: string, names: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const name of names)
    for (const ext of ['hea', 'dat']) copyFileSync(join(QRS_FIXTURES, `${name}.${ext}`), join(dir, `${name}.${ext}`));
}

/** Collects pushed events of a context. */
function recorder(ctx: AppContext): { done: Events['job:done'][]; progress: Events['job:progress'][]; waitDone(n: number): Promise<void> } {
  const done: Events['job:done'][] = [];
  const progress: Events['job:progress'][] = [];
  const waiters: (() => void)[] = [];
  ctx.subscribe((event, payload) => {
    if (event === 'job:progress') progress.push(payload as Events['job:progress']);
    if (event === 'job:done') {
      done.push(payload as Events['job:done']);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const waitDone = async (n: number): Promise<void> => {
    while (done.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { done, progress, waitDone };
}

describe('app context: job queue over the engine', () => {
  let dir: string;
  let databasePath: string;
  const logs: string[] = [];
  const log = (line: string): void => void logs.push(line);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'holter-ctx-'));
    databasePath = join(dir, 'review.sqlite');
    logs.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('imports at once (a row per header), reports a bad header and a failing analysis, and finishes the rest of the batch', async () => {
    const records = join(dir, 'records');
    copyRecords(records, ['100_0', '203_600', '207_170']);
    writeFileSync(join(records, 'broken.hea'), 'broken x 360\n');
    const failing = new WfdbError(join(records, '203_600.dat'), 'signal file too short');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = new FakeEngine((task) => (task.headerPath.includes('203_600') ? failing : 'succeed'));
    const gatedEngine = Object.assign(Object.create(engine) as FakeEngine, {
      analyze: async (...args: Parameters<FakeEngine['analyze']>) => {
        await gate;
        return engine.analyze(...args);
      },
    });
    const ctx = await createAppContext({ databasePath, engine: gatedEngine, log });
    const events = recorder(ctx);
    const handlers = createHandlers(ctx);

    const result = await handlers['cases:import']({ path: records, reanalyse: false });
    expect(result.imported.map((r) => r.name).sort()).toEqual(['100_0', '203_600', '207_170']);
    expect(result.imported.every((r) => r.jobId !== null && !r.alreadyKnown)).toBe(true);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.path).toBe(join(records, 'broken.hea'));
    const listed = await handlers['cases:list']({});
    expect(listed.map((c) => c.name).sort()).toEqual(['100_0', '203_600', '207_170']);
    expect(events.done).toHaveLength(0);

    release();
    await events.waitDone(3);
    const byName = new Map(result.imported.map((r) => [r.name, r]));
    const doneOf = (name: string) => events.done.find((d) => d.jobId === byName.get(name)?.jobId);
    expect(doneOf('100_0')).toMatchObject({ state: 'done', error: null });
    expect(doneOf('207_170')).toMatchObject({ state: 'done', error: null });
    expect(doneOf('203_600')).toMatchObject({ state: 'failed', error: failing.message });
    expect(logs.some((l) => l.includes(join(records, '203_600.hea')) && l.includes('signal file too short'))).toBe(true);
    expect(logs.some((l) => l.includes(join(records, 'broken.hea')))).toBe(true);
    expect((await handlers['cases:list']({})).map((c) => c.name).sort()).toEqual(['100_0', '207_170']);
    expect(logs).toContain(`import of ${join(records, '203_600.hea')} undone: the record is removed again`);
    const jobsTable = new JobStore(ctx.store.db);
    expect(jobsTable.get(byName.get('100_0')?.jobId ?? '')).toEqual({ state: 'done', error: null });
    expect(jobsTable.pending()).toEqual([]);
    await ctx.close();
  });

  it('keeps a record whose re-analysis fails, with the failure stored and reported', async () => {
    const records = join(dir, 'records');
    copyRecords(records, ['100_0']);
    let fail = false;
    const ctx = await createAppContext({
      databasePath,
      engine: new FakeEngine(() => (fail ? new Error('worker ran out of memory') : 'succeed')),
      log,
    });
    const events = recorder(ctx);
    const handlers = createHandlers(ctx);
    const imported = await handlers['cases:import']({ path: records, reanalyse: false });
    await events.waitDone(1);
    fail = true;
    const recordId = imported.imported[0]?.recordId ?? 0;
    const { jobId } = await handlers['analysis:start']({ recordId });
    await events.waitDone(2);
    expect(events.done[1]).toEqual({ jobId, recordId, state: 'failed', error: 'worker ran out of memory' });
    expect(new JobStore(ctx.store.db).get(jobId)).toEqual({ state: 'failed', error: 'worker ran out of memory' });
    expect((await handlers['cases:list']({}))[0]).toMatchObject({
      recordId,
      analysisState: 'failed',
      analysisError: 'worker ran out of memory',
    });
    await ctx.close();
  });

  it('reports whole-job progress that never decreases, with record name, elapsed time and ETA', async () => {
    const records = join(dir, 'records');
    copyRecords(records, ['100_0']);
    const ctx = await createAppContext({ databasePath, engine: new FakeEngine(() => 'succeed'), log });
    const events = recorder(ctx);
    await createHandlers(ctx)['cases:import']({ path: join(records, '100_0.hea'), reanalyse: false });
    await events.waitDone(1);
    expect(events.progress.map((p) => p.stage)).toEqual(['hash', 'hash', 'read', 'qrs', 'beats', 'rhythm', 'store']);
    const fractions = events.progress.map((p) => p.fraction);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
    expect(events.progress.every((p) => p.recordName === '100_0' && p.elapsedMs >= 0)).toBe(true);
    expect(events.progress.at(-1)?.etaMs).toBe(0);
    await ctx.close();
  });

  it('requeues jobs queued or running when the process stopped, on the next start, and leaves a live one its jobs (real store file)', async () => {
    const records = join(dir, 'records');
    copyRecords(records, ['100_0', '203_600']);
    const first = new FakeEngine(() => 'hang');
    const ctx1 = await createAppContext({ databasePath, engine: first, log });
    const imported = await createHandlers(ctx1)['cases:import']({ path: records, reanalyse: false });
    const jobIds = imported.imported.map((r) => r.jobId);
    await expect.poll(() => first.tasks.length).toBe(1);
    expect(ctx1.jobs.stateOf(imported.imported[1]?.recordId ?? 0)).toBe('queued');
    const bystander = new FakeEngine(() => 'succeed');
    const sharing = await createAppContext({ databasePath, engine: bystander, log });
    expect(sharing.jobs.stateOf(imported.imported[1]?.recordId ?? 0)).toBeNull();
    await sharing.close();
    expect(bystander.tasks).toEqual([]);
    await ctx1.close();

    const second = new FakeEngine(() => 'succeed');
    const ctx2 = await createAppContext({ databasePath, engine: second, log });
    const events = recorder(ctx2);
    await events.waitDone(2);
    expect(events.done.map((d) => d.jobId).sort()).toEqual([...jobIds].sort());
    expect(events.done.every((d) => d.state === 'done')).toBe(true);
    expect(second.tasks.map((t) => t.headerPath).sort()).toEqual([join(records, '100_0.hea'), join(records, '203_600.hea')]);
    expect(logs).toContain('requeued 2 job(s) left by the previous run');
    await ctx2.close();
  });

  it('recognises a recording imported again from another folder once its content is hashed', async () => {
    copyRecords(join(dir, 'a'), ['100_0']);
    copyRecords(join(dir, 'b'), ['100_0']);
    const ctx = await createAppContext({ databasePath, engine: new FakeEngine(() => 'succeed'), log });
    const events = recorder(ctx);
    const handlers = createHandlers(ctx);
    const firstImport = await handlers['cases:import']({ path: join(dir, 'a'), reanalyse: false });
    await events.waitDone(1);
    const secondImport = await handlers['cases:import']({ path: join(dir, 'b'), reanalyse: false });
    await events.waitDone(2);
    const cases = await handlers['cases:list']({});
    expect(cases).toHaveLength(1);
    expect(cases[0]?.recordId).toBe(firstImport.imported[0]?.recordId);
    expect(cases[0]?.path).toBe(join(dir, 'b', '100_0.hea'));
    expect(events.done[1]).toMatchObject({ jobId: secondImport.imported[0]?.jobId, recordId: firstImport.imported[0]?.recordId });
    await ctx.close();
  });

  it('cancels a queued job with job:done cancelled', async () => {
    const records = join(dir, 'records');
    copyRecords(records, ['100_0', '203_600']);
    const ctx = await createAppContext({ databasePath, engine: new FakeEngine(() => 'hang'), log });
    const events = recorder(ctx);
    const handlers = createHandlers(ctx);
    const imported = await handlers['cases:import']({ path: records, reanalyse: false });
    const [running, queued] = imported.imported;
    expect(await handlers['analysis:cancel']({ jobId: queued?.jobId ?? '' })).toEqual({ cancelled: true });
    expect(await handlers['analysis:cancel']({ jobId: running?.jobId ?? '' })).toEqual({ cancelled: true });
    await events.waitDone(2);
    expect(events.done.map((d) => d.state)).toEqual(['cancelled', 'cancelled']);
    await ctx.close();
  });
});
