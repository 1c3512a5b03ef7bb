/**
 * Model versions: a version's training cases include its ancestors' (so a comparison does not call a
 * case held out for a child of the version that learnt from it), and an unknown version is refused.
 * Beat and rhythm versions are kept apart (folders, active version, rollback). The versions' folders
 * are copies of the shipped models (only their rows differ).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelVersions } from '../../../../../src/main/core/retrain/model-versions';
import type { FineTuneSummary } from '../../../../../src/main/core/retrain/run-fine-tune';
import { NotFoundError, ReviewStore } from '../../../../../src/main/core/store/review-store';

const SHIPPED = resolve('resources/models/beats');

describe('ModelVersions', () => {
  let dir: string;
  let store: ReviewStore;
  let versions: ModelVersions;

  /** A finished run's summary that trained on `recordIds`, its folder a copy of the shipped model. */
  const summary = (name: string, recordIds: number[]): FineTuneSummary => {
    const modelDir = join(versions.beatsRoot, name);
    cpSync(SHIPPED, modelDir, { recursive: true });
    const counts = { N: 1, S: 0, V: 0, F: 0, Q: 0 };
    return {
      modelDir,
      scope: 'recurrent-and-head',
      scopeReason: 'test',
      frozenLayers: [],
      backend: { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', tfVersion: null },
      hyperParameters: {
        epochs: 1,
        batchSize: 8,
        learningRate: 1e-3,
        replayRatio: 0,
        replayDistillation: 0,
        validationFraction: 0,
        classWeightPower: 1,
        classWeightCap: 1,
        seed: 1,
      },
      trainCounts: { reviewed: counts, replay: counts },
      validationCounts: counts,
      before: null,
      history: [],
      parentVersion: '1.0.0',
      seconds: 1,
      cases: recordIds.map((recordId) => ({ recordId, recordName: `r${recordId}`, classCounts: counts })),
      reviewers: ['alice'],
      replay: { reason: 'replay ratio 0' },
    };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'model-versions-'));
    store = new ReviewStore(join(dir, 'review.sqlite'));
    versions = new ModelVersions(store, join(dir, 'versions'), SHIPPED);
  });
  afterAll(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("includes the parent's cases, and refuses an unknown version", () => {
    const parent = versions.add(summary('p', [3, 1]), 'p', null, 'alice');
    const child = versions.add(summary('c', [2, 3]), 'c', parent.versionId, 'alice');
    const sibling = versions.add(summary('s', [5]), 's', null, 'alice');
    expect(versions.trainedOn(parent.versionId)).toEqual([1, 3]);
    expect(versions.trainedOn(child.versionId)).toEqual([1, 2, 3]);
    expect(versions.trainedOn(sibling.versionId)).toEqual([5]);
    expect(() => versions.trainedOn(999)).toThrow(NotFoundError);
  });

  it('keeps the beat and rhythm models apart: their own folders, active version, activation and rollback', () => {
    const rhythmShipped = resolve('resources/models/rhythm');
    expect(versions.shippedRhythmDir).toBe(rhythmShipped);
    const next = versions.nextVersion('rhythm');
    expect(next.dir.startsWith(versions.rhythmRoot)).toBe(true);
    cpSync(rhythmShipped, next.dir, { recursive: true });
    const rhythm = versions.add({ ...summary('b', [7]), modelDir: next.dir }, next.version, null, 'alice', 'rhythm');
    expect(rhythm.kind).toBe('rhythm');
    expect(versions.list('rhythm').map((r) => r.version)).toEqual([next.version]);
    expect(versions.list('beats').every((r) => r.kind === 'beats')).toBe(true);
    const beat = versions.list('beats')[0]!;
    versions.activate(beat.versionId, 'bob');
    versions.activate(rhythm.versionId, 'bob');
    expect(versions.activeBeatModel().row?.versionId).toBe(beat.versionId);
    expect(versions.activeModel('rhythm').dir).toBe(next.dir);
    versions.rollback('bob', 'rhythm');
    expect(versions.activeModel('rhythm')).toMatchObject({ dir: rhythmShipped, row: null });
    expect(versions.activeBeatModel().row?.versionId).toBe(beat.versionId);
    expect(versions.events().map((e) => [e.kind, e.version])).toEqual([
      ['activated', beat.version],
      ['activated', next.version],
      ['rolled-back', versions.shippedVersion('rhythm').version],
    ]);
    // a beat folder is not a rhythm model: activating a rhythm row pointing at one is refused
    store.db.prepare('UPDATE model_versions SET dir = ? WHERE id = ?').run(beat.dir, rhythm.versionId);
    expect(() => versions.activate(rhythm.versionId, 'bob')).toThrow(/not a rhythm model/);
  });
});
