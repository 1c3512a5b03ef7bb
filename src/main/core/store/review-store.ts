import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type {
  AnalysisState,
  BeatView,
  CaseEvent,
  CaseSummary,
  ClassCounts,
  HolterRhythm,
  LabelEvent,
  LabelSource,
  ModelVersion,
  ReviewStatus,
  RhythmEpisode,
  RhythmLabel,
} from '../../../shared/api';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import { minuteStats, type MinuteStats } from '../analysis/minute-stats';
import { updateMinuteStats, type BeatStateChange } from '../analysis/update-minute-stats';
import { AnalysisRowsError, checkAnalysisRows, checkFinalRows, checkPartRows } from './check-analysis-rows';
import { EnvelopeStore } from './envelope-store';
import { IdleCheckpoint } from './idle-checkpoint';
import { RHYTHM_LABELS } from '../rhythm/rhythm-labels';
import type { SignalEnvelope } from '../analysis/signal-envelope';
import { MIGRATIONS } from './migrations';

/** Prefix of the provisional content hash of a record imported but not hashed yet. */
export const PENDING_HASH_PREFIX = 'pending:';

/** Thrown when a row a caller names does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * Thrown when a write would act on something the caller no longer sees as it
 * is (a beat of an analysis that has since been replaced, a case whose
 * analysis is running); the caller reloads or waits. API code `conflict`.
 */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/**
 * How long a write waits for another process's write lock before it fails
 * with "database is locked", in ms (better-sqlite3's `timeout` option, i.e.
 * SQLite's busy timeout). Every write transaction starts with BEGIN IMMEDIATE,
 * so it waits here at its start instead of failing at its first write.
 */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Rows (beats, rhythm episodes, windows) written per transaction while an
 * analysis is stored, so a 24 h analysis (about 110,000 beats) never holds
 * the write lock for long: one chunk of 10,000 beats takes about 60 ms, a
 * whole 24 h result in one transaction 0.6–0.8 s (measured on the project
 * machine, noisy).
 */
export const ANALYSIS_CHUNK_ROWS = 10_000;

/**
 * Pause between two chunk transactions of one analysis, in ms. SQLite's busy
 * handler polls the lock with sleeps of up to 100 ms; with back-to-back
 * chunks a waiting process would almost never find the lock free and would
 * wait for the whole analysis. 110 ms lets it in at its next poll, and costs
 * a 24 h analysis about 1.2 s.
 */
export const ANALYSIS_CHUNK_PAUSE_MS = 110;

/**
 * Tells this process's 'running' analyses (and jobs) from those of a dead
 * process that had the same pid. Per module instance: a worker thread has its
 * own, which is why only the serving thread begins analyses and queues jobs.
 */
export const PROCESS_TOKEN = randomUUID();

/** A record as imported: where it is, what it holds, its content hash. */
export interface RecordRow {
  recordId: number;
  path: string;
  name: string;
  contentSha256: string;
  fsHz: number;
  nSamples: number;
  signalNames: string[];
  signalUnits: string[];
  importedAt: string;
}

/** What an analysis used, stored with it so results stay traceable. */
export interface AnalysisProvenance {
  backend: string;
  models: ModelVersion[];
  detector: string;
}

/** A record's pacing call as stored with its analysis. */
export interface RecordPacingCall {
  /** Whether the record is paced (a documented share of its beats follow a pacemaker stimulus). */
  recordPaced: boolean;
  /** Beats the analysis labelled paced (AAMI Q); 0 in a record that is not paced. */
  pacedBeats: number;
  /** Share (0..1) of the record's beats with a sure stimulus, the figure the call is made on. */
  sureShare: number;
}

/** Everything one finished analysis writes. */
export interface AnalysisResultRows {
  elapsedMs: number;
  /** R-peak sample indices, sorted. */
  beatSamples: Int32Array;
  beatLabels: readonly AamiClass[];
  beatConfidence: Float32Array;
  /** Per beat, 1 when the analysis flags it artefact (inside a stretch too noisy to read); all 0 when absent. */
  beatArtefact?: Uint8Array;
  /** n × beatAttentionSteps, row-major; empty when the model gives none. */
  beatAttention: Float32Array;
  beatAttentionSteps: number;
  /** Span of a beat's attention relative to its R peak, in s (start < 0 < end). */
  beatAttentionStartS: number;
  beatAttentionEndS: number;
  episodes: readonly RhythmEpisode[];
  rhythmWindowS: number;
  windowStartSamples: Int32Array;
  windowLabels: readonly RhythmLabel[];
  /** nWindows × 4 (N, A, O, ~), row-major. */
  windowProbabilities: Float32Array;
  /** nWindows × rhythmAttentionSteps, row-major. */
  windowAttention: Float32Array;
  rhythmAttentionSteps: number;
  /**
   * Length of one rhythm attention step, in s (the model's pooling factor over its rate: 0.64 s for the
   * committed model); absent when unknown, and the overlay then spreads the steps over the whole window.
   */
  rhythmAttentionStepS?: number;
  /** Start of the first attention step after the window's start, in s (0 for the committed model). */
  rhythmAttentionOffsetS?: number;
  afBurden: number;
  recordCall: { label: RhythmLabel; probabilities: Record<RhythmLabel, number> } | null;
  /** The record's pacing call (pacing-classifier.ts); absent when the analysis made none. */
  pacing?: RecordPacingCall;
  /** Level 0 of the signal's min/max pyramid (envelope-pyramid.ts), from frame 0; stored with its coarser levels. */
  signalEnvelope?: SignalEnvelope;
}

/** The per-beat and per-window arrays of an analysis result (see AnalysisPartRows). */
type PartArrayKeys =
  | 'beatSamples'
  | 'beatLabels'
  | 'beatConfidence'
  | 'beatArtefact'
  | 'beatAttention'
  | 'windowStartSamples'
  | 'windowLabels'
  | 'windowProbabilities'
  | 'windowAttention';

/**
 * One part of an analysis result, as one chunk of the record gives it (or the whole record): its
 * beats and rhythm windows with their final labels, in record samples, and the attention layout
 * their attention arrays use. An analysis's parts are stored in record order
 * ({@link ReviewStore.appendAnalysisRows}).
 */
export type AnalysisPartRows = Pick<AnalysisResultRows, PartArrayKeys | 'beatAttentionSteps' | 'rhythmAttentionSteps'>;

/**
 * A running analysis's streamed rows as read back from the store ({@link ReviewStore.streamedAnalysisRows}):
 * a part's arrays without the attention, which finishing the analysis does not read.
 */
export type StreamedAnalysisRows = Omit<
  AnalysisPartRows,
  'beatAttention' | 'windowAttention' | 'beatAttentionSteps' | 'rhythmAttentionSteps'
>;

/** The record-wide rest of an analysis result (episodes, AF burden, times, envelope, layouts), stored last ({@link ReviewStore.finishAnalysis}). */
export type AnalysisFinalRows = Omit<AnalysisResultRows, PartArrayKeys>;

/** Classes of a rhythm window's stored probabilities (N, A, O, ~: RHYTHM_LABELS order). */
const WINDOW_CLASSES = RHYTHM_LABELS.length;

/** A part with no beats and no windows (the rows {@link ReviewStore.finishAnalysis} writes have none). */
const NO_PART_ROWS: AnalysisPartRows = Object.freeze({
  beatSamples: new Int32Array(0),
  beatLabels: [],
  beatConfidence: new Float32Array(0),
  beatAttention: new Float32Array(0),
  beatAttentionSteps: 0,
  windowStartSamples: new Int32Array(0),
  windowLabels: [],
  windowProbabilities: new Float32Array(0),
  windowAttention: new Float32Array(0),
  rhythmAttentionSteps: 0,
});

/** The latest analysis of a record, as stored. */
export interface AnalysisRow {
  analysisId: number;
  recordId: number;
  createdAt: string;
  state: Exclude<AnalysisState, 'none' | 'queued'>;
  backend: string;
  models: ModelVersion[];
  detector: string;
  elapsedMs: number | null;
  error: string | null;
  afBurden: number | null;
  recordCall: AnalysisResultRows['recordCall'];
  beatAttentionSteps: number | null;
  beatAttentionStartS: number | null;
  beatAttentionEndS: number | null;
  rhythmWindowS: number | null;
  rhythmAttentionSteps: number | null;
  /** see AnalysisResultRows; null for analyses stored without it (before store migration 12) */
  rhythmAttentionStepS: number | null;
  rhythmAttentionOffsetS: number | null;
  /** see AnalysisResultRows; null for analyses stored without it (before store migration 13) */
  pacing: RecordPacingCall | null;
  /** Wall time per analysis stage, in ms (null for analyses stored before it was kept). */
  stageMs: Record<string, number> | null;
}

/** A beat with its stored attention weights. */
export interface BeatRow extends BeatView {
  attention: Float32Array | null;
}

/** A rhythm window with its stored attention weights. */
export interface WindowRow {
  startSample: number;
  label: RhythmLabel;
  attention: Float32Array | null;
}

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

/** The beats of an analysis, column-wise, sorted by sample. */
export interface BeatList {
  beatIds: Float64Array;
  /** R-peak sample indices. */
  samples: Int32Array;
  labels: AamiClass[];
  /** 1 = marked artefact. */
  artefact: Uint8Array;
}

/** A case's review row. */
export interface ReviewRow {
  status: ReviewStatus;
  reviewer: string | null;
  /** Signer's profile name and signing time (UTC ISO), non-null only while signed. */
  signedBy: string | null;
  signedAt: string | null;
  /** The reviewer's record-level rhythm call, or null. */
  recordCallOverride: RhythmLabel | null;
}

const EMPTY_COUNTS = (): ClassCounts => ({ N: 0, S: 0, V: 0, F: 0, Q: 0 });

/** The class counts of minute aggregates as one array: class k (AAMI_CLASSES order) at [k·n, (k+1)·n). */
function classCountsOf(stats: MinuteStats): Uint32Array {
  const n = stats.rrCount.length;
  const out = new Uint32Array(n * AAMI_CLASSES.length);
  AAMI_CLASSES.forEach((c, k) => out.set(stats.counts[c], k * n));
  return out;
}

/** The bytes of a typed array, for a BLOB column. */
function typedBlob(values: Uint32Array | Float32Array | Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** A BLOB copied into its own aligned buffer, checked to hold `byteLength` bytes. */
function blobBytes(blob: unknown, byteLength: number): Uint8Array<ArrayBuffer> {
  if (!(blob instanceof Uint8Array) || blob.byteLength !== byteLength) {
    throw new Error(`minute_stats: a blob holds ${blob instanceof Uint8Array ? blob.byteLength : 'no'} bytes, expected ${byteLength}`);
  }
  const copy = new Uint8Array(byteLength);
  copy.set(blob);
  return copy;
}

function blobFloats(blob: unknown): Float32Array | null {
  if (!(blob instanceof Uint8Array) || blob.byteLength === 0) return null;
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

/** The current UTC time as `Date.toISOString()` writes it. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The review database: records, analyses, beats, rhythm episodes and windows,
 * review status and the label audit trail, in one SQLite file (better-sqlite3,
 * WAL journal, foreign keys on, numbered migrations in `migrations.ts`).
 * Every review write is one immediate transaction, committed before the call
 * returns, so a killed process loses no acknowledged review action, and two
 * processes (the app or server and the CLI) can write one database at once:
 * each waits up to {@link BUSY_TIMEOUT_MS} for the other's write lock.
 * An analysis is written in short transactions while it is 'running' (never
 * shown: every reader takes the latest 'done' analysis) and becomes visible in
 * one last short transaction; a failed one is deleted down to its row.
 */
export class ReviewStore {
  readonly db: Database.Database;
  /** The analyses' min/max pyramids (`signal_envelopes`). */
  readonly envelopes: EnvelopeStore;
  /** Checkpoints the WAL when the connection idles rather than in a commit. */
  private readonly checkpoints: IdleCheckpoint;

  /**
   * Opens (creating if needed) and migrates the database.
   * @param path - SQLite file path, or ':memory:'
   * @throws Error naming the file when it is not a database this app can use
   *   (e.g. a newer schema version than this build knows)
   */
  constructor(readonly path: string) {
    this.db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.checkpoints = new IdleCheckpoint(this.db);
    this.migrate();
    this.envelopes = new EnvelopeStore(this.db);
  }

  /** Closes the database (the WAL is checkpointed). */
  close(): void {
    this.checkpoints.dispose();
    this.db.close();
  }

  /**
   * Runs `work` as one BEGIN IMMEDIATE transaction (a savepoint when nested),
   * committed before it returns; the WAL is checkpointed later, when the
   * connection idles ({@link IdleCheckpoint}), not in this commit.
   */
  write<T>(work: () => T): T {
    const result = this.db.transaction(work).immediate();
    if (!this.db.inTransaction) this.checkpoints.committed();
    return result;
  }

  /**
   * Runs the missing migrations, each in its own immediate transaction, with foreign keys off (a
   * migration may rebuild a table others reference: SQLite's rebuild procedure,
   * https://www.sqlite.org/lang_altertable.html#otheralter); a migration that leaves a dangling
   * reference (`PRAGMA foreign_key_check`) is rolled back.
   */
  private migrate(): void {
    this.db.pragma('foreign_keys = OFF');
    try {
      for (;;) {
        const migrated = this.write(() => {
          const version = this.db.pragma('user_version', { simple: true }) as number;
          if (version > MIGRATIONS.length) {
            throw new Error(`${this.path}: database schema version ${version} is newer than this build (${MIGRATIONS.length})`);
          }
          if (version === MIGRATIONS.length) return true;
          this.db.exec(MIGRATIONS[version] as string);
          const dangling = this.db.pragma('foreign_key_check') as { table: string; parent: string }[];
          if (dangling.length > 0) {
            const first = dangling[0] as { table: string; parent: string };
            throw new Error(
              `${this.path}: migration ${version + 1} would leave ${dangling.length} row(s) of ${first.table} referencing no ${first.parent} row`,
            );
          }
          this.db.pragma(`user_version = ${version + 1}`);
          return false;
        });
        if (migrated) return;
      }
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
  }

  /**
   * Adds a record, or finds it by content hash when it was imported before
   * (then its path is updated to where it is now).
   * @returns the record id and whether it was already known
   */
  upsertRecord(record: Omit<RecordRow, 'recordId' | 'importedAt'>): { recordId: number; alreadyKnown: boolean } {
    return this.write(() => {
      const known = this.db.prepare('SELECT id FROM records WHERE content_sha256 = ?').get(record.contentSha256) as
        { id: number } | undefined;
      if (known) {
        this.db.prepare('UPDATE records SET path = ? WHERE id = ?').run(record.path, known.id);
        return { recordId: known.id, alreadyKnown: true };
      }
      const at = nowIso();
      const info = this.db
        .prepare(
          `INSERT INTO records (path, name, content_sha256, fs_hz, n_samples, signal_names, signal_units, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          record.path,
          record.name,
          record.contentSha256,
          record.fsHz,
          record.nSamples,
          JSON.stringify(record.signalNames),
          JSON.stringify(record.signalUnits),
          at,
        );
      const recordId = Number(info.lastInsertRowid);
      this.db.prepare(`INSERT INTO reviews (record_id, status, reviewer, updated_at) VALUES (?, 'open', NULL, ?)`).run(recordId, at);
      return { recordId, alreadyKnown: false };
    });
  }

  /**
   * Adds a record whose content is not hashed yet, as soon as its header is
   * read, so it is listed at once; its `contentSha256` is
   * `${PENDING_HASH_PREFIX}<uuid>` until {@link ReviewStore.settleContentHash}.
   * @returns the new record's id
   */
  addPendingRecord(record: Omit<RecordRow, 'recordId' | 'importedAt' | 'contentSha256'>): number {
    return this.upsertRecord({ ...record, contentSha256: `${PENDING_HASH_PREFIX}${randomUUID()}` }).recordId;
  }

  /**
   * Sets a pending record's content hash. When another record already has
   * that content, the pending row is removed and the known record takes its
   * path and its jobs (the same recording imported again), in one transaction.
   * @returns the id the record now has, and whether it was a known one
   * @throws NotFoundError when the record does not exist
   */
  settleContentHash(recordId: number, contentSha256: string): { recordId: number; alreadyKnown: boolean } {
    return this.write(() => {
      const record = this.getRecord(recordId);
      const known = this.db.prepare('SELECT id FROM records WHERE content_sha256 = ? AND id <> ?').get(contentSha256, recordId) as
        { id: number } | undefined;
      if (!known) {
        this.db.prepare('UPDATE records SET content_sha256 = ? WHERE id = ?').run(contentSha256, recordId);
        return { recordId, alreadyKnown: false };
      }
      this.db.prepare('UPDATE jobs SET record_id = ? WHERE record_id = ?').run(known.id, recordId);
      this.db.prepare('DELETE FROM records WHERE id = ?').run(recordId);
      this.db.prepare('UPDATE records SET path = ? WHERE id = ?').run(record.path, known.id);
      return { recordId: known.id, alreadyKnown: true };
    });
  }

  /** Removes a record and everything stored about it (analyses, beats, review, audit rows, jobs), in one transaction. */
  removeRecord(recordId: number): void {
    this.db.prepare('DELETE FROM records WHERE id = ?').run(recordId);
  }

  /** @returns the id of the record imported from this path, or null */
  recordIdByPath(path: string): number | null {
    const row = this.db.prepare('SELECT id FROM records WHERE path = ? ORDER BY id DESC LIMIT 1').get(path) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /**
   * @returns the record row
   * @throws NotFoundError when no record has this id
   */
  getRecord(recordId: number): RecordRow {
    const row = this.db.prepare('SELECT * FROM records WHERE id = ?').get(recordId) as Row | undefined;
    if (!row) throw new NotFoundError(`record ${recordId} does not exist`);
    return {
      recordId: row.id as number,
      path: row.path as string,
      name: row.name as string,
      contentSha256: row.content_sha256 as string,
      fsHz: row.fs_hz as number,
      nSamples: row.n_samples as number,
      signalNames: JSON.parse(row.signal_names as string) as string[],
      signalUnits: JSON.parse(row.signal_units as string) as string[],
      importedAt: row.imported_at as string,
    };
  }

  /**
   * Starts an analysis row in state 'running', owned by this process (see
   * {@link recoverInterruptedAnalyses}).
   * @returns its id
   * @throws NotFoundError when the record does not exist
   */
  beginAnalysis(recordId: number, provenance: AnalysisProvenance): number {
    return this.write(() => {
      this.getRecord(recordId);
      const info = this.db
        .prepare(
          `INSERT INTO analyses (record_id, created_at, state, backend, models, detector, owner_pid, owner_host, owner_token)
           VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          recordId,
          nowIso(),
          provenance.backend,
          JSON.stringify(provenance.models),
          provenance.detector,
          process.pid,
          hostname(),
          PROCESS_TOKEN,
        );
      return Number(info.lastInsertRowid);
    });
  }

  /**
   * Stores a finished analysis and marks it 'done'. The result is checked
   * first ({@link checkAnalysisRows}), then its beats, rhythm episodes and
   * windows are written in transactions of {@link ANALYSIS_CHUNK_ROWS} rows
   * while the analysis stays 'running' (and unseen), with a pause of
   * {@link ANALYSIS_CHUNK_PAUSE_MS} between them so another process waiting
   * for the write lock gets it. The last transaction also carries the human
   * labels of the analysis shown until then over to the new beat nearest each
   * relabelled one within 150 ms (so re-analysis never undoes a reviewer's
   * work, however many times it happens) and shows the analysis. A result of
   * up to one chunk (a record of some hours) is one transaction.
   * Whatever fails, the analysis ends 'failed' with the error's message and
   * none of its rows, and the error is rethrown.
   * @throws AnalysisRowsError when the result cannot be stored as it is
   * @throws NotFoundError when the analysis or its record no longer exists
   * @throws ConflictError when the analysis is no longer 'running' (another
   *   process found its writer dead, or it was cancelled)
   * @throws Error from SQLite, prefixed with the record's name
   */
  async completeAnalysis(analysisId: number, result: AnalysisResultRows): Promise<void> {
    await this.writeAnalysisRows(analysisId, (record) => {
      checkAnalysisRows(record.name, record.nSamples, result);
      return {
        insert: this.rowInserter(analysisId, result, result.episodes),
        last: () => this.showAnalysis(analysisId, record, result, () => result.beatSamples),
      };
    });
  }

  /**
   * Streams one part of a running analysis into the store (a chunk's beats and windows, as the
   * chunk finishes, so that no process holds a long record's rows at once): the part is checked
   * ({@link checkPartRows}, its beats after those already stored), then written in transactions of
   * {@link ANALYSIS_CHUNK_ROWS} rows while the analysis stays 'running', unseen by every reader,
   * until {@link finishAnalysis}. Whatever fails, the analysis ends 'failed' with the error's
   * message and none of its rows (those of earlier parts included), and the error is rethrown; a
   * process killed before finishing leaves a 'running' analysis that the next start marks failed
   * with its rows deleted ({@link recoverInterruptedAnalyses}).
   * @param analysisId - from {@link beginAnalysis}
   * @param rows - the next part, in record order
   * @throws the errors of {@link completeAnalysis}
   */
  async appendAnalysisRows(analysisId: number, rows: AnalysisPartRows): Promise<void> {
    await this.writeAnalysisRows(analysisId, (record) => {
      const last = this.db.prepare('SELECT MAX(sample) AS sample FROM beats WHERE analysis_id = ?').get(analysisId) as {
        sample: number | null;
      };
      checkPartRows(record.name, record.nSamples, rows, last.sample ?? -1);
      return { insert: this.rowInserter(analysisId, rows, []) };
    });
  }

  /**
   * Stores the min/max pyramid of a running analysis ahead of its rows (the engine does it after the
   * first pass, so that no thread holds the record's envelope through the second): unseen, as the rows
   * are, until {@link finishAnalysis} shows the analysis, which must then be given no envelope; deleted
   * with them if the analysis fails.
   * @param analysisId - from {@link beginAnalysis}
   * @param envelope - level 0 of the record's pyramid, from frame 0 (joinEnvelopes)
   * @throws the errors of {@link completeAnalysis}
   */
  async appendAnalysisEnvelope(analysisId: number, envelope: SignalEnvelope): Promise<void> {
    await this.writeAnalysisRows(analysisId, () => ({
      insert: { total: 0, row: () => undefined },
      last: () => this.envelopes.insert(analysisId, envelope),
    }));
  }

  /**
   * Finishes an analysis whose parts were streamed in ({@link appendAnalysisRows}): checks the
   * record-wide rows ({@link checkFinalRows}), writes its rhythm episodes, and in the last
   * transaction carries the human labels over, stores the per-minute aggregates and the min/max
   * pyramid, and shows the analysis (as {@link completeAnalysis} does). The same result streamed or
   * stored whole gives the same rows.
   * @param analysisId - from {@link beginAnalysis}, its parts stored
   * @param rows - the record-wide rows
   * @throws the errors of {@link completeAnalysis}
   */
  async finishAnalysis(analysisId: number, rows: AnalysisFinalRows): Promise<void> {
    await this.writeAnalysisRows(analysisId, (record) => {
      checkFinalRows(record.name, rows);
      return {
        insert: this.rowInserter(analysisId, null, rows.episodes),
        last: () => this.showAnalysis(analysisId, record, rows, () => this.beatList(analysisId).samples),
      };
    });
  }

  /**
   * Writes rows of a running analysis in transactions of {@link ANALYSIS_CHUNK_ROWS} rows (a pause
   * of {@link ANALYSIS_CHUNK_PAUSE_MS} between two), each checking first that the analysis is still
   * 'running'; `last` (showing the analysis, or writing its envelope) runs inside the last. Whatever
   * fails, the analysis ends 'failed' with none of its rows and the error is rethrown (SQLite's
   * prefixed with the record's name).
   * @param prepare - checks what is to be written (throwing AnalysisRowsError) and returns its inserter
   */
  private async writeAnalysisRows(
    analysisId: number,
    prepare: (record: RecordRow) => { insert: { total: number; row: (k: number) => void }; last?: () => void },
  ): Promise<void> {
    let recordName = `of analysis ${analysisId}`;
    try {
      const record = this.getRecord(this.runningAnalysis(analysisId).recordId);
      recordName = record.name;
      const { insert, last } = prepare(record);
      for (let from = 0; ; from += ANALYSIS_CHUNK_ROWS) {
        const to = Math.min(insert.total, from + ANALYSIS_CHUNK_ROWS);
        const final = to === insert.total;
        this.write(() => {
          this.runningAnalysis(analysisId);
          for (let k = from; k < to; k++) insert.row(k);
          if (final) last?.();
        });
        if (final) return;
        await new Promise((resolve) => setTimeout(resolve, ANALYSIS_CHUNK_PAUSE_MS));
      }
    } catch (error) {
      const known = error instanceof NotFoundError || error instanceof ConflictError || error instanceof AnalysisRowsError;
      const message = error instanceof Error ? error.message : String(error);
      const failure = known ? (error as Error) : new Error(`record "${recordName}": the analysis could not be stored: ${message}`);
      this.endAnalysis(analysisId, 'failed', failure.message);
      throw failure;
    }
  }

  /** Keeps the wall time of each stage of an analysis, in ms. */
  setStageTimes(analysisId: number, stageMs: Record<string, number>): void {
    this.db.prepare('UPDATE analyses SET stage_ms = ? WHERE id = ?').run(JSON.stringify(stageMs), analysisId);
  }

  /** @throws NotFoundError / ConflictError unless the analysis exists and is 'running' */
  private runningAnalysis(analysisId: number): { recordId: number } {
    const row = this.db.prepare('SELECT record_id, state FROM analyses WHERE id = ?').get(analysisId) as
      { record_id: number; state: string } | undefined;
    if (!row) throw new NotFoundError(`analysis ${analysisId} does not exist (its case was removed)`);
    if (row.state !== 'running') throw new ConflictError(`analysis ${analysisId} is ${row.state}, no longer running`);
    return { recordId: row.record_id };
  }

  /** The rows numbered 0..total−1 (the part's beats, then the episodes, then the part's windows); `row(k)` inserts row k. */
  private rowInserter(
    analysisId: number,
    part: AnalysisPartRows | null,
    episodes: readonly RhythmEpisode[],
  ): { total: number; row: (k: number) => void } {
    const insertBeat = this.db.prepare(
      'INSERT INTO beats (analysis_id, sample, label, source, confidence, attention, artefact) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertEpisode = this.db.prepare(
      'INSERT INTO rhythm_episodes (analysis_id, label, onset_sample, end_sample, mean_probability) VALUES (?, ?, ?, ?, ?)',
    );
    const insertWindow = this.db.prepare(
      'INSERT INTO rhythm_windows (analysis_id, start_sample, label, probabilities, attention) VALUES (?, ?, ?, ?, ?)',
    );
    const result = part ?? NO_PART_ROWS;
    const n = result.beatSamples.length;
    const e = episodes.length;
    const steps = result.beatAttentionSteps;
    const wSteps = result.rhythmAttentionSteps;
    return {
      total: n + e + result.windowStartSamples.length,
      row: (k) => {
        if (k < n) {
          const attention = steps > 0 ? typedBlob(result.beatAttention.subarray(k * steps, (k + 1) * steps)) : null;
          const artefact = result.beatArtefact?.[k] ?? 0;
          insertBeat.run(analysisId, result.beatSamples[k], result.beatLabels[k], 'model', result.beatConfidence[k], attention, artefact);
        } else if (k < n + e) {
          const episode = episodes[k - n] as RhythmEpisode;
          insertEpisode.run(analysisId, episode.label, episode.onsetSample, episode.endSample, episode.meanProbability);
        } else {
          const w = k - n - e;
          insertWindow.run(
            analysisId,
            result.windowStartSamples[w],
            result.windowLabels[w],
            typedBlob(result.windowProbabilities.subarray(w * WINDOW_CLASSES, (w + 1) * WINDOW_CLASSES)),
            wSteps > 0 ? typedBlob(result.windowAttention.subarray(w * wSteps, (w + 1) * wSteps)) : null,
          );
        }
      },
    };
  }

  /**
   * Carries the shown analysis's human labels over to this one's beats (`beatSamples`, asked for only
   * when there is a shown analysis), stores its per-minute aggregates and pyramid, and marks it 'done'
   * (inside the last write).
   */
  private showAnalysis(analysisId: number, record: RecordRow, result: AnalysisFinalRows, beatSamples: () => Int32Array): void {
    this.carryHumanLabels(analysisId, record, beatSamples);
    this.carryHumanEpisodes(analysisId, record);
    const beats = this.beatList(analysisId);
    this.insertMinuteStats(analysisId, minuteStats(beats.samples, beats.labels, record.fsHz, record.nSamples, undefined, beats.artefact));
    if (result.signalEnvelope) this.envelopes.insert(analysisId, result.signalEnvelope);
    this.db
      .prepare(
        `UPDATE analyses SET state = 'done', elapsed_ms = ?, af_burden = ?, record_call = ?,
           beat_attention_steps = ?, beat_attention_start_s = ?, beat_attention_end_s = ?,
           rhythm_window_s = ?, rhythm_attention_steps = ?, rhythm_attention_step_s = ?, rhythm_attention_offset_s = ?,
           record_paced = ?, paced_beats = ?, paced_sure_share = ? WHERE id = ?`,
      )
      .run(
        result.elapsedMs,
        result.afBurden,
        result.recordCall ? JSON.stringify(result.recordCall) : null,
        result.beatAttentionSteps,
        result.beatAttentionStartS,
        result.beatAttentionEndS,
        result.rhythmWindowS,
        result.rhythmAttentionSteps,
        result.rhythmAttentionStepS ?? null,
        result.rhythmAttentionOffsetS ?? null,
        result.pacing ? Number(result.pacing.recordPaced) : null,
        result.pacing?.pacedBeats ?? null,
        result.pacing?.sureShare ?? null,
        analysisId,
      );
  }

  private insertMinuteStats(analysisId: number, stats: MinuteStats): void {
    this.db
      .prepare(
        `INSERT INTO minute_stats (analysis_id, minutes, rr_count, hr_sum_bpm, hr_min_bpm, hr_max_bpm, class_counts) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        analysisId,
        stats.rrCount.length,
        typedBlob(stats.rrCount),
        typedBlob(stats.hrSumBpm),
        typedBlob(stats.hrMinBpm),
        typedBlob(stats.hrMaxBpm),
        typedBlob(classCountsOf(stats)),
      );
  }

  /**
   * The per-minute aggregates stored with an analysis (see minute-stats.ts; one row of little-endian
   * typed-array blobs, so a 7-day analysis' 10,080 minutes load in one read), kept current by every review edit ({@link updateMinuteStats}).
   * @returns the aggregates, or null for an analysis stored before they existed (or not done)
   * @throws Error when a stored blob does not have the length its minute count implies
   */
  minuteStats(analysisId: number): MinuteStats | null {
    const row = this.db.prepare('SELECT * FROM minute_stats WHERE analysis_id = ?').get(analysisId) as Row | undefined;
    if (!row) return null;
    const n = row.minutes as number;
    const counts = new Uint32Array(blobBytes(row.class_counts, n * 4 * AAMI_CLASSES.length).buffer);
    return {
      rrCount: new Uint32Array(blobBytes(row.rr_count, n * 4).buffer),
      hrSumBpm: new Float64Array(blobBytes(row.hr_sum_bpm, n * 8).buffer),
      hrMinBpm: new Float32Array(blobBytes(row.hr_min_bpm, n * 4).buffer),
      hrMaxBpm: new Float32Array(blobBytes(row.hr_max_bpm, n * 4).buffer),
      counts: Object.fromEntries(AAMI_CLASSES.map((c, k) => [c, counts.subarray(k * n, (k + 1) * n)])) as MinuteStats['counts'],
    };
  }

  /**
   * Brings an analysis's per-minute aggregates up to date after a review edit, inside the edit's transaction,
   * touching only the minutes the edit changed (see {@link updateMinuteStats}); a no-op for an analysis stored
   * before the aggregates existed.
   * @param analysisId - the analysis the edit changed (its beats already written)
   * @param changes - each beat the edit touched, with its state before and after
   */
  updateMinuteStats(analysisId: number, changes: readonly BeatStateChange[]): void {
    if (changes.length === 0) return;
    const row = this.db.prepare('SELECT r.fs_hz FROM analyses a JOIN records r ON r.id = a.record_id WHERE a.id = ?').get(analysisId) as
      { fs_hz: number } | undefined;
    const stats = row ? this.minuteStats(analysisId) : null;
    if (!row || !stats) return;
    const present = this.db.prepare(
      'SELECT sample, artefact FROM beats WHERE analysis_id = ? AND deleted = 0 AND sample >= ? AND sample < ? ORDER BY sample',
    );
    updateMinuteStats(stats, changes, row.fs_hz, (startSample, endSample) => {
      const beats = present.raw().all(analysisId, startSample, endSample) as [number, number][];
      return { samples: Int32Array.from(beats, ([sample]) => sample), artefact: Uint8Array.from(beats, ([, flag]) => flag) };
    });
    this.db
      .prepare(
        'UPDATE minute_stats SET rr_count = ?, hr_sum_bpm = ?, hr_min_bpm = ?, hr_max_bpm = ?, class_counts = ? WHERE analysis_id = ?',
      )
      .run(
        typedBlob(stats.rrCount),
        typedBlob(stats.hrSumBpm),
        typedBlob(stats.hrMinBpm),
        typedBlob(stats.hrMaxBpm),
        typedBlob(classCountsOf(stats)),
        analysisId,
      );
  }

  /**
   * Carries the reviewer's work on the analysis shown until now over to the new one (inside its
   * last transaction), matching each old beat to the new beat nearest to it within 150 ms: a human
   * label (relabelled, confirmed or inserted) is written to its match, or, when the new analysis has
   * no beat there (a beat the reviewer inserted that the detector misses), inserted as a human beat
   * (confidence 1, no attention); an artefact mark goes to its match; a model beat the reviewer
   * deleted deletes its match. So re-analysis, with the same or another model version, never undoes
   * a reviewer's work, however many times it happens.
   */
  private carryHumanLabels(analysisId: number, record: RecordRow, newBeatSamples: () => Int32Array): void {
    const previous = this.latestAnalysis(record.recordId, 'done');
    if (!previous) return;
    const beatSamples = newBeatSamples();
    const reviewed = this.db
      .prepare(
        `SELECT sample, label, source, artefact, deleted FROM beats WHERE analysis_id = ?
           AND ((deleted = 0 AND (source = 'human' OR artefact = 1)) OR (deleted = 1 AND source = 'model')) ORDER BY sample`,
      )
      .all(previous.analysisId) as { sample: number; label: AamiClass; source: 'human' | 'model'; artefact: number; deleted: number }[];
    const relabel = this.db.prepare(`UPDATE beats SET label = ?, source = 'human' WHERE analysis_id = ? AND sample = ?`);
    const flag = this.db.prepare(`UPDATE beats SET artefact = 1 WHERE analysis_id = ? AND sample = ?`);
    const remove = this.db.prepare(`UPDATE beats SET deleted = 1 WHERE analysis_id = ? AND sample = ?`);
    const insert = this.db.prepare(
      `INSERT INTO beats (analysis_id, sample, label, source, confidence, attention, artefact) VALUES (?, ?, ?, 'human', 1, NULL, ?)`,
    );
    const toleranceSamples = Math.round(0.15 * record.fsHz);
    for (const beat of reviewed) {
      const target = beatSamples[nearestIndex(beatSamples, beat.sample)];
      const matched = target !== undefined && Math.abs(target - beat.sample) <= toleranceSamples;
      if (beat.deleted === 1) {
        if (matched) remove.run(analysisId, target);
        continue;
      }
      if (!matched) {
        if (beat.source === 'human') insert.run(analysisId, beat.sample, beat.label, beat.artefact);
        continue;
      }
      if (beat.source === 'human') relabel.run(beat.label, analysisId, target);
      if (beat.artefact === 1) flag.run(analysisId, target);
    }
  }

  /**
   * Carries the reviewer's rhythm episodes of the analysis shown until now over to the new one
   * (inside its last transaction):
   * - each model episode the reviewer deleted takes its span back from the new analysis's episodes
   *   of the same type (the reviewer said "not this type here"): those inside it are removed, one
   *   overlapping an end is cut back to it, one spanning it is split in two; the deletion itself is
   *   kept as a deleted row, so the next re-analysis carries it again;
   * - then each episode a reviewer added, relabelled or accepted (source 'human' or accepted, not
   *   deleted) takes its span back the same way from the new episodes of every type, and is inserted
   *   with its type, source and acceptance.
   * So re-analysis, with the same or another rhythm model version, keeps every episode a reviewer
   * confirmed, corrected or removed; only the model's episodes elsewhere change.
   */
  private carryHumanEpisodes(analysisId: number, record: RecordRow): void {
    const previous = this.latestAnalysis(record.recordId, 'done');
    if (!previous) return;
    const reviewed = this.db
      .prepare(
        `SELECT label, onset_sample, end_sample, mean_probability, source, deleted FROM rhythm_episodes
         WHERE analysis_id = ? AND ((deleted = 0 AND (source = 'human' OR accepted = 1)) OR (deleted = 1 AND source = 'model'))
         ORDER BY deleted DESC, onset_sample`,
      )
      .all(previous.analysisId) as {
      label: string;
      onset_sample: number;
      end_sample: number;
      mean_probability: number;
      source: string;
      deleted: number;
    }[];
    const overlapping = this.db.prepare(
      `SELECT * FROM rhythm_episodes WHERE analysis_id = ? AND deleted = 0 AND end_sample > ? AND onset_sample < ?
         AND (? IS NULL OR label = ?) ORDER BY onset_sample`,
    );
    const setSpan = this.db.prepare('UPDATE rhythm_episodes SET onset_sample = ?, end_sample = ? WHERE id = ?');
    const remove = this.db.prepare('DELETE FROM rhythm_episodes WHERE id = ?');
    const insert = this.db.prepare(
      `INSERT INTO rhythm_episodes (analysis_id, label, onset_sample, end_sample, mean_probability, source, accepted, deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const h of reviewed) {
      const onlyLabel = h.deleted === 1 ? h.label : null;
      for (const o of overlapping.all(analysisId, h.onset_sample, h.end_sample, onlyLabel, onlyLabel) as Row[]) {
        const [onset, end] = [o.onset_sample as number, o.end_sample as number];
        if (onset < h.onset_sample && end > h.end_sample)
          insert.run(analysisId, o.label, h.end_sample, end, o.mean_probability, o.source, o.accepted, 0);
        if (onset < h.onset_sample) setSpan.run(onset, h.onset_sample, o.id);
        else if (end > h.end_sample) setSpan.run(h.end_sample, end, o.id);
        else remove.run(o.id);
      }
      insert.run(analysisId, h.label, h.onset_sample, h.end_sample, h.mean_probability, h.source, h.deleted === 1 ? 0 : 1, h.deleted);
    }
  }

  /**
   * Ends a 'running' analysis as failed or cancelled, with the reason, and
   * deletes whatever of its rows were written, in one transaction. No-op for
   * an analysis that is not running (or no longer exists).
   */
  endAnalysis(analysisId: number, state: 'failed' | 'cancelled', error: string | null): void {
    this.write(() => {
      const changed = this.db
        .prepare(`UPDATE analyses SET state = ?, error = ? WHERE id = ? AND state = 'running'`)
        .run(state, error, analysisId);
      if (changed.changes === 0) return;
      for (const table of ['beats', 'rhythm_episodes', 'rhythm_windows', 'signal_envelopes']) {
        this.db.prepare(`DELETE FROM ${table} WHERE analysis_id = ?`).run(analysisId);
      }
    });
  }

  /**
   * Marks failed ("interrupted") every 'running' analysis whose writing
   * process is gone: same host and its pid no longer alive, or this process's
   * pid with another process token (a restart that got the dead one's pid),
   * or no owner recorded (written before migration 2). Analyses owned by a
   * live process, or by another host, are left alone. Run at start-up by
   * every process that writes the database.
   * @returns the ids of the analyses it marked failed
   */
  recoverInterruptedAnalyses(): number[] {
    return this.write(() => {
      const rows = this.db.prepare(`SELECT id, owner_pid, owner_host, owner_token FROM analyses WHERE state = 'running'`).all() as {
        id: number;
        owner_pid: number | null;
        owner_host: string | null;
        owner_token: string | null;
      }[];
      const gone = rows.filter((row) => !ownerAlive(row.owner_pid, row.owner_host, row.owner_token)).map((row) => row.id);
      for (const analysisId of gone) {
        this.endAnalysis(analysisId, 'failed', 'interrupted: the process writing this analysis stopped before it finished');
      }
      return gone;
    });
  }

  /**
   * @param state - when given, the latest analysis in that state only
   * @returns the record's latest analysis, or null when it has none
   */
  latestAnalysis(recordId: number, state?: AnalysisRow['state']): AnalysisRow | null {
    const row = (
      state
        ? this.db.prepare('SELECT * FROM analyses WHERE record_id = ? AND state = ? ORDER BY id DESC LIMIT 1').get(recordId, state)
        : this.db.prepare('SELECT * FROM analyses WHERE record_id = ? ORDER BY id DESC LIMIT 1').get(recordId)
    ) as Row | undefined;
    if (!row) return null;
    return {
      analysisId: row.id as number,
      recordId: row.record_id as number,
      createdAt: row.created_at as string,
      state: row.state as AnalysisRow['state'],
      backend: row.backend as string,
      models: JSON.parse(row.models as string) as ModelVersion[],
      detector: row.detector as string,
      elapsedMs: row.elapsed_ms as number | null,
      error: row.error as string | null,
      afBurden: row.af_burden as number | null,
      recordCall: row.record_call ? (JSON.parse(row.record_call as string) as AnalysisRow['recordCall']) : null,
      beatAttentionSteps: row.beat_attention_steps as number | null,
      beatAttentionStartS: row.beat_attention_start_s as number | null,
      beatAttentionEndS: row.beat_attention_end_s as number | null,
      rhythmWindowS: row.rhythm_window_s as number | null,
      rhythmAttentionSteps: row.rhythm_attention_steps as number | null,
      rhythmAttentionStepS: row.rhythm_attention_step_s as number | null,
      rhythmAttentionOffsetS: row.rhythm_attention_offset_s as number | null,
      pacing:
        row.record_paced === null || row.record_paced === undefined
          ? null
          : {
              recordPaced: row.record_paced === 1,
              pacedBeats: row.paced_beats as number,
              sureShare: row.paced_sure_share as number,
            },
      stageMs: row.stage_ms ? (JSON.parse(row.stage_ms as string) as Record<string, number>) : null,
    };
  }

  /** Beat counts per AAMI class of an analysis, human labels included, deleted and artefact beats left out. */
  beatCounts(analysisId: number): ClassCounts {
    const counts = EMPTY_COUNTS();
    const rows = this.db
      .prepare('SELECT label, COUNT(*) AS n FROM beats WHERE analysis_id = ? AND deleted = 0 AND artefact = 0 GROUP BY label')
      .all(analysisId) as {
      label: AamiClass;
      n: number;
    }[];
    for (const row of rows) counts[row.label] = row.n;
    return counts;
  }

  /** @returns every case with its review status and latest analysis summary, newest import first */
  listCases(): CaseSummary[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, r.status, r.reviewer FROM reviews r JOIN records c ON c.id = r.record_id ORDER BY c.imported_at DESC, c.id DESC`,
      )
      .all() as { id: number; status: ReviewStatus; reviewer: string | null }[];
    return rows.map((row) => {
      const record = this.getRecord(row.id);
      const analysis = this.latestAnalysis(row.id);
      return {
        recordId: record.recordId,
        name: record.name,
        path: record.path,
        fsHz: record.fsHz,
        nSamples: record.nSamples,
        durationS: record.nSamples / record.fsHz,
        signalNames: record.signalNames,
        importedAt: record.importedAt,
        reviewStatus: row.status,
        reviewer: row.reviewer,
        analysisState: analysis ? analysis.state : 'none',
        analysisError: analysis?.error ?? null,
        beatCounts: analysis?.state === 'done' ? this.beatCounts(analysis.analysisId) : null,
        afBurden: analysis?.state === 'done' ? analysis.afBurden : null,
      };
    });
  }

  /**
   * @returns the review status and reviewer of a record
   * @throws NotFoundError when the record does not exist
   */
  review(recordId: number): { status: ReviewStatus; reviewer: string | null } {
    const { status, reviewer } = this.reviewRow(recordId);
    return { status, reviewer };
  }

  /**
   * @returns the whole review row: status, reviewer, signer and signing time
   *   (while signed), the record-call override
   * @throws NotFoundError when the record does not exist
   */
  reviewRow(recordId: number): ReviewRow {
    const row = this.db
      .prepare('SELECT status, reviewer, signed_by, signed_at, record_call_override FROM reviews WHERE record_id = ?')
      .get(recordId) as Row | undefined;
    if (!row) throw new NotFoundError(`record ${recordId} does not exist`);
    return {
      status: row.status as ReviewStatus,
      reviewer: row.reviewer as string | null,
      signedBy: row.signed_by as string | null,
      signedAt: row.signed_at as string | null,
      recordCallOverride: row.record_call_override as RhythmLabel | null,
    };
  }

  /** Number of (not deleted) beats of an analysis, artefact ones included (0 for an analysis that does not exist). */
  beatTotal(analysisId: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM beats WHERE analysis_id = ? AND deleted = 0').get(analysisId) as { n: number }).n;
  }

  /**
   * Every beat of an analysis (deleted ones left out), sorted by sample: ids,
   * positions, labels and artefact flags (1 = artefact), for the HR trend,
   * the events, the templates and storing an analysis. Filled row by row into
   * arrays of the counted length, never as an array of rows (a 7-day record's
   * 770,000 rows would take about 200 MB for a moment).
   */
  beatList(analysisId: number): BeatList {
    const n = this.beatTotal(analysisId);
    const list: BeatList = {
      beatIds: new Float64Array(n),
      samples: new Int32Array(n),
      labels: new Array<AamiClass>(n),
      artefact: new Uint8Array(n),
    };
    const rows = this.db
      .prepare('SELECT id, sample, label, artefact FROM beats WHERE analysis_id = ? AND deleted = 0 ORDER BY sample')
      .raw()
      .iterate(analysisId) as IterableIterator<[number, number, AamiClass, number]>;
    let i = 0;
    for (const [beatId, sample, label, flag] of rows) {
      list.beatIds[i] = beatId;
      list.samples[i] = sample;
      list.labels[i] = label;
      list.artefact[i] = flag;
      i++;
    }
    return list;
  }

  /**
   * The rows streamed into a running analysis so far ({@link appendAnalysisRows}), read back without
   * their attention: what finishing it needs of them (finishChunks), so that no thread keeps a long
   * record's rows while its chunks are analysed. Beats in sample order, windows in start order, with
   * the values stored (a confidence is a Float32 value kept as a REAL, so it reads back bit for bit).
   * @param analysisId - from {@link beginAnalysis}
   * @returns the beats' samples, labels, confidences and artefact flags, and the windows' starts,
   *   labels and probabilities (nWindows × 4)
   * @throws NotFoundError / ConflictError unless the analysis exists and is 'running'
   */
  streamedAnalysisRows(analysisId: number): StreamedAnalysisRows {
    this.runningAnalysis(analysisId);
    const count = (table: string): number =>
      (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE analysis_id = ?`).get(analysisId) as { n: number }).n;
    const nBeats = count('beats');
    const beatSamples = new Int32Array(nBeats);
    const beatLabels = new Array<AamiClass>(nBeats);
    const beatConfidence = new Float32Array(nBeats);
    const beatArtefact = new Uint8Array(nBeats);
    const beats = this.db
      .prepare('SELECT sample, label, confidence, artefact FROM beats WHERE analysis_id = ? ORDER BY sample')
      .raw()
      .iterate(analysisId) as IterableIterator<[number, AamiClass, number, number]>;
    let i = 0;
    for (const [sample, label, confidence, artefact] of beats) {
      beatSamples[i] = sample;
      beatLabels[i] = label;
      beatConfidence[i] = confidence;
      beatArtefact[i] = artefact;
      i++;
    }
    const nWindows = count('rhythm_windows');
    const windowStartSamples = new Int32Array(nWindows);
    const windowLabels = new Array<RhythmLabel>(nWindows);
    const windowProbabilities = new Float32Array(nWindows * WINDOW_CLASSES);
    const probabilityBytes = new Uint8Array(windowProbabilities.buffer);
    const rowBytes = WINDOW_CLASSES * windowProbabilities.BYTES_PER_ELEMENT;
    const windows = this.db
      .prepare('SELECT start_sample, label, probabilities FROM rhythm_windows WHERE analysis_id = ? ORDER BY start_sample')
      .raw()
      .iterate(analysisId) as IterableIterator<[number, RhythmLabel, Uint8Array]>;
    let w = 0;
    for (const [start, label, probabilities] of windows) {
      if (probabilities.byteLength !== rowBytes)
        throw new Error(
          `analysis ${analysisId}: a rhythm window's probabilities hold ${probabilities.byteLength} bytes, expected ${rowBytes}`,
        );
      windowStartSamples[w] = start;
      windowLabels[w] = label;
      probabilityBytes.set(probabilities, w * rowBytes);
      w++;
    }
    return { beatSamples, beatLabels, beatConfidence, beatArtefact, windowStartSamples, windowLabels, windowProbabilities };
  }

  /** Beats (not deleted) with start ≤ sample < end, sorted by sample. */
  beatsInRange(analysisId: number, startSample: number, endSample: number): BeatRow[] {
    const rows = this.db
      .prepare('SELECT * FROM beats WHERE analysis_id = ? AND deleted = 0 AND sample >= ? AND sample < ? ORDER BY sample')
      .all(analysisId, startSample, endSample) as Row[];
    return rows.map(beatFromRow);
  }

  /** Beats by id, in the order given (ids that do not exist are left out). */
  beatsByIds(beatIds: readonly number[]): BeatRow[] {
    const rows = this.db
      .prepare('SELECT b.* FROM json_each(?) j JOIN beats b ON b.id = j.value ORDER BY j.key')
      .all(JSON.stringify(beatIds)) as Row[];
    return rows.map(beatFromRow);
  }

  /** The nearest (not deleted) beat of a class after (direction 1) or before (−1) a sample, or null. */
  nextBeatOfClass(analysisId: number, fromSample: number, label: AamiClass, direction: 1 | -1): number | null {
    const row = (
      direction === 1
        ? this.db.prepare(
            'SELECT sample FROM beats WHERE analysis_id = ? AND label = ? AND deleted = 0 AND sample > ? ORDER BY sample LIMIT 1',
          )
        : this.db.prepare(
            'SELECT sample FROM beats WHERE analysis_id = ? AND label = ? AND deleted = 0 AND sample < ? ORDER BY sample DESC LIMIT 1',
          )
    ).get(analysisId, label, fromSample) as { sample: number } | undefined;
    return row ? row.sample : null;
  }

  /** Rhythm episodes (not deleted) of an analysis overlapping [start, end) (all when omitted). */
  episodes(analysisId: number, startSample = 0, endSample = Number.MAX_SAFE_INTEGER): RhythmEpisode[] {
    const rows = this.db
      .prepare(
        'SELECT label, onset_sample, end_sample, mean_probability FROM rhythm_episodes WHERE analysis_id = ? AND deleted = 0 AND end_sample > ? AND onset_sample < ? ORDER BY onset_sample',
      )
      .all(analysisId, startSample, endSample) as Row[];
    return rows.map((row) => ({
      label: row.label as HolterRhythm,
      onsetSample: row.onset_sample as number,
      endSample: row.end_sample as number,
      meanProbability: row.mean_probability as number,
    }));
  }

  /** Rhythm windows whose start lies in [start, end), sorted. */
  windowsInRange(analysisId: number, startSample: number, endSample: number): WindowRow[] {
    const rows = this.db
      .prepare(
        'SELECT start_sample, label, attention FROM rhythm_windows WHERE analysis_id = ? AND start_sample >= ? AND start_sample < ? ORDER BY start_sample',
      )
      .all(analysisId, startSample, endSample) as Row[];
    return rows.map((row) => ({
      startSample: row.start_sample as number,
      label: row.label as RhythmLabel,
      attention: blobFloats(row.attention),
    }));
  }

  /**
   * Removes a case: writes its case-level audit row (`case_events`, which has
   * no foreign key and so outlives it) and deletes the record with everything
   * it owns (analyses, beats, rhythm rows, review, label audit trail), in one
   * transaction.
   * @returns the audit row
   * @throws NotFoundError when the record does not exist
   * @throws ConflictError while a live process is writing an analysis of it
   *   (an analysis left 'running' by a dead process is marked failed first),
   *   or has a job of it queued or running (the jobs table: any process,
   *   e.g. the CLI sharing the database; a dead process's jobs do not count)
   */
  removeCase(recordId: number, reviewer: string): CaseEvent {
    return this.write(() => {
      const record = this.getRecord(recordId);
      this.recoverInterruptedAnalyses();
      const count = (sql: string): number => (this.db.prepare(sql).get(recordId) as { n: number }).n;
      if (count(`SELECT COUNT(*) AS n FROM analyses WHERE record_id = ? AND state = 'running'`) > 0) {
        throw new ConflictError(`record "${record.name}" is being analysed; cancel the analysis or let it finish before removing the case`);
      }
      const pendingJobs = this.db
        .prepare(`SELECT owner_pid, owner_host, owner_token FROM jobs WHERE record_id = ? AND state IN ('queued','running')`)
        .all(recordId) as { owner_pid: number | null; owner_host: string | null; owner_token: string | null }[];
      if (pendingJobs.some((job) => ownerAlive(job.owner_pid, job.owner_host, job.owner_token))) {
        throw new ConflictError(
          `record "${record.name}" has an analysis queued by a running process (e.g. the CLI on this database); let it finish before removing the case`,
        );
      }
      const beatsOf = `FROM beats WHERE analysis_id IN (SELECT id FROM analyses WHERE record_id = ?)`;
      const details: CaseEvent['details'] = {
        analyses: count('SELECT COUNT(*) AS n FROM analyses WHERE record_id = ?'),
        beats: count(`SELECT COUNT(*) AS n ${beatsOf}`),
        humanLabels: count(`SELECT COUNT(*) AS n ${beatsOf} AND source = 'human'`),
        labelEvents: count('SELECT COUNT(*) AS n FROM label_events WHERE record_id = ?'),
        reviewStatus: this.review(recordId).status,
      };
      const at = nowIso();
      const info = this.db
        .prepare(
          `INSERT INTO case_events (record_id, content_sha256, record_name, record_path, kind, reviewer, at, details)
           VALUES (?, ?, ?, ?, 'case-removed', ?, ?, ?)`,
        )
        .run(recordId, record.contentSha256, record.name, record.path, reviewer, at, JSON.stringify(details));
      this.db.prepare('DELETE FROM records WHERE id = ?').run(recordId);
      return {
        eventId: Number(info.lastInsertRowid),
        recordId,
        contentSha256: record.contentSha256,
        name: record.name,
        path: record.path,
        kind: 'case-removed',
        reviewer,
        at,
        details,
      };
    });
  }

  /**
   * The audit trail of a record, oldest first.
   * @param limit - only the latest this many rows (all when undefined)
   */
  events(recordId: number, limit?: number): LabelEvent[] {
    this.getRecord(recordId);
    const rows = this.db
      .prepare('SELECT * FROM (SELECT * FROM label_events WHERE record_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id')
      .all(recordId, limit ?? -1) as Row[];
    return rows.map(eventFromRow);
  }
}

/**
 * A beat from its `beats` row.
 * @throws Error when the stored label is not an AAMI class
 */
export function beatFromRow(row: Row): BeatRow {
  const label = row.label as AamiClass;
  if (!AAMI_CLASSES.includes(label)) throw new Error(`beat ${String(row.id)}: bad label ${String(label)}`);
  return {
    beatId: row.id as number,
    sample: row.sample as number,
    label,
    source: row.source as LabelSource,
    confidence: row.confidence as number,
    artefact: row.artefact === 1,
    attention: blobFloats(row.attention),
  };
}

/** An audit row from its `label_events` row. */
export function eventFromRow(row: Row): LabelEvent {
  return {
    eventId: row.id as number,
    beatId: row.beat_id as number | null,
    recordId: row.record_id as number,
    reviewer: row.reviewer as string,
    at: row.at as string,
    kind: row.kind as LabelEvent['kind'],
    oldValue: row.old_value as string | null,
    newValue: row.new_value as string,
    sample: row.sample as number | null,
    episodeId: row.episode_id as number | null,
    actionId: row.action_id as number | null,
  };
}

/**
 * Whether the process that began a 'running' analysis (or queued a job) may still be working on it.
 * @param pid - its process id; host - its host name; token - its {@link PROCESS_TOKEN}
 * @returns false when it is gone (or unknown), true when it is alive or on another host
 */
export function ownerAlive(pid: number | null, host: string | null, token: string | null): boolean {
  if (pid === null || host === null) return false;
  if (host !== hostname()) return true;
  if (pid === process.pid) return token === PROCESS_TOKEN;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Index of the element of a sorted array nearest to `value`, or −1 when empty. */
function nearestIndex(sorted: Int32Array, value: number): number {
  if (sorted.length === 0) return -1;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((sorted[lo - 1] as number) - value) <= Math.abs((sorted[lo] as number) - value)) return lo - 1;
  return lo;
}
