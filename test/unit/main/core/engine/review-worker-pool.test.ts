/**
 * The review worker builds a record's templates and events list off the serving thread, and what it returns equals
 * the full in-process computation over the beats the record has now: after a beat delete and an insert (which drop
 * the template cache), and when an edit lands while a build is under way (that build is not used; the next one
 * is). The serving loop runs while the worker builds (a callback queued after the request runs before the reply).
 * Record: `test/fixtures/qrs/100_0` (mitdb 100, 0–60 s) with its reference beats as the analysis, in a database file
 * (the worker opens it through its own connection).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateCache } from '../../../../../src/main/core/api/template-cache';
import { ReviewWorkerPool } from '../../../../../src/main/core/engine/review-worker-pool';
import { buildBeatTemplates } from '../../../../../src/main/core/review/build-beat-templates';
import { computeStoredEvents } from '../../../../../src/main/core/review/review-computations';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { EXCERPT_100_0 as HEADER, storeExcerpt100 } from '../store/store-fixtures';

describe('ReviewWorkerPool', () => {
  let dir: string;
  let store: ReviewStore;
  let editor: ReviewEditor;
  let pool: ReviewWorkerPool;
  let recordId: number;
  let analysisId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'review-worker-'));
    store = new ReviewStore(join(dir, 'review.sqlite'));
    editor = new ReviewEditor(store);
    ({ recordId, analysisId } = await storeExcerpt100(store));
    pool = new ReviewWorkerPool(store.path);
  });
  afterAll(async () => {
    await pool.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The templates built here, on this thread, from the beats the record has now. */
  const fullRebuild = () => {
    const beats = store.beatList(analysisId);
    return buildBeatTemplates(HEADER, { samples: beats.samples, labels: beats.labels });
  };

  it('rebuilds the templates after a delete and an insert, equal to a full rebuild, while the serving loop runs', async () => {
    const cache = new TemplateCache(store, pool);
    const first = await cache.get(recordId, analysisId);
    expect(first.set).toEqual(fullRebuild());
    const victim = store.beatList(analysisId);
    const deletedId = victim.beatIds[10] as number;
    editor.deleteBeats(recordId, [deletedId], 'tech');
    cache.invalidate(recordId);
    const order: string[] = [];
    const afterDelete = cache.get(recordId, analysisId).then((built) => {
      order.push('built');
      return built;
    });
    setImmediate(() => order.push('loop'));
    const deleted = await afterDelete;
    expect(order).toEqual(['loop', 'built']);
    expect(deleted.set).toEqual(fullRebuild());
    expect(deleted.set.beatCount).toBe(first.set.beatCount - 1);
    expect(Array.from(deleted.beats.beatIds)).not.toContain(deletedId);

    editor.insertBeat(recordId, (victim.samples[10] as number) + 2, 'V', 'tech');
    cache.invalidate(recordId);
    const inserted = await cache.get(recordId, analysisId);
    expect(inserted.set).toEqual(fullRebuild());
    expect(inserted.set.beatCount).toBe(first.set.beatCount);
  });

  it('does not use a build that an edit overtook: the set equals a full rebuild of the beats after the edit', async () => {
    const cache = new TemplateCache(store, pool);
    const before = store.beatList(analysisId);
    const pending = cache.get(recordId, analysisId);
    // lands while the worker reads or builds: committed, and the cache told, before the reply arrives
    editor.deleteBeats(recordId, [before.beatIds[20] as number], 'tech');
    cache.invalidate(recordId);
    const built = await pending;
    expect(built.set.beatCount).toBe(before.beatIds.length - 1);
    expect(built.set).toEqual(fullRebuild());
  });

  it('computes the events list equal to the in-process computation, with the state it read', async () => {
    editor.relabelBeats(recordId, Array.from(store.beatList(analysisId).beatIds.subarray(30, 34)), 'V', 'tech');
    const events = await pool.events(recordId);
    expect(events).toEqual(computeStoredEvents(store, recordId));
    expect(events.events.some((e) => e.kind === 'run' && e.beatClass === 'V' && e.beats === 4)).toBe(true);
    expect(events.key.lastActionId).toBe(editor.lastActionId(recordId));
  });

  it('answers a record without a finished analysis with a not-found error', async () => {
    const other = store.upsertRecord({
      path: HEADER,
      name: 'pending',
      contentSha256: '11'.repeat(32),
      fsHz: 360,
      nSamples: 21_600,
      signalNames: ['MLII'],
      signalUnits: ['mV'],
    }).recordId;
    await expect(pool.templates(other)).rejects.toMatchObject({ name: 'NotFoundError', message: /no finished analysis/ });
  });
});
