import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ANALYSIS_CHUNK_ROWS,
  ConflictError,
  NotFoundError,
  ReviewStore,
  type AnalysisResultRows,
} from '../../../../../src/main/core/store/review-store';
import { JobStore } from '../../../../../src/main/core/store/job-store';
import { MIGRATIONS } from '../../../../../src/main/core/store/migrations';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { PROVENANCE, RECORD, result, uniform } from './store-fixtures';

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

  it('runs every migration once, with WAL and foreign keys on', async () => {
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
    store = new ReviewStore(join(dir, 'db.sqlite'));
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('refuses a database from a newer build, naming the file', async () => {
    store.db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    store.close();
    expect(() => new ReviewStore(join(dir, 'db.sqlite'))).toThrow(/db\.sqlite.*newer/);
    store = new ReviewStore(':memory:');
  });

  it('recognises a re-imported record by its content hash', async () => {
    const first = store.upsertRecord(RECORD);
    const again = store.upsertRecord({ ...RECORD, path: '/elsewhere/208.hea' });
    expect(again).toEqual({ recordId: first.recordId, alreadyKnown: true });
    expect(store.getRecord(first.recordId).path).toBe('/elsewhere/208.hea');
    expect(store.listCases()).toHaveLength(1);
  });

  it('stores an analysis and counts its beats per class', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(analysisId, result([100, 400, 700], ['N', 'V', 'N']));
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

  it('stores per-minute aggregates with an analysis and keeps their class counts current through relabels', async () => {
    const { recordId } = store.upsertRecord({ ...RECORD, nSamples: 360 * 150 });
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    // beats at 1, 2, 61, 62 and 121 s: RR 1 s (60 bpm) ends in minutes 0 and 1; the 59 s pauses are left out
    await store.completeAnalysis(analysisId, result([360, 720, 21_960, 22_320, 43_560], ['N', 'V', 'N', 'S', 'N']));
    const stats = store.minuteStats(analysisId);
    expect(stats).not.toBeNull();
    expect(Array.from(stats?.rrCount ?? [])).toEqual([1, 1, 0]);
    expect(Array.from(stats?.hrSumBpm ?? [])).toEqual([60, 60, 0]);
    expect(Array.from(stats?.counts.V ?? [])).toEqual([1, 0, 0]);
    expect(Array.from(stats?.counts.S ?? [])).toEqual([0, 1, 0]);
    const beat = store.beatsInRange(analysisId, 22_000, 23_000)[0];
    const editor = new ReviewEditor(store);
    editor.relabelBeat(beat?.beatId ?? -1, 'V', 'dr-a');
    const after = store.minuteStats(analysisId);
    expect(Array.from(after?.counts.S ?? [])).toEqual([0, 0, 0]);
    expect(Array.from(after?.counts.V ?? [])).toEqual([1, 1, 0]);
    expect(store.beatCounts(analysisId)).toEqual({ N: 3, S: 0, V: 2, F: 0, Q: 0 });
    // an artefact beat leaves its minute's counts and both of its RR intervals; undo brings them back
    editor.setArtefact(recordId, 720, 721, true, 'dr-a');
    const flagged = store.minuteStats(analysisId);
    expect(Array.from(flagged?.counts.V ?? [])).toEqual([0, 1, 0]);
    expect(Array.from(flagged?.rrCount ?? [])).toEqual([0, 1, 0]);
    editor.undo(recordId, 'dr-a');
    expect(Array.from(store.minuteStats(analysisId)?.rrCount ?? [])).toEqual([1, 1, 0]);
  });

  it('keeps the rhythm attention layout with the analysis, and null for an analysis stored without it', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const withLayout = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(withLayout, { ...result([360], ['N']), rhythmAttentionStepS: 0.64, rhythmAttentionOffsetS: 0.02 });
    expect(store.latestAnalysis(recordId, 'done')).toMatchObject({ rhythmAttentionStepS: 0.64, rhythmAttentionOffsetS: 0.02 });
    const without = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(without, result([360], ['N']));
    expect(store.latestAnalysis(recordId, 'done')).toMatchObject({
      analysisId: without,
      rhythmAttentionStepS: null,
      rhythmAttentionOffsetS: null,
    });
  });

  it('keeps the pacing call with the analysis, and null for an analysis stored without one', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const paced = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(paced, { ...result([360], ['Q']), pacing: { recordPaced: true, pacedBeats: 1, sureShare: 0.75 } });
    expect(store.latestAnalysis(recordId, 'done')?.pacing).toEqual({ recordPaced: true, pacedBeats: 1, sureShare: 0.75 });
    const unpaced = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(unpaced, { ...result([360], ['N']), pacing: { recordPaced: false, pacedBeats: 0, sureShare: 0.01 } });
    expect(store.latestAnalysis(recordId, 'done')?.pacing).toEqual({ recordPaced: false, pacedBeats: 0, sureShare: 0.01 });
    const without = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(without, result([360], ['N']));
    expect(store.latestAnalysis(recordId, 'done')).toMatchObject({ analysisId: without, pacing: null });
  });

  it('has no aggregates for an analysis stored before them', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(analysisId, result([360], ['N']));
    store.db.prepare('DELETE FROM minute_stats WHERE analysis_id = ?').run(analysisId);
    expect(store.minuteStats(analysisId)).toBeNull();
  });

  it('saves a relabel with its audit row in one step, and moves the case to in_review', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(analysisId, result([100, 400], ['N', 'N']));
    const beat = store.beatsInRange(analysisId, 0, 1000)[1];
    const { beat: updated, event } = new ReviewEditor(store).relabelBeat(beat!.beatId, 'V', 'alice');
    expect(updated).toMatchObject({ label: 'V', source: 'human', sample: 400 });
    expect(event).toMatchObject({ kind: 'beat-label', oldValue: 'N', newValue: 'V', reviewer: 'alice', sample: 400 });
    store.close();
    store = new ReviewStore(join(dir, 'db.sqlite'));
    expect(store.beatsInRange(analysisId, 0, 1000)[1]).toMatchObject({ label: 'V', source: 'human' });
    // the relabel row and the audited move open → in_review
    expect(store.events(recordId).map((e) => e.kind)).toEqual(['beat-label', 'review-status']);
    expect(store.review(recordId)).toEqual({ status: 'in_review', reviewer: 'alice' });
  });

  it('carries human labels over to a re-analysis within 150 ms', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const first = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(first, result([100, 400, 700], ['N', 'N', 'N']));
    const beat = store.beatsInRange(first, 390, 410)[0];
    new ReviewEditor(store).relabelBeat(beat!.beatId, 'S', 'bob');
    const second = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    // 54 samples = 150 ms at 360 Hz: 450 is inside, 700 → 760 is outside for the others
    await store.completeAnalysis(second, result([102, 450, 760], ['N', 'N', 'N']));
    expect(store.beatsInRange(second, 0, 1000).map((b) => [b.sample, b.label, b.source])).toEqual([
      [102, 'N', 'model'],
      [450, 'S', 'human'],
      [760, 'N', 'model'],
    ]);
  });

  it('carries an inserted beat the detector misses, an artefact mark and a deletion over to a re-analysis', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const first = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(first, result([100, 400, 700, 1000], ['N', 'N', 'N', 'N']));
    const editor = new ReviewEditor(store);
    editor.insertBeat(recordId, 1500, 'V', 'bob');
    editor.setArtefact(recordId, 390, 410, true, 'bob');
    editor.deleteBeats(recordId, [store.beatsInRange(first, 690, 710)[0]!.beatId], 'bob');
    const second = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    await store.completeAnalysis(second, result([101, 401, 701, 1001], ['N', 'N', 'N', 'N']));
    expect(store.beatsInRange(second, 0, 3600).map((b) => [b.sample, b.label, b.source, b.artefact])).toEqual([
      [101, 'N', 'model', false],
      [401, 'N', 'model', true],
      [1001, 'N', 'model', false],
      [1500, 'V', 'human', false],
    ]);
    // the minute aggregates count what the case shows, as beatCounts does: the deleted and the artefact beat out, the inserted V in
    const stats = store.minuteStats(second)!;
    expect([stats.counts.N[0], stats.counts.V[0]]).toEqual([2, 1]);
    expect(store.beatCounts(second)).toMatchObject({ N: 2, V: 1 });
  });

  it('ends an analysis with bad values failed, with a plain message and none of its rows', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const analysisId = store.beginAnalysis(recordId, { backend: 'wasm', models: [], detector: 'test' });
    const bad = result([100, 400], ['N', 'X' as 'N']);
    await expect(store.completeAnalysis(analysisId, bad)).rejects.toThrow(/record "208".*"X", not an AAMI class/);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM beats').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM rhythm_episodes').get()).toEqual({ n: 0 });
    expect(store.latestAnalysis(recordId)).toMatchObject({ state: 'failed', error: expect.stringMatching(/not an AAMI class/) });
  });

  it('refuses a NaN episode probability in words, not as a NOT NULL constraint, and keeps the analysis shown before', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const first = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(first, result([100, 400], ['N', 'V']));
    const second = store.beginAnalysis(recordId, PROVENANCE);
    const nan = {
      ...result([100, 400], ['N', 'N']),
      episodes: [{ label: 'AFIB' as const, onsetSample: 0, endSample: 3600, meanProbability: NaN }],
    };
    await expect(store.completeAnalysis(second, nan)).rejects.toThrow(/rhythm episode 0 .* mean probability of NaN/);
    const [summary] = store.listCases();
    expect(summary).toMatchObject({ analysisState: 'failed', analysisError: expect.not.stringMatching(/constraint/) });
    expect(store.latestAnalysis(recordId, 'done')?.analysisId).toBe(first);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM beats WHERE analysis_id = ?').get(second)).toEqual({ n: 0 });
  });

  it('writes a large analysis in chunks and, when a later chunk fails in SQLite, deletes the chunks already written', async () => {
    const { recordId } = store.upsertRecord({ ...RECORD, nSamples: 10_000_000 });
    const n = ANALYSIS_CHUNK_ROWS * 2 + 7;
    const samples = Array.from({ length: n }, (_, i) => 100 + i * 300);
    const stored = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(stored, uniform(samples, 'N'));
    expect(store.beatCounts(stored).N).toBe(n);
    store.db.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON rhythm_windows BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const failing = store.beginAnalysis(recordId, PROVENANCE);
    const rows = uniform(samples, 'V');
    await expect(store.completeAnalysis(failing, rows)).rejects.toThrow(/record "208": the analysis could not be stored: disk I\/O error/);
    expect(store.latestAnalysis(recordId)).toMatchObject({ analysisId: failing, state: 'failed' });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM beats WHERE analysis_id = ?').get(failing)).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM rhythm_episodes WHERE analysis_id = ?').get(failing)).toEqual({ n: 0 });
    expect(store.latestAnalysis(recordId, 'done')?.analysisId).toBe(stored);
  });

  it('keeps a large analysis hidden while its chunks are written, and carries a relabel made between two chunks', async () => {
    const { recordId } = store.upsertRecord({ ...RECORD, nSamples: 10_000_000 });
    const samples = Array.from({ length: ANALYSIS_CHUNK_ROWS + 10 }, (_, i) => 100 + i * 300);
    const first = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(first, uniform(samples, 'N'));
    const second = store.beginAnalysis(recordId, PROVENANCE);
    const storing = store.completeAnalysis(second, uniform(samples, 'N'));
    // the first chunk is committed and the store pauses before the next one
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM beats WHERE analysis_id = ?').get(second)).toEqual({ n: ANALYSIS_CHUNK_ROWS });
    expect(store.latestAnalysis(recordId, 'done')?.analysisId).toBe(first);
    const beat = store.beatsInRange(first, samples[42]!, samples[42]! + 1)[0];
    new ReviewEditor(store).relabelBeat(beat!.beatId, 'S', 'ivy');
    await storing;
    expect(store.latestAnalysis(recordId, 'done')?.analysisId).toBe(second);
    expect(store.beatsInRange(second, samples[42]!, samples[42]! + 1)[0]).toMatchObject({ label: 'S', source: 'human' });
  });

  it('refuses a relabel of a beat from an analysis that has been replaced, with a conflict', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const first = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(first, result([100, 400], ['N', 'N']));
    const oldBeat = store.beatsInRange(first, 0, 1000)[1];
    const second = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(second, result([100, 400], ['N', 'N']));
    expect(() => new ReviewEditor(store).relabelBeat(oldBeat!.beatId, 'V', 'alice')).toThrow(ConflictError);
    expect(() => new ReviewEditor(store).relabelBeat(oldBeat!.beatId, 'V', 'alice')).toThrow(/re-analysed; reload/);
    expect(store.events(recordId)).toHaveLength(0);
    expect(store.beatsInRange(second, 0, 1000).map((b) => b.label)).toEqual(['N', 'N']);
  });

  it('keeps every human label across five re-analyses, with relabels between them and during one', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const samples = [100, 400, 700, 1000, 1300, 1600];
    const expected = new Map<number, string>();
    let shown = store.beginAnalysis(recordId, PROVENANCE);
    await store.completeAnalysis(shown, uniform(samples, 'N'));
    const relabels: [number, AnalysisResultRows['beatLabels'][number]][] = [
      [400, 'V'],
      [1000, 'S'],
      [400, 'F'],
      [1600, 'Q'],
      [100, 'V'],
    ];
    let shift = 0;
    for (const [k, [sample, label]] of relabels.entries()) {
      const next = store.beginAnalysis(recordId, PROVENANCE);
      const target = store.beatsInRange(shown, sample + shift, sample + shift + 1)[0];
      // the relabel lands while the re-analysis is running: the analysis shown until then takes it
      new ReviewEditor(store).relabelBeat(target!.beatId, label, 'dana');
      expected.set(sample, label);
      // the detector moves beats by a few samples each time (less than 150 ms)
      shift = 3 * (k % 2);
      await store.completeAnalysis(
        next,
        result(
          samples.map((s) => s + shift),
          samples.map(() => 'N'),
        ),
      );
      shown = next;
      const beats = store.beatsInRange(shown, 0, 3600);
      expect(beats.filter((b) => b.source === 'human').map((b) => [b.sample - shift, b.label])).toEqual(
        [...expected.entries()].sort((a, b) => a[0] - b[0]),
      );
    }
    // one row per relabel, and one for the move open → in_review
    expect(store.events(recordId)).toHaveLength(relabels.length + 1);
  });

  it('removes a case with everything it owns in one step, and keeps the audit row after it is gone', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const other = store.upsertRecord({ ...RECORD, name: '209', contentSha256: 'cd'.repeat(32) });
    for (const id of [recordId, other.recordId]) {
      const analysisId = store.beginAnalysis(id, PROVENANCE);
      await store.completeAnalysis(analysisId, result([100, 400, 700], ['N', 'N', 'N']));
    }
    const shown = store.latestAnalysis(recordId, 'done')!.analysisId;
    new ReviewEditor(store).relabelBeat(store.beatsInRange(shown, 0, 1000)[0]!.beatId, 'V', 'erin');
    new ReviewEditor(store).setStatus(recordId, 'reviewed', 'erin');
    const event = store.removeCase(recordId, 'frank');
    expect(event).toMatchObject({
      recordId,
      name: '208',
      contentSha256: RECORD.contentSha256,
      kind: 'case-removed',
      reviewer: 'frank',
      details: { analyses: 1, beats: 3, humanLabels: 1, labelEvents: 3, reviewStatus: 'reviewed' },
    });
    const left = (table: string): unknown => store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get();
    expect(left('records')).toEqual({ n: 1 });
    expect(left('analyses')).toEqual({ n: 1 });
    expect(left('beats')).toEqual({ n: 3 });
    expect(left('rhythm_windows')).toEqual({ n: 1 });
    expect(left('rhythm_episodes')).toEqual({ n: 1 });
    expect(left('reviews')).toEqual({ n: 1 });
    expect(left('label_events')).toEqual({ n: 0 });
    expect(() => store.getRecord(recordId)).toThrow(NotFoundError);
    store.close();
    store = new ReviewStore(join(dir, 'db.sqlite'));
    expect(store.db.prepare('SELECT record_name, reviewer, kind FROM case_events').all()).toEqual([
      { record_name: '208', reviewer: 'frank', kind: 'case-removed' },
    ]);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('refuses to remove a case while a live process writes its analysis, and lets an analysis of a removed case fail cleanly', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const running = store.beginAnalysis(recordId, PROVENANCE);
    expect(() => store.removeCase(recordId, 'gil')).toThrow(/"208" is being analysed/);
    store.endAnalysis(running, 'cancelled', null);
    const late = store.beginAnalysis(recordId, PROVENANCE);
    store.db.prepare(`UPDATE analyses SET owner_token = 'a dead process' WHERE id = ?`).run(late);
    store.removeCase(recordId, 'gil');
    await expect(store.completeAnalysis(late, result([100], ['N']))).rejects.toThrow(NotFoundError);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM beats').get()).toEqual({ n: 0 });
  });

  it('refuses to remove a case another live process has a job queued for (the CLI on a shared database), not a dead one', () => {
    const { recordId } = store.upsertRecord(RECORD);
    // a second connection, as another process's job store writes its queued job
    const other = new ReviewStore(store.path);
    new JobStore(other.db).add('cli-job', recordId, { kind: 'analysis', force: true });
    other.close();
    expect(() => store.removeCase(recordId, 'gil')).toThrow(/"208" has an analysis queued by a running process/);
    expect(store.getRecord(recordId).name).toBe('208');
    store.db.prepare(`UPDATE jobs SET owner_token = 'a dead process' WHERE id = 'cli-job'`).run();
    store.removeCase(recordId, 'gil');
    expect(() => store.getRecord(recordId)).toThrow(NotFoundError);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });

  it('fails at start-up only the running analyses whose writing process is gone', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    const ids = [0, 1, 2, 3, 4].map(() => store.beginAnalysis(recordId, PROVENANCE));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const set = store.db.prepare('UPDATE analyses SET owner_pid = ?, owner_host = ?, owner_token = ? WHERE id = ?');
    set.run(dead, hostname(), 'x', ids[1]);
    set.run(process.pid, hostname(), 'an earlier process with this pid', ids[2]);
    set.run(null, null, null, ids[3]);
    set.run(dead, 'another-host', 'x', ids[4]);
    expect(store.recoverInterruptedAnalyses()).toEqual([ids[1], ids[2], ids[3]]);
    const states = store.db.prepare('SELECT state, error FROM analyses ORDER BY id').all() as { state: string; error: string | null }[];
    expect(states.map((s) => s.state)).toEqual(['running', 'failed', 'failed', 'failed', 'running']);
    expect(states[1]?.error).toMatch(/interrupted/);
  });

  it('records review status changes in the audit trail and rejects unknown beats', async () => {
    const { recordId } = store.upsertRecord(RECORD);
    new ReviewEditor(store).setStatus(recordId, 'reviewed', 'carol');
    expect(store.review(recordId)).toEqual({ status: 'reviewed', reviewer: 'carol' });
    expect(store.events(recordId)[0]).toMatchObject({ kind: 'review-status', oldValue: 'open', newValue: 'reviewed' });
    expect(() => new ReviewEditor(store).relabelBeat(999, 'V', 'carol')).toThrow(/beat 999 does not exist/);
  });
});
