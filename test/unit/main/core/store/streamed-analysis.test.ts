import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeRecord, loadAnalysisModels, streamRecordAnalysis } from '../../../../../src/main/core/analysis/analyze-record';
import { ENVELOPE_CONFIG } from '../../../../../src/main/core/analysis/envelope-pyramid';
import type { SignalEnvelope } from '../../../../../src/main/core/analysis/signal-envelope';
import { initBackend } from '../../../../../src/main/core/ml/backend';
import { AnalysisRowsError } from '../../../../../src/main/core/store/check-analysis-rows';
import { ReviewStore, type AnalysisPartRows, type AnalysisResultRows } from '../../../../../src/main/core/store/review-store';
import { probeRecord } from '../../../../../src/main/core/wfdb/probe-record';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';
import { PROVENANCE, RECORD, uniform } from './store-fixtures';

/** The committed 3-min excerpt of mitdb 208 (PVCs, fusion beats, couplets), cut into 30 s chunks: six parts streamed. */
const EXCERPT = join(REPO_ROOT, 'test/fixtures/beats/208x.hea');
const CHUNK_S = 30;

/** Every stored row of an analysis, in a comparable form (ids and the analysis id left out). */
function storedRows(store: ReviewStore, analysisId: number): Record<string, unknown[]> {
  const all = (sql: string): unknown[] =>
    (store.db.prepare(sql).all(analysisId) as Record<string, unknown>[]).map(({ id: _id, analysis_id: _a, ...row }) => row);
  return {
    beats: all('SELECT * FROM beats WHERE analysis_id = ? ORDER BY sample'),
    windows: all('SELECT * FROM rhythm_windows WHERE analysis_id = ? ORDER BY start_sample'),
    episodes: all('SELECT * FROM rhythm_episodes WHERE analysis_id = ? ORDER BY onset_sample, label'),
    minutes: all('SELECT * FROM minute_stats WHERE analysis_id = ?'),
    envelopes: all('SELECT * FROM signal_envelopes WHERE analysis_id = ? ORDER BY level, signal, tile'),
    analysis: all(
      `SELECT state, af_burden, record_call, beat_attention_steps, beat_attention_start_s, beat_attention_end_s, rhythm_window_s,
         rhythm_attention_steps, rhythm_attention_step_s, rhythm_attention_offset_s, record_paced, paced_beats, paced_sure_share
       FROM analyses WHERE id = ?`,
    ),
  };
}

/** A whole synthetic result cut into parts of `size` beats (its one window in the first part). */
function partsOf(rows: AnalysisResultRows, size: number): AnalysisPartRows[] {
  const steps = rows.beatAttentionSteps;
  const parts: AnalysisPartRows[] = [];
  for (let from = 0; from < rows.beatSamples.length; from += size) {
    const to = Math.min(rows.beatSamples.length, from + size);
    const windows = from === 0 ? rows.windowStartSamples.length : 0;
    parts.push({
      beatSamples: rows.beatSamples.slice(from, to),
      beatLabels: rows.beatLabels.slice(from, to),
      beatConfidence: rows.beatConfidence.slice(from, to),
      beatAttention: rows.beatAttention.slice(from * steps, to * steps),
      beatAttentionSteps: steps,
      windowStartSamples: rows.windowStartSamples.slice(0, windows),
      windowLabels: rows.windowLabels.slice(0, windows),
      windowProbabilities: rows.windowProbabilities.slice(0, windows * 4),
      windowAttention: rows.windowAttention.slice(0, windows * rows.rhythmAttentionSteps),
      rhythmAttentionSteps: rows.rhythmAttentionSteps,
    });
  }
  return parts;
}

/** A flat one-lead level-0 envelope of a record of `nSamples` frames. */
function envelopeOf(nSamples: number): SignalEnvelope {
  const bins = Math.ceil(nSamples / ENVELOPE_CONFIG.baseBinSamples);
  return {
    signals: [0],
    binSamples: ENVELOPE_CONFIG.baseBinSamples,
    originSample: 0,
    firstBin: 0,
    min: [new Float32Array(bins).fill(-1)],
    max: [new Float32Array(bins).fill(1)],
  };
}

const countOf = (store: ReviewStore, table: string, analysisId: number): unknown =>
  store.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE analysis_id = ?`).get(analysisId);

describe('analysis streamed into the store chunk by chunk', () => {
  let dir: string;
  let store: ReviewStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamed-'));
    store = new ReviewStore(join(dir, 'db.sqlite'));
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the same rows as the whole result stored at once, unseen until finished (real mitdb 208 excerpt, 6 chunks)', async () => {
    const models = await loadAnalysisModels(await initBackend({ log: () => undefined }));
    const nSamples = probeRecord(EXCERPT).nSamples;
    const newAnalysis = (path: string): { recordId: number; analysisId: number } => {
      const { recordId } = store.upsertRecord({ ...RECORD, path, contentSha256: path, nSamples });
      return { recordId, analysisId: store.beginAnalysis(recordId, PROVENANCE) };
    };
    const whole = newAnalysis('whole');
    const { analysis } = await analyzeRecord(EXCERPT, models, { chunkS: CHUNK_S });
    await store.completeAnalysis(whole.analysisId, analysis);

    const streamed = newAnalysis('streamed');
    let parts = 0;
    const { analysis: rest } = await streamRecordAnalysis(
      EXCERPT,
      models,
      async (rows) => {
        await store.appendAnalysisRows(streamed.analysisId, rows);
        parts++;
        // each part is committed, yet no reader sees the analysis before it is finished
        expect(store.latestAnalysis(streamed.recordId, 'done')).toBeNull();
        expect(store.listCases().find((c) => c.recordId === streamed.recordId)?.analysisState).toBe('running');
      },
      { chunkS: CHUNK_S },
    );
    expect(parts).toBe(6);
    // what finishing reads back of the streamed parts is the whole result's rows, bit for bit
    const back = store.streamedAnalysisRows(streamed.analysisId);
    expect(back.beatSamples).toEqual(analysis.beatSamples);
    expect(back.beatLabels).toEqual(analysis.beatLabels);
    expect(back.beatConfidence).toEqual(analysis.beatConfidence);
    expect(back.beatArtefact).toEqual(analysis.beatArtefact);
    expect(back.windowStartSamples).toEqual(analysis.windowStartSamples);
    expect(back.windowLabels).toEqual(analysis.windowLabels);
    expect(back.windowProbabilities).toEqual(analysis.windowProbabilities);
    // the pyramid stored ahead of finishing, as the engine does after the first pass, is unseen too
    const { signalEnvelope, ...restWithoutEnvelope } = rest;
    expect(signalEnvelope).toBeDefined();
    await store.appendAnalysisEnvelope(streamed.analysisId, signalEnvelope as SignalEnvelope);
    expect(store.latestAnalysis(streamed.recordId, 'done')).toBeNull();
    await store.finishAnalysis(streamed.analysisId, restWithoutEnvelope);
    expect(() => store.streamedAnalysisRows(streamed.analysisId)).toThrow(/no longer running/);
    expect(rest.nBeats).toBe(analysis.beatSamples.length);
    expect(rest.beatCounts).toEqual(analysis.beatCounts);
    const expected = storedRows(store, whole.analysisId);
    expect((expected.beats as unknown[]).length).toBeGreaterThan(200);
    expect((expected.windows as unknown[]).length).toBeGreaterThan(5);
    expect(storedRows(store, streamed.analysisId)).toEqual(expected);
  }, 120_000);

  it('ends the analysis failed with none of its rows when a later part cannot be stored, and keeps the analysis shown before', async () => {
    const { recordId } = store.upsertRecord({ ...RECORD, path: 'bad-part', contentSha256: 'bad-part', nSamples: 1_000_000 });
    const samples = Array.from({ length: 300 }, (_, i) => 100 + i * 300);
    const shown = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(shown, uniform(samples, 'N'));
    const running = store.beginAnalysis(recordId, PROVENANCE);
    const [first, second, third] = partsOf(uniform(samples, 'V'), 100);
    await store.appendAnalysisEnvelope(running, envelopeOf(1_000_000));
    await store.appendAnalysisRows(running, first as AnalysisPartRows);
    await store.appendAnalysisRows(running, second as AnalysisPartRows);
    expect(countOf(store, 'beats', running)).toEqual({ n: 200 });
    expect((countOf(store, 'signal_envelopes', running) as { n: number }).n).toBeGreaterThan(0);
    const bad = {
      ...(third as AnalysisPartRows),
      beatConfidence: (third as AnalysisPartRows).beatConfidence.map((c, i) => (i === 7 ? NaN : c)),
    };
    await expect(store.appendAnalysisRows(running, bad)).rejects.toThrow(AnalysisRowsError);
    expect(store.latestAnalysis(recordId)).toMatchObject({ analysisId: running, state: 'failed' });
    expect(countOf(store, 'beats', running)).toEqual({ n: 0 });
    expect(countOf(store, 'rhythm_windows', running)).toEqual({ n: 0 });
    expect(countOf(store, 'signal_envelopes', running)).toEqual({ n: 0 });
    expect(store.latestAnalysis(recordId, 'done')?.analysisId).toBe(shown);
  });

  it('refuses a part whose beats do not come after those already stored', async () => {
    const { recordId } = store.upsertRecord({ ...RECORD, path: 'order', contentSha256: 'order', nSamples: 1_000_000 });
    const running = store.beginAnalysis(recordId, PROVENANCE);
    const [first, second] = partsOf(
      uniform(
        Array.from({ length: 20 }, (_, i) => 100 + i * 300),
        'N',
      ),
      10,
    );
    await store.appendAnalysisRows(running, second as AnalysisPartRows);
    await expect(store.appendAnalysisRows(running, first as AnalysisPartRows)).rejects.toThrow(/beat 0 at sample 100 is out of order/);
    expect(countOf(store, 'beats', running)).toEqual({ n: 0 });
  });

  it('leaves no visible partial analysis when its writer dies mid-stream: the next start fails it and deletes its parts', async () => {
    const { recordId } = store.upsertRecord({ ...RECORD, path: 'killed', contentSha256: 'killed', nSamples: 1_000_000 });
    const samples = Array.from({ length: 200 }, (_, i) => 100 + i * 300);
    const shown = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(shown, uniform(samples, 'N'));
    const running = store.beginAnalysis(recordId, PROVENANCE);
    await store.appendAnalysisEnvelope(running, envelopeOf(1_000_000));
    await store.appendAnalysisRows(running, partsOf(uniform(samples, 'V'), 100)[0] as AnalysisPartRows);
    // the writing process is gone (a pid that has exited), as after a kill
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    store.db.prepare('UPDATE analyses SET owner_pid = ?, owner_host = ?, owner_token = ? WHERE id = ?').run(dead, hostname(), 'x', running);
    expect(store.latestAnalysis(recordId, 'done')?.analysisId).toBe(shown);
    expect(store.recoverInterruptedAnalyses()).toEqual([running]);
    expect(store.latestAnalysis(recordId)).toMatchObject({
      analysisId: running,
      state: 'failed',
      error: expect.stringMatching(/interrupted/),
    });
    expect(countOf(store, 'beats', running)).toEqual({ n: 0 });
    expect(countOf(store, 'signal_envelopes', running)).toEqual({ n: 0 });
    expect(store.latestAnalysis(recordId, 'done')?.analysisId).toBe(shown);
    expect(store.beatCounts(shown).N).toBe(200);
  });
});
