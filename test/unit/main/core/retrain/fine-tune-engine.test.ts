/**
 * Fine-tuning as an engine task: a worker of the pool (wasm, as on CI) reads the reviewed case
 * from the database file and the record from disk, reports progress per batch, and writes the new
 * version; a cancelled run leaves no folder.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPoolEngine } from '../../../../../src/main/core/engine/worker-pool-engine';
import type { FineTuneProgress } from '../../../../../src/main/core/retrain/fine-tune-beats';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';
import { addExcerptCase, REFERENCE_119 } from './reviewed-case';

describe('fine-tuning on the worker-pool engine', () => {
  let dir: string;
  let store: ReviewStore;
  let engine: WorkerPoolEngine;
  const task = (outDir: string) => ({
    kind: 'beats' as const,
    databasePath: store.path,
    baseModelDir: join(REPO_ROOT, 'resources/models/beats'),
    outDir,
    version: 'site-test',
    includeModelLabels: true,
    replayDataDir: null,
    hyperParameters: { epochs: 1, batchSize: 16 },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-fine-tune-'));
    store = new ReviewStore(join(dir, 'review.sqlite'));
    engine = new WorkerPoolEngine({ workers: 1, backend: 'wasm' });
    const editor = new ReviewEditor(store);
    const c = await addExcerptCase(store, '119x');
    editor.relabelBeats(
      c.recordId,
      c.beatIds.filter((_, i) => REFERENCE_119.beatClasses[i] === 'V'),
      'V',
      'alice',
    );
    editor.setStatus(c.recordId, 'reviewed', 'alice');
  });
  afterAll(async () => {
    await engine.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trains in a worker, reports every batch and returns the data it used', async () => {
    const progress: FineTuneProgress[] = [];
    const summary = await engine.retrain(task(join(dir, 'v1')), { onProgress: (p) => progress.push(p) });
    expect(summary.cases).toEqual([{ recordId: 1, recordName: '119x', classCounts: { N: 41, S: 0, V: 25, F: 0, Q: 0 } }]);
    expect(summary.reviewers).toEqual(['alice']);
    expect(summary.replay).toEqual({ reason: 'no replay data folder configured' });
    expect(summary.scope).toBe('recurrent-and-head');
    expect(summary.backend.name).toBe('wasm');
    expect(progress.length).toBe(progress[0]?.batches);
    expect(existsSync(join(dir, 'v1', 'meta.json'))).toBe(true);
  });

  it('stops when cancelled and leaves no model', async () => {
    const controller = new AbortController();
    const run = engine.retrain(task(join(dir, 'v2')), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir).filter((f) => f.includes('v2'))).toEqual([]);
  });
});
