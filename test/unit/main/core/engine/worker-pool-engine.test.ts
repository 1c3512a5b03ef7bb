import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeRecord, loadAnalysisModels } from '../../../../../src/main/core/analysis/analyze-record';
import { WorkerPoolEngine } from '../../../../../src/main/core/engine/worker-pool-engine';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { probeRecord } from '../../../../../src/main/core/wfdb/probe-record';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';

/**
 * Chunk length of the engine under test, in s: the 3-min mitdb 208 excerpt becomes 3 chunks classified in both workers
 * at once, its rows streamed into the store in order (records of at most 61 s, as the other two, are one chunk).
 */
const CHUNK_S = 60;
const RECORDS = [
  join(REPO_ROOT, 'test/fixtures/beats/208x.hea'),
  join(REPO_ROOT, 'test/fixtures/qrs/203_600.hea'),
  join(REPO_ROOT, 'test/fixtures/rhythm/A00003.hea'),
];

describe('worker-pool engine (real worker_threads, committed models)', () => {
  let dir: string;
  let store: ReviewStore;
  let engine: WorkerPoolEngine;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-engine-'));
    store = new ReviewStore(join(dir, 'review.sqlite'));
    engine = new WorkerPoolEngine({ workers: 2, chunkS: CHUNK_S });
    await engine.info();
  });
  afterAll(async () => {
    await engine.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newAnalysis = (headerPath: string): number => {
    const { recordId } = store.upsertRecord({
      path: headerPath,
      name: headerPath,
      contentSha256: headerPath,
      fsHz: 1,
      nSamples: existsSync(headerPath.replace(/#.*$/, '')) ? probeRecord(headerPath.replace(/#.*$/, '')).nSamples : 1,
      signalNames: [],
      signalUnits: [],
    });
    return store.beginAnalysis(recordId, { backend: 'test', models: [], detector: 'test' });
  };

  it('loads the models once and reports the backend and model versions the app stores', async () => {
    const info = await engine.info();
    expect(info.concurrency).toBe(2);
    expect(info.models.map((m) => m.version)).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+\.\d+\.\d+$/)]));
    expect(['tensorflow', 'wasm', 'cpu']).toContain(info.backend.name);
  });

  it.each(RECORDS)(
    'stores the same beats, labels, confidences and episodes as the unchunked in-process analysis (%s)',
    async (headerPath) => {
      const analysisId = newAnalysis(headerPath);
      const stages: string[] = [];
      const last = new Map<string, number>();
      const summary = await engine.analyze(
        { headerPath, databasePath: store.path, analysisId },
        {
          onProgress: (stage, f) => {
            // chunks finish in any order across the workers, yet each stage's fraction only grows
            expect(f).toBeGreaterThanOrEqual(last.get(stage) ?? 0);
            last.set(stage, f);
            if (f === 1) stages.push(stage);
          },
        },
      );
      // the chunked analysis reads inside its QRS pass: every stage after it ends, storing last
      expect(stages).toEqual(expect.arrayContaining(['qrs', 'beats', 'rhythm', 'store']));
      expect(stages.at(-1)).toBe('store');

      const models = await loadAnalysisModels(await initBackend({ log: () => undefined }));
      const { analysis } = await analyzeRecord(headerPath, models);
      const beats = store.beatsInRange(analysisId, 0, Number.MAX_SAFE_INTEGER);
      expect(summary.nBeats).toBe(analysis.beatSamples.length);
      expect(summary.beatCounts).toEqual(analysis.beatCounts);
      expect(beats.map((b) => b.sample)).toEqual(Array.from(analysis.beatSamples));
      expect(beats.map((b) => b.label)).toEqual(analysis.beatLabels);
      expect(beats.map((b) => b.confidence)).toEqual(Array.from(analysis.beatConfidence, (c) => expect.closeTo(c, 6)));
      expect(store.episodes(analysisId)).toEqual(
        analysis.episodes.map((e) => expect.objectContaining({ ...e, meanProbability: expect.closeTo(e.meanProbability, 5) })),
      );
      expect(store.latestAnalysis(store.getRecord(store.recordIdByPath(headerPath) ?? 0).recordId, 'done')?.analysisId).toBe(analysisId);
      // the stored min/max pyramid's level 0, joined in the worker from the chunks' envelopes, is the whole-record one
      const source = store.envelopes.source(analysisId);
      const base = analysis.signalEnvelope;
      expect(source?.levels[0]?.binSamples).toBe(base?.binSamples);
      base?.signals.forEach((signal, s) => {
        const stored = source?.read(0, signal, 0, base.min[s]?.length ?? 0);
        expect(stored?.min).toEqual(base.min[s]);
        expect(stored?.max).toEqual(base.max[s]);
      });
    },
  );

  it('rejects with a WfdbError naming the file when the record cannot be read', async () => {
    const missing = join(dir, 'missing.hea');
    const error = await engine
      .analyze({ headerPath: missing, databasePath: store.path, analysisId: newAnalysis(missing) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WfdbError);
    expect((error as WfdbError).file).toBe(missing);
  });

  it('cancels between model batches with an AbortError, and the worker keeps serving', async () => {
    const headerPath = RECORDS[0] as string;
    const controller = new AbortController();
    const work = engine.analyze(
      { headerPath, databasePath: store.path, analysisId: newAnalysis(`${headerPath}#cancel`) },
      { signal: controller.signal, onProgress: (stage) => stage === 'qrs' && controller.abort() },
    );
    await expect(work).rejects.toMatchObject({ name: 'AbortError' });
    const again = await engine.analyze({ headerPath, databasePath: store.path, analysisId: newAnalysis(`${headerPath}#again`) });
    expect(again.nBeats).toBeGreaterThan(0);
  });
});
