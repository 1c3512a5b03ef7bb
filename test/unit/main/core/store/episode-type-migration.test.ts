/**
 * The migration that gives episodes Holter rhythm types, run on a database built with every earlier
 * migration and holding episodes, an episode edit with its undo snapshot and its audit rows written
 * in the CinC 2017 vocabulary (N, A, O, ~).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../../src/main/core/store/migrations';
import { ReviewEditor } from '../../../../../src/main/core/store/review-editor';
import { ReviewStore } from '../../../../../src/main/core/store/review-store';

/** Index of the episode-type migration (found by what it creates, so renumbering after another one keeps the test). */
const EPISODE_TYPES = MIGRATIONS.findIndex((sql) => sql.includes('rhythm_episodes_v8'));
const AT = '2026-11-30T10:00:00.000Z';

/** A database at the schema before the episode-type migration, with one record, analysis and four episodes. */
function buildOldDatabase(path: string): void {
  const db = new Database(path);
  for (let v = 0; v < EPISODE_TYPES; v++) {
    db.exec(MIGRATIONS[v] as string);
    db.pragma(`user_version = ${v + 1}`);
  }
  db.exec(`
    INSERT INTO records (id, path, name, content_sha256, fs_hz, n_samples, signal_names, signal_units, imported_at)
      VALUES (1, '/x/208.hea', '208', 'ab', 360, 43200, '["MLII"]', '["mV"]', '${AT}');
    INSERT INTO analyses (id, record_id, created_at, state, backend, models, detector, af_burden)
      VALUES (7, 1, '${AT}', 'done', 'wasm', '[]', 'hamilton2002', 0.25);
    INSERT INTO reviews (record_id, status, updated_at, record_call_override) VALUES (1, 'in_review', '${AT}', 'A');
    INSERT INTO rhythm_episodes (id, analysis_id, label, onset_sample, end_sample, mean_probability, source, accepted, deleted) VALUES
      (11, 7, 'N', 0, 10800, 0.9, 'model', 0, 0),
      (12, 7, 'O', 10800, 21600, 0.7, 'model', 1, 0),
      (13, 7, '~', 21600, 32400, 0.6, 'model', 0, 0),
      (14, 7, 'A', 32400, 43200, 1, 'human', 1, 0);
    INSERT INTO rhythm_windows (analysis_id, start_sample, label, probabilities) VALUES (7, 0, 'O', x'00');
    INSERT INTO review_actions (id, record_id, analysis_id, kind, reviewer, at, state, undoable, changed_rows)
      VALUES (3, 1, 7, 'episode-label', 'alice', '${AT}', 'done', 1, 1);
    INSERT INTO action_episodes (action_id, episode_id, old_label, new_label, old_accepted, new_accepted, old_deleted, new_deleted)
      VALUES (3, 12, 'A', 'O', 0, 1, 0, 0);
    INSERT INTO label_events (record_id, episode_id, sample, kind, reviewer, at, old_value, new_value, action_id) VALUES
      (1, 12, 10800, 'episode-label', 'alice', '${AT}', 'A', 'O', 3),
      (1, 12, 10800, 'episode-accepted', 'alice', '${AT}', 'proposed', 'accepted', 3),
      (1, NULL, NULL, 'record-call', 'alice', '${AT}', 'model', 'A', NULL);
  `);
  db.close();
}

describe('episode-type migration', () => {
  let dir: string;
  let store: ReviewStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'episode-types-'));
    buildOldDatabase(join(dir, 'db.sqlite'));
    store = new ReviewStore(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exists after the earlier migrations', () => {
    expect(EPISODE_TYPES).toBeGreaterThanOrEqual(6);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('maps N→N, A→AFIB, O→OTHER, ~→NOISE and keeps ids, spans, probabilities, source and flags', () => {
    expect(store.db.prepare('SELECT * FROM rhythm_episodes ORDER BY id').all()).toEqual([
      {
        id: 11,
        analysis_id: 7,
        label: 'N',
        onset_sample: 0,
        end_sample: 10800,
        mean_probability: 0.9,
        source: 'model',
        accepted: 0,
        deleted: 0,
      },
      {
        id: 12,
        analysis_id: 7,
        label: 'OTHER',
        onset_sample: 10800,
        end_sample: 21600,
        mean_probability: 0.7,
        source: 'model',
        accepted: 1,
        deleted: 0,
      },
      {
        id: 13,
        analysis_id: 7,
        label: 'NOISE',
        onset_sample: 21600,
        end_sample: 32400,
        mean_probability: 0.6,
        source: 'model',
        accepted: 0,
        deleted: 0,
      },
      {
        id: 14,
        analysis_id: 7,
        label: 'AFIB',
        onset_sample: 32400,
        end_sample: 43200,
        mean_probability: 1,
        source: 'human',
        accepted: 1,
        deleted: 0,
      },
    ]);
    // the strip classes of windows and of the record call are not episode types and stay as they were
    expect(store.db.prepare('SELECT label FROM rhythm_windows').pluck().all()).toEqual(['O']);
    expect(store.reviewRow(1).recordCallOverride).toBe('A');
  });

  it('maps the undo snapshot and the episode-label audit values, and leaves the other audit rows alone', () => {
    expect(store.db.prepare('SELECT old_label, new_label FROM action_episodes').get()).toEqual({ old_label: 'AFIB', new_label: 'OTHER' });
    expect(store.db.prepare('SELECT kind, old_value, new_value FROM label_events ORDER BY id').all()).toEqual([
      { kind: 'episode-label', old_value: 'AFIB', new_value: 'OTHER' },
      { kind: 'episode-accepted', old_value: 'proposed', new_value: 'accepted' },
      { kind: 'record-call', old_value: 'model', new_value: 'A' },
    ]);
    expect(store.db.prepare('SELECT episode_id FROM label_events ORDER BY id').pluck().all()).toEqual([12, 12, null]);
  });

  it('keeps the index, the CHECK and the foreign keys: refuses CinC labels, cascades from analyses and into action_episodes', () => {
    const indexes = store.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'rhythm_episodes'`).pluck().all();
    expect(indexes).toContain('episodes_by_onset');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    const referencing = store.db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%REFERENCES rhythm_episodes(id)%' ORDER BY name`)
      .pluck()
      .all();
    expect(referencing).toEqual(['action_episodes', 'label_events']);
    expect(() => store.db.prepare(`UPDATE rhythm_episodes SET label = 'A' WHERE id = 11`).run()).toThrow(/CHECK constraint/);
    store.db.prepare('DELETE FROM rhythm_episodes WHERE id = 12').run();
    expect(store.db.prepare('SELECT COUNT(*) FROM action_episodes').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT episode_id FROM label_events ORDER BY id').pluck().all()).toEqual([null, null, null]);
    store.db.prepare('DELETE FROM analyses WHERE id = 7').run();
    expect(store.db.prepare('SELECT COUNT(*) FROM rhythm_episodes').pluck().get()).toBe(0);
  });

  it('undoes an edit made before the migration, writing the mapped type back', () => {
    const editor = new ReviewEditor(store);
    expect(editor.listEpisodes(1).map((e) => e.label)).toEqual(['N', 'OTHER', 'NOISE', 'AFIB']);
    editor.undo(1, 'alice');
    expect(editor.listEpisodes(1).find((e) => e.episodeId === 12)).toMatchObject({ label: 'AFIB', accepted: false });
    editor.redo(1, 'alice');
    expect(editor.listEpisodes(1).find((e) => e.episodeId === 12)).toMatchObject({ label: 'OTHER', accepted: true });
  });
});
