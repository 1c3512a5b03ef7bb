import { copyFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../../../../../src/shared/api';
import { createAppContext, type AppContext } from '../../../../../src/main/core/api/app-context';
import type { AnalysisEngine } from '../../../../../src/main/core/engine/analysis-engine';
import { WorkerPoolEngine } from '../../../../../src/main/core/engine/worker-pool-engine';
import { probeRecord } from '../../../../../src/main/core/wfdb/probe-record';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';

const BEAT_FIXTURES = join(REPO_ROOT, 'test/fixtures/beats');
/** Chunk length, in s: the 180 s excerpts become 9 chunks, so the damage lands after the first chunk's pass. */
const CHUNK_S = 20;

/**
 * A real worker-pool engine whose record `damaged` has its signal file cut to 100 bytes as soon as
 * the first chunk's QRS pass has come back: the later chunks' tasks, in the workers, then find the
 * file shorter than the header says (data gone bad mid-analysis, e.g. a file on a share being
 * overwritten).
 */
function damagingEngine(inner: WorkerPoolEngine, damaged: string): AnalysisEngine {
  return {
    info: () => inner.info(),
    close: () => inner.close(),
    retrain: (task, hooks) => inner.retrain(task, hooks),
    analyze: (task, hooks = {}) =>
      inner.analyze(task, {
        ...hooks,
        onProgress: (stage, fraction) => {
          if (task.headerPath === damaged && stage === 'qrs' && fraction > 0) truncateSync(damaged.replace(/\.hea$/, '.dat'), 100);
          hooks.onProgress?.(stage, fraction);
        },
      }),
  };
}

describe('a chunk task that fails (real worker_threads, committed models)', () => {
  let dir: string;
  let ctx: AppContext;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-failing-chunk-'));
    mkdirSync(join(dir, 'records'));
    for (const name of ['208x', '119x'])
      for (const ext of ['hea', 'dat']) copyFileSync(join(BEAT_FIXTURES, `${name}.${ext}`), join(dir, 'records', `${name}.${ext}`));
    const damaged = join(dir, 'records', '208x.hea');
    const engine = damagingEngine(new WorkerPoolEngine({ workers: 2, chunkS: CHUNK_S }), damaged);
    ctx = await createAppContext({ databasePath: join(dir, 'review.sqlite'), engine, log: (line) => void logs.push(line) });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends the job failed naming the file, leaves no analysis running, and the queued job after it runs on the same workers', async () => {
    const done: Events['job:done'][] = [];
    const bothDone = new Promise<void>((resolve) =>
      ctx.subscribe((event, payload) => {
        if (event !== 'job:done') return;
        done.push(payload as Events['job:done']);
        if (done.length === 2) resolve();
      }),
    );
    const ids = ['208x', '119x'].map((name) => {
      const path = join(dir, 'records', `${name}.hea`);
      const probe = probeRecord(path);
      return ctx.store.upsertRecord({
        path,
        name,
        contentSha256: name.padEnd(64, '0'),
        fsHz: probe.header.fsHz,
        nSamples: probe.nSamples,
        signalNames: ['MLII', 'V1'],
        signalUnits: ['mV', 'mV'],
      }).recordId;
    });
    const [damagedId, healthyId] = ids as [number, number];
    // The engine has two workers, so the queue runs two jobs at once: the healthy record is queued
    // behind the damaged one and starts while that one's chunks are still in the pool.
    const damagedJob = ctx.jobs.enqueue(damagedId, { kind: 'analysis', force: true });
    const healthyJob = ctx.jobs.enqueue(healthyId, { kind: 'analysis', force: true });
    await bothDone;

    const failed = done.find((d) => d.jobId === damagedJob);
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toContain(join(dir, 'records', '208x.dat'));
    expect(failed?.error).toMatch(/too short/);
    expect(logs.some((l) => l.includes(join(dir, 'records', '208x.hea')) && l.includes('failed'))).toBe(true);

    const healthy = done.find((d) => d.jobId === healthyJob);
    expect(healthy).toEqual({ jobId: healthyJob, recordId: healthyId, state: 'done', error: null });
    const stored = ctx.store.latestAnalysis(healthyId, 'done');
    expect(stored).not.toBeNull();
    // 119x.atr holds 66 reference beats (test/fixtures/beats/README.md): the analysis is whole, not cut short
    expect(Math.abs(ctx.store.beatList(stored?.analysisId ?? 0).samples.length - 66)).toBeLessThanOrEqual(2);

    const states = ctx.store.db.prepare('SELECT record_id AS recordId, state, error FROM analyses ORDER BY id').all() as {
      recordId: number;
      state: string;
      error: string | null;
    }[];
    expect(states.filter((a) => a.state === 'running')).toEqual([]);
    expect(states.find((a) => a.recordId === damagedId)).toMatchObject({ state: 'failed', error: failed?.error });
    expect(ctx.jobs.stateOf(damagedId)).toBeNull();
  });
});
