/**
 * Numbered schema migrations of the review database. Migration k (1-based)
 * moves `PRAGMA user_version` from k−1 to k; each runs in its own
 * (immediate) transaction that re-reads the version first, so a failed one
 * leaves the database at the previous version and two processes opening a
 * new database at once migrate it once.
 * Append new migrations; never edit a released one.
 *
 * 1. The schema: records, analyses and their rows, reviews, label audit trail.
 * 2. Two processes sharing one database and case removal:
 *    - `analyses.owner_pid` / `owner_host` / `owner_token` (random per
 *      process): the process writing a 'running' analysis, so a process
 *      starting up fails only the analyses whose writer is gone, not those
 *      another live process is still writing (the token tells a restarted
 *      process that reuses a dead one's pid from that dead one).
 *    - `case_events`: case-level audit rows (today 'case-removed') keyed by
 *      the record's content hash, name and former id, with no foreign key, so
 *      they outlive the record they describe (label_events cascade away with
 *      the record; the removal row keeps their count and the final review
 *      status in `details`, a JSON object).
 *    - an index on `label_events(beat_id)`: deleting beats sets their audit
 *      rows' beat_id to NULL, which otherwise scans the whole audit table
 *      per deleted beat.
 * 4. The persistent job queue and per-stage times:
 *    - `jobs`: every analysis job with its kind (`import` removes its new
 *      record again when it fails; `analysis`), `force` (analyse a known
 *      recording again) and state, written when it is queued, started and
 *      ended, and the process that queued it (as for analyses), so jobs
 *      queued or running when their process died are requeued on the next
 *      start, and a live process's jobs (another process sharing the
 *      database) are left to it; a process that stops releases its pending
 *      jobs (owner NULL) for the next start.
 *    - `analyses.stage_ms`: wall time per stage (JSON object, ms).
 * (3 is the per-minute aggregates, `minute_stats`.)
 * 5. `export_events`: one audit row per export (report PDF, WFDB annotations,
 *    beat and episode CSV) with who made it, when, the file's name, size and
 *    sha256, and the analysis, models and review status it carried (`details`,
 *    JSON). Like `case_events` it names the record by content hash, name and
 *    id with no foreign key, so the rows outlive the case.
 * 6. Review actions, undo/redo and sign-off:
 *    - `reviewers`: named profiles with a role (technician, physician).
 *    - `reviews` rebuilt: status gains 'signed'; `signed_by`/`signed_at`;
 *      `record_call_override` (the reviewer's record-level rhythm call).
 *    - `review_actions`: one row per review action (relabel, artefact,
 *      insert, delete, episode edit, record call, status change, undo, redo);
 *      `state` 'done' | 'undone' | 'discarded' (undone, then a new action
 *      cleared the redo stack); `undoable` 0 for status changes, sign-off,
 *      reopen, undo and redo themselves; `old_value`/`new_value` for
 *      record-level changes (record call).
 *    - `action_beats` / `action_episodes`: the state of every row an action
 *      touched before and after it (what undo and redo write back, one
 *      set-based UPDATE each).
 *    - `beats.artefact`, `beats.deleted` (a deleted or not-yet-inserted beat
 *      is kept, flagged, so undo restores it with its id and audit trail);
 *      `rhythm_episodes.source`, `accepted`, `deleted`.
 *    - `label_events` rebuilt: more kinds, `episode_id`, `action_id` (every
 *      row of one action carries its id).
 * 7. The report's chosen strips and artefact stretches:
 *    - `report_strips`: the strips a reviewer added to the report from the
 *      review screen (record, sample span, lead index, optional note, who and
 *      when), kept with `removed` = 1 once removed so undo restores them; a
 *      strip belongs to the record, not to an analysis (it shows signal).
 *    - `review_actions.onset_sample` / `end_sample`: the span an artefact
 *      action marked or cleared (`new_value` '1' marks, '0' clears), so the
 *      report excludes the stretch itself, beats or not; `strip_id`: the strip
 *      a strip action added or removed.
 *    - `label_events` rebuilt with the kinds 'strip-added', 'strip-removed'.
 * 8. `signal_envelopes`: the min/max pyramid
 *    of each analysed record's signals (envelope-pyramid.ts), one row per tile of `tile_bins`
 *    bins of one level of one signal, `min_max` the tile's minima then maxima (float32,
 *    little-endian); `bin_samples` and `level_bins` repeat the level's layout on each row.
 * 9. Model versions made by retraining (issue 17):
 *    - `model_versions`: one row per fine-tuned model: its kind (today
 *      'beats'), version string, parent (another row, or NULL for the
 *      shipped model, whose version is in `parent_version`), folder, the data
 *      used, hyper-parameters, metrics, backend and trainable scope (JSON),
 *      who started it and when; `active` 1 for at most one row per kind (none:
 *      the shipped model is in use).
 *    - `model_events`: an audit row per activation and rollback.
 * 10. Holter rhythm types of episodes (`src/shared/holter-rhythms.ts`):
 *    `rhythm_episodes` rebuilt with `label` CHECK over the Holter codes
 *    (N, AFIB, AFL, SVTA, VT, VFL, VF, B, T, OTHER, NOISE) instead of the CinC
 *    2017 strip classes, every column, id, index and foreign key kept; rows
 *    stored before map N→N, A→AFIB, O→OTHER, ~→NOISE, and so do the episode
 *    labels of `action_episodes` (what undo writes back) and the values of the
 *    'episode-label' audit rows, so the trail reads in one vocabulary. The
 *    rhythm windows and the record call keep the strip classes. The runner
 *    executes every migration with foreign keys off and checks
 *    `PRAGMA foreign_key_check` before committing, as SQLite's table-rebuild
 *    procedure requires (https://www.sqlite.org/lang_altertable.html#otheralter):
 *    dropping the old table must not cascade into `action_episodes` or null
 *    `label_events.episode_id`.
 * 11. Rhythm model versions (issue 17): `model_versions` rebuilt with `kind`
 *    CHECK over 'beats' and 'rhythm' (fine-tuned rhythm models), every row,
 *    id, index and foreign key kept (the same table-rebuild procedure:
 *    `model_events.version_id` and `parent_id` keep pointing at the rows).
 * 12. `analyses.rhythm_attention_step_s` / `rhythm_attention_offset_s`: the
 *    length of one rhythm attention step and the first step's start after the
 *    window's start, in s (rhythm-attention-span.ts); NULL for analyses stored
 *    before, whose overlay keeps spreading the steps over the whole window.
 * 13. `analyses.record_paced` (0/1), `paced_beats` and `paced_sure_share`: the
 *    pacing call of the analysis (pacing-classifier.ts: whether the record is
 *    paced, how many beats were labelled paced, the share of sure stimuli);
 *    NULL for analyses stored before, which made no pacing call.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE records (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL,
    name          TEXT NOT NULL,
    content_sha256 TEXT NOT NULL UNIQUE,
    fs_hz         REAL NOT NULL CHECK (fs_hz > 0),
    n_samples     INTEGER NOT NULL CHECK (n_samples >= 0),
    signal_names  TEXT NOT NULL,
    signal_units  TEXT NOT NULL,
    imported_at   TEXT NOT NULL
  );
  CREATE TABLE analyses (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('running','done','failed','cancelled')),
    backend       TEXT NOT NULL,
    models        TEXT NOT NULL,
    detector      TEXT NOT NULL,
    elapsed_ms    REAL,
    error         TEXT,
    af_burden     REAL,
    record_call   TEXT,
    beat_attention_steps   INTEGER,
    beat_attention_start_s REAL,
    beat_attention_end_s   REAL,
    rhythm_window_s        REAL,
    rhythm_attention_steps INTEGER
  );
  CREATE INDEX analyses_by_record ON analyses(record_id, id);
  CREATE TABLE beats (
    id            INTEGER PRIMARY KEY,
    analysis_id   INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    sample        INTEGER NOT NULL CHECK (sample >= 0),
    label         TEXT NOT NULL CHECK (label IN ('N','S','V','F','Q')),
    source        TEXT NOT NULL CHECK (source IN ('model','human')),
    confidence    REAL NOT NULL,
    attention     BLOB
  );
  CREATE INDEX beats_by_sample ON beats(analysis_id, sample);
  CREATE TABLE rhythm_episodes (
    id            INTEGER PRIMARY KEY,
    analysis_id   INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    label         TEXT NOT NULL CHECK (label IN ('N','A','O','~')),
    onset_sample  INTEGER NOT NULL,
    end_sample    INTEGER NOT NULL CHECK (end_sample > onset_sample),
    mean_probability REAL NOT NULL
  );
  CREATE INDEX episodes_by_onset ON rhythm_episodes(analysis_id, onset_sample);
  CREATE TABLE rhythm_windows (
    id            INTEGER PRIMARY KEY,
    analysis_id   INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    start_sample  INTEGER NOT NULL,
    label         TEXT NOT NULL CHECK (label IN ('N','A','O','~')),
    probabilities BLOB NOT NULL,
    attention     BLOB
  );
  CREATE INDEX windows_by_start ON rhythm_windows(analysis_id, start_sample);
  CREATE TABLE reviews (
    record_id     INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('open','in_review','reviewed')),
    reviewer      TEXT,
    updated_at    TEXT NOT NULL
  );
  CREATE TABLE label_events (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    beat_id       INTEGER REFERENCES beats(id) ON DELETE SET NULL,
    sample        INTEGER,
    kind          TEXT NOT NULL CHECK (kind IN ('beat-label','review-status')),
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT NOT NULL
  );
  CREATE INDEX events_by_record ON label_events(record_id, id);
  `,
  `
  ALTER TABLE analyses ADD COLUMN owner_pid INTEGER;
  ALTER TABLE analyses ADD COLUMN owner_host TEXT;
  ALTER TABLE analyses ADD COLUMN owner_token TEXT;
  CREATE INDEX analyses_running ON analyses(state) WHERE state = 'running';
  CREATE INDEX events_by_beat ON label_events(beat_id);
  CREATE TABLE case_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL,
    record_name   TEXT NOT NULL,
    record_path   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('case-removed')),
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL,
    details       TEXT NOT NULL
  );
  CREATE INDEX case_events_by_hash ON case_events(content_sha256, id);
  `,
  `
  CREATE TABLE minute_stats (
    analysis_id   INTEGER PRIMARY KEY REFERENCES analyses(id) ON DELETE CASCADE,
    minutes       INTEGER NOT NULL CHECK (minutes >= 0),
    rr_count      BLOB NOT NULL,
    hr_sum_bpm    BLOB NOT NULL,
    hr_min_bpm    BLOB NOT NULL,
    hr_max_bpm    BLOB NOT NULL,
    class_counts  BLOB NOT NULL
  );
  `,
  `
  CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('import','analysis')),
    force         INTEGER NOT NULL CHECK (force IN (0, 1)),
    state         TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled')),
    created_at    TEXT NOT NULL,
    ended_at      TEXT,
    error         TEXT,
    owner_pid     INTEGER,
    owner_host    TEXT,
    owner_token   TEXT
  );
  CREATE INDEX jobs_by_state ON jobs(state, created_at);
  ALTER TABLE analyses ADD COLUMN stage_ms TEXT;
  `,
  `
  CREATE TABLE export_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id     INTEGER NOT NULL,
    content_sha256 TEXT NOT NULL,
    record_name   TEXT NOT NULL,
    format        TEXT NOT NULL CHECK (format IN ('report-pdf','wfdb-annotations','beats-csv','episodes-csv')),
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL,
    details       TEXT NOT NULL
  );
  CREATE INDEX export_events_by_record ON export_events(record_id, content_sha256, id);
  `,
  `
  CREATE TABLE reviewers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('technician','physician')),
    created_at    TEXT NOT NULL
  );
  CREATE TABLE reviews_v3 (
    record_id     INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('open','in_review','reviewed','signed')),
    reviewer      TEXT,
    updated_at    TEXT NOT NULL,
    signed_by     TEXT,
    signed_at     TEXT,
    record_call_override TEXT CHECK (record_call_override IN ('N','A','O','~'))
  );
  INSERT INTO reviews_v3 (record_id, status, reviewer, updated_at) SELECT record_id, status, reviewer, updated_at FROM reviews;
  DROP TABLE reviews;
  ALTER TABLE reviews_v3 RENAME TO reviews;
  CREATE TABLE review_actions (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    analysis_id   INTEGER REFERENCES analyses(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('done','undone','discarded')),
    undoable      INTEGER NOT NULL CHECK (undoable IN (0,1)),
    target_action_id INTEGER REFERENCES review_actions(id) ON DELETE CASCADE,
    old_value     TEXT,
    new_value     TEXT,
    changed_rows  INTEGER NOT NULL
  );
  CREATE INDEX actions_by_record ON review_actions(record_id, state, id);
  ALTER TABLE beats ADD COLUMN artefact INTEGER NOT NULL DEFAULT 0 CHECK (artefact IN (0,1));
  ALTER TABLE beats ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1));
  ALTER TABLE rhythm_episodes ADD COLUMN source TEXT NOT NULL DEFAULT 'model' CHECK (source IN ('model','human'));
  ALTER TABLE rhythm_episodes ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0,1));
  ALTER TABLE rhythm_episodes ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1));
  CREATE TABLE action_beats (
    action_id     INTEGER NOT NULL REFERENCES review_actions(id) ON DELETE CASCADE,
    beat_id       INTEGER NOT NULL REFERENCES beats(id) ON DELETE CASCADE,
    old_label     TEXT NOT NULL,
    new_label     TEXT NOT NULL,
    old_source    TEXT NOT NULL,
    new_source    TEXT NOT NULL,
    old_artefact  INTEGER NOT NULL,
    new_artefact  INTEGER NOT NULL,
    old_deleted   INTEGER NOT NULL,
    new_deleted   INTEGER NOT NULL,
    PRIMARY KEY (action_id, beat_id)
  ) WITHOUT ROWID;
  CREATE INDEX action_beats_by_beat ON action_beats(beat_id);
  CREATE TABLE action_episodes (
    action_id     INTEGER NOT NULL REFERENCES review_actions(id) ON DELETE CASCADE,
    episode_id    INTEGER NOT NULL REFERENCES rhythm_episodes(id) ON DELETE CASCADE,
    old_label     TEXT NOT NULL,
    new_label     TEXT NOT NULL,
    old_accepted  INTEGER NOT NULL,
    new_accepted  INTEGER NOT NULL,
    old_deleted   INTEGER NOT NULL,
    new_deleted   INTEGER NOT NULL,
    PRIMARY KEY (action_id, episode_id)
  ) WITHOUT ROWID;
  CREATE INDEX action_episodes_by_episode ON action_episodes(episode_id);
  CREATE TABLE label_events_v3 (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    beat_id       INTEGER REFERENCES beats(id) ON DELETE SET NULL,
    episode_id    INTEGER REFERENCES rhythm_episodes(id) ON DELETE SET NULL,
    sample        INTEGER,
    kind          TEXT NOT NULL CHECK (kind IN ('beat-label','beat-confirmed','beat-artefact','beat-inserted','beat-deleted',
                    'episode-label','episode-accepted','episode-added','episode-deleted','record-call','review-status')),
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT NOT NULL,
    action_id     INTEGER REFERENCES review_actions(id) ON DELETE CASCADE
  );
  INSERT INTO label_events_v3 (id, record_id, beat_id, sample, kind, reviewer, at, old_value, new_value)
    SELECT id, record_id, beat_id, sample, kind, reviewer, at, old_value, new_value FROM label_events;
  DROP TABLE label_events;
  ALTER TABLE label_events_v3 RENAME TO label_events;
  CREATE INDEX events_by_record ON label_events(record_id, id);
  CREATE INDEX events_by_beat ON label_events(beat_id);
  CREATE INDEX events_by_episode ON label_events(episode_id);
  CREATE INDEX events_by_action ON label_events(action_id);
  `,
  `
  CREATE TABLE report_strips (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    start_sample  INTEGER NOT NULL CHECK (start_sample >= 0),
    end_sample    INTEGER NOT NULL CHECK (end_sample > start_sample),
    lead          INTEGER NOT NULL CHECK (lead >= 0),
    note          TEXT,
    added_by      TEXT NOT NULL,
    added_at      TEXT NOT NULL,
    removed       INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0,1))
  );
  CREATE INDEX report_strips_by_record ON report_strips(record_id, start_sample);
  ALTER TABLE review_actions ADD COLUMN onset_sample INTEGER;
  ALTER TABLE review_actions ADD COLUMN end_sample INTEGER;
  ALTER TABLE review_actions ADD COLUMN strip_id INTEGER REFERENCES report_strips(id) ON DELETE CASCADE;
  CREATE TABLE label_events_v7 (
    id            INTEGER PRIMARY KEY,
    record_id     INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    beat_id       INTEGER REFERENCES beats(id) ON DELETE SET NULL,
    episode_id    INTEGER REFERENCES rhythm_episodes(id) ON DELETE SET NULL,
    sample        INTEGER,
    kind          TEXT NOT NULL CHECK (kind IN ('beat-label','beat-confirmed','beat-artefact','beat-inserted','beat-deleted',
                    'episode-label','episode-accepted','episode-added','episode-deleted','record-call','review-status',
                    'strip-added','strip-removed')),
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT NOT NULL,
    action_id     INTEGER REFERENCES review_actions(id) ON DELETE CASCADE
  );
  INSERT INTO label_events_v7 SELECT id, record_id, beat_id, episode_id, sample, kind, reviewer, at, old_value, new_value, action_id
    FROM label_events;
  DROP TABLE label_events;
  ALTER TABLE label_events_v7 RENAME TO label_events;
  CREATE INDEX events_by_record ON label_events(record_id, id);
  CREATE INDEX events_by_beat ON label_events(beat_id);
  CREATE INDEX events_by_episode ON label_events(episode_id);
  CREATE INDEX events_by_action ON label_events(action_id);
  `,
  `
  CREATE TABLE signal_envelopes (
    analysis_id   INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    signal        INTEGER NOT NULL CHECK (signal >= 0),
    level         INTEGER NOT NULL CHECK (level >= 0),
    tile          INTEGER NOT NULL CHECK (tile >= 0),
    bin_samples   INTEGER NOT NULL CHECK (bin_samples >= 1),
    level_bins    INTEGER NOT NULL CHECK (level_bins >= 1),
    tile_bins     INTEGER NOT NULL CHECK (tile_bins >= 1),
    min_max       BLOB NOT NULL,
    PRIMARY KEY (analysis_id, signal, level, tile)
  ) WITHOUT ROWID;
  `,
  `
  CREATE TABLE model_versions (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('beats')),
    version       TEXT NOT NULL UNIQUE,
    parent_id     INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
    parent_version TEXT NOT NULL,
    dir           TEXT NOT NULL,
    data          TEXT NOT NULL,
    hyper_parameters TEXT NOT NULL,
    metrics       TEXT NOT NULL,
    backend       TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('whole-model','recurrent-and-head')),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1))
  );
  CREATE UNIQUE INDEX model_versions_one_active ON model_versions(kind) WHERE active = 1;
  CREATE TABLE model_events (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('activated','rolled-back')),
    model_kind    TEXT NOT NULL,
    version_id    INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
    version       TEXT NOT NULL,
    reviewer      TEXT NOT NULL,
    at            TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE rhythm_episodes_v8 (
    id            INTEGER PRIMARY KEY,
    analysis_id   INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    label         TEXT NOT NULL CHECK (label IN ('N','AFIB','AFL','SVTA','VT','VFL','VF','B','T','OTHER','NOISE')),
    onset_sample  INTEGER NOT NULL,
    end_sample    INTEGER NOT NULL CHECK (end_sample > onset_sample),
    mean_probability REAL NOT NULL,
    source        TEXT NOT NULL DEFAULT 'model' CHECK (source IN ('model','human')),
    accepted      INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0,1)),
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
  );
  CREATE TABLE cinc_to_holter (cinc TEXT PRIMARY KEY, holter TEXT NOT NULL) WITHOUT ROWID;
  INSERT INTO cinc_to_holter VALUES ('N','N'), ('A','AFIB'), ('O','OTHER'), ('~','NOISE');
  INSERT INTO rhythm_episodes_v8 (id, analysis_id, label, onset_sample, end_sample, mean_probability, source, accepted, deleted)
    SELECT e.id, e.analysis_id, m.holter, e.onset_sample, e.end_sample, e.mean_probability, e.source, e.accepted, e.deleted
    FROM rhythm_episodes e JOIN cinc_to_holter m ON m.cinc = e.label;
  DROP TABLE rhythm_episodes;
  ALTER TABLE rhythm_episodes_v8 RENAME TO rhythm_episodes;
  CREATE INDEX episodes_by_onset ON rhythm_episodes(analysis_id, onset_sample);
  UPDATE action_episodes SET
    old_label = (SELECT holter FROM cinc_to_holter WHERE cinc = old_label),
    new_label = (SELECT holter FROM cinc_to_holter WHERE cinc = new_label);
  UPDATE label_events SET
    old_value = coalesce((SELECT holter FROM cinc_to_holter WHERE cinc = old_value), old_value),
    new_value = coalesce((SELECT holter FROM cinc_to_holter WHERE cinc = new_value), new_value)
  WHERE kind = 'episode-label';
  DROP TABLE cinc_to_holter;
  `,
  `
  CREATE TABLE model_versions_v11 (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('beats','rhythm')),
    version       TEXT NOT NULL UNIQUE,
    parent_id     INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
    parent_version TEXT NOT NULL,
    dir           TEXT NOT NULL,
    data          TEXT NOT NULL,
    hyper_parameters TEXT NOT NULL,
    metrics       TEXT NOT NULL,
    backend       TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('whole-model','recurrent-and-head')),
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1))
  );
  INSERT INTO model_versions_v11 SELECT id, kind, version, parent_id, parent_version, dir, data, hyper_parameters, metrics, backend, scope,
    created_by, created_at, active FROM model_versions;
  DROP TABLE model_versions;
  ALTER TABLE model_versions_v11 RENAME TO model_versions;
  CREATE UNIQUE INDEX model_versions_one_active ON model_versions(kind) WHERE active = 1;
  `,
  `
  ALTER TABLE analyses ADD COLUMN rhythm_attention_step_s REAL;
  ALTER TABLE analyses ADD COLUMN rhythm_attention_offset_s REAL;
  `,
  `
  ALTER TABLE analyses ADD COLUMN record_paced INTEGER CHECK (record_paced IN (0,1));
  ALTER TABLE analyses ADD COLUMN paced_beats INTEGER;
  ALTER TABLE analyses ADD COLUMN paced_sure_share REAL;
  `,
];
