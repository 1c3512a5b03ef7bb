import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReviewStore, type AnalysisResultRows } from '../../../../../src/main/core/store/review-store';
import { MIGRATIONS } from '../../../../../src/main/core/store/migrations';

function result(samples: number[], labels: AnalysisResultRows['beatLabels']): AnalysisResultRows {
  const n = samples.length;
  const attention = new Float32Array(n * 4).map((_, i) => (i % 4) / 6);
  return {
    elapsedMs: 12,
    beatSamples: Int32Array.from(samples),
    beatLabels: labels,
    beatConfidence: new Float32Array(n).fill(0.9),
    beatAttention: attention,
    beatAttentionSteps: 4,
    beatAttentionStartS: -0.25,
    beatAttentionEndS: 0.45,
    episodes: [{ label: 'A', onsetSample: 0, endSample: 3600, meanProbability: 0.8 }],
    rhythmWindowS: 30,
    windowStartSamples: Int32Array.from([0]),
    windowLabels: ['A'],
    windowProbabilities: Float32Array.from([0.1, 0.8, 0.05, 0.05]),
    windowAttention: Float32Array.from([0.5, 0.5]),
    rhythmAttentionSteps: 2,
    afBurden: 1,
    recordCall: null,
  };
}

const RECORD = {
  path: '/data/208.hea',
  name: '208',
  contentSha256: 'ab'.repeat(32),
  fsHz: 360,
  nSamples: 3600,
  signalNames: ['MLII', 'V1'],
  signalUnits: ['mV', 'mV'],
};

describe('ReviewStore', () => {
  let dir: string;
  let store: ReviewStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-'));
    store = new ReviewStore(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every migration once, with WAL and foreign keys on', () => {
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
    store = new ReviewStore(join(dir, 'db.sqlite'));
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('refuses a database from a newer build, naming the file', () => {
    store.db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    store.close();
    expect(() => new ReviewStore(join(dir, 'db.sqlite'))).toThrow(/db\.sqlite.*newer/);
    store = new ReviewStore(':memory:');
  });

  it('recognises a re-imported record by its content hash', () => {
    const first = store.upsertRecord(RECORD);
    const again = store.upsertRecord({ ...RECORD, path: '/elsewhere/208.hea' });
    expect(again).toEqual({ recordId: first.recordId, alreadyKnown: true });
    expect(store.getRecord(first.recordId).path).toBe('/elsewhere/208.hea');
    expect(store.listCases()).toHaveLength(1);
  });

  it('stores an analysis and counts its beats per class', () => {
    const { recordId } = store.upsertRecord(RECORD);
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    store.completeAnalysis(analysisId, result([100, 400, 700], ['N', 'V', 'N']));
    expect(store.beatCounts(analysisId)).toEqual({ N: 2, S: 0, V: 1, F: 0, Q: 0 });
    const [summary] = store.listCases();
    expect(summary?.analysisState).toBe('done');
    expect(summary?.afBurden).toBe(1);
    const beats = store.beatsInRange(analysisId, 300, 800);
    expect(beats.map((b) => b.sample)).toEqual([400, 700]);
    expect(Array.from(beats[0]?.attention ?? [])).toEqual([0, 1 / 6, 2 / 6, 3 / 6].map((v) => Math.fround(v)));
    expect(store.nextBeatOfClass(analysisId, 100, 'V', 1)).toBe(400);
    expect(store.nextBeatOfClass(analysisId, 400, 'V', 1)).toBeNull();
  });

  it('saves a relabel with its audit row in one step, and moves the case to in_review', () => {
    const { recordId } = store.upsertRecord(RECORD);
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    store.completeAnalysis(analysisId, result([100, 400], ['N', 'N']));
    const beat = store.beatsInRange(analysisId, 0, 1000)[1];
    const { beat: updated, event } = store.relabelBeat(beat!.beatId, 'V', 'alice');
    expect(updated).toMatchObject({ label: 'V', source: 'human', sample: 400 });
    expect(event).toMatchObject({ kind: 'beat-label', oldValue: 'N', newValue: 'V', reviewer: 'alice', sample: 400 });
    store.close();
    store = new ReviewStore(join(dir, 'db.sqlite'));
    expect(store.beatsInRange(analysisId, 0, 1000)[1]).toMatchObject({ label: 'V', source: 'human' });
    expect(store.events(recordId)).toHaveLength(1);
    expect(store.review(recordId)).toEqual({ status: 'in_review', reviewer: 'alice' });
  });

  it('carries human labels over to a re-analysis within 150 ms', () => {
    const { recordId } = store.upsertRecord(RECORD);
    const first = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    store.completeAnalysis(first, result([100, 400, 700], ['N', 'N', 'N']));
    const beat = store.beatsInRange(first, 390, 410)[0];
    store.relabelBeat(beat!.beatId, 'S', 'bob');
    const second = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    // 54 samples = 150 ms at 360 Hz: 450 is inside, 700 → 760 is outside for the others
    store.completeAnalysis(second, result([102, 450, 760], ['N', 'N', 'N']));
    expect(store.beatsInRange(second, 0, 1000).map((b) => [b.sample, b.label, b.source])).toEqual([
      [102, 'N', 'model'],
      [450, 'S', 'human'],
      [760, 'N', 'model'],
    ]);
  });

  it('leaves the database as it was when an analysis write fails', () => {
    const { recordId } = store.upsertRecord(RECORD);
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    const bad = result([100, 400], ['N', 'X' as 'N']);
    expect(() => store.completeAnalysis(analysisId, bad)).toThrow();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM beats').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM rhythm_episodes').get()).toEqual({ n: 0 });
    expect(store.latestAnalysis(recordId)?.state).toBe('running');
  });

  it('records review status changes in the audit trail and rejects unknown beats', () => {
    const { recordId } = store.upsertRecord(RECORD);
    store.setReviewStatus(recordId, 'reviewed', 'carol');
    expect(store.review(recordId)).toEqual({ status: 'reviewed', reviewer: 'carol' });
    expect(store.events(recordId)[0]).toMatchObject({ kind: 'review-status', oldValue: 'open', newValue: 'reviewed' });
    expect(() => store.relabelBeat(999, 'V', 'carol')).toThrow(/beat 999 does not exist/);
  });
});
