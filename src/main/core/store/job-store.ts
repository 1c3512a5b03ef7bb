import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { ownerAlive, PROCESS_TOKEN } from './review-store';

/** State of a job row: pending ('queued', 'running') or ended. */
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * What a job does: `import` brings a new record in (hash, analysis) and
 * removes it again when it fails, so a failed import leaves the database as
 * it was; `analysis` analyses a record that stays whatever happens.
 */
export type JobKind = 'import' | 'analysis';

/** A job as the queue keeps it. */
export interface JobSpec {
  kind: JobKind;
  /** Analyse even when the recording already has a finished analysis (an import found to be a known recording). */
  force: boolean;
}

/** A job that has not ended. */
export interface PendingJob extends JobSpec {
  jobId: string;
  recordId: number;
  state: 'queued' | 'running';
}

/**
 * The `jobs` table of the review database: every analysis job, written when
 * it is queued, started and ended, so jobs queued or running when the process
 * died are found again on the next start. Each call is one statement,
 * committed before it returns.
 */
export class JobStore {
  /** @param db - the review database's connection (`ReviewStore.db`, migrated) */
  constructor(private readonly db: Database.Database) {}

  /** Records a queued job. */
  add(jobId: string, recordId: number, spec: JobSpec): void {
    this.db
      .prepare(
        `INSERT INTO jobs (id, record_id, kind, force, state, created_at, owner_pid, owner_host, owner_token)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
      )
      .run(jobId, recordId, spec.kind, spec.force ? 1 : 0, new Date().toISOString(), process.pid, hostname(), PROCESS_TOKEN);
  }

  /** Changes what a job does (an import that turned out to be a known recording becomes an analysis). */
  setKind(jobId: string, kind: JobKind): void {
    this.db.prepare('UPDATE jobs SET kind = ? WHERE id = ?').run(kind, jobId);
  }

  /** Marks a job running, or queued again (after a restart). */
  setPending(jobId: string, state: 'queued' | 'running'): void {
    this.db.prepare('UPDATE jobs SET state = ? WHERE id = ?').run(state, jobId);
  }

  /** Ends a job with its outcome; `error` is the failure's message. */
  end(jobId: string, state: 'done' | 'failed' | 'cancelled', error: string | null): void {
    this.db.prepare('UPDATE jobs SET state = ?, error = ?, ended_at = ? WHERE id = ?').run(state, error, new Date().toISOString(), jobId);
  }

  /**
   * Takes over the jobs not ended whose process is gone (a live process's jobs, e.g. the CLI's in a shared
   * database, are left to it): they become this process's, in one transaction.
   * @returns them, oldest first
   */
  adoptOrphans(): PendingJob[] {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT id, record_id, kind, force, state, owner_pid, owner_host, owner_token FROM jobs
             WHERE state IN ('queued','running') ORDER BY created_at, rowid`,
          )
          .all() as {
          id: string;
          record_id: number;
          kind: JobKind;
          force: number;
          state: 'queued' | 'running';
          owner_pid: number | null;
          owner_host: string | null;
          owner_token: string | null;
        }[];
        const orphans = rows.filter((row) => !ownerAlive(row.owner_pid, row.owner_host, row.owner_token));
        const adopt = this.db.prepare('UPDATE jobs SET owner_pid = ?, owner_host = ?, owner_token = ? WHERE id = ?');
        for (const row of orphans) adopt.run(process.pid, hostname(), PROCESS_TOKEN, row.id);
        return orphans.map((row) => ({ jobId: row.id, recordId: row.record_id, kind: row.kind, force: row.force === 1, state: row.state }));
      })
      .immediate();
  }

  /** Gives up this process's pending jobs (a clean stop), so the next process to start adopts them. */
  releaseOwn(): void {
    this.db
      .prepare(
        `UPDATE jobs SET owner_pid = NULL, owner_host = NULL, owner_token = NULL
         WHERE state IN ('queued','running') AND owner_pid = ? AND owner_host = ? AND owner_token = ?`,
      )
      .run(process.pid, hostname(), PROCESS_TOKEN);
  }

  /** @returns the jobs not ended (any process's), oldest first */
  pending(): PendingJob[] {
    return (
      this.db
        .prepare(`SELECT id, record_id, kind, force, state FROM jobs WHERE state IN ('queued','running') ORDER BY created_at, rowid`)
        .all() as { id: string; record_id: number; kind: JobKind; force: number; state: 'queued' | 'running' }[]
    ).map((row) => ({ jobId: row.id, recordId: row.record_id, kind: row.kind, force: row.force === 1, state: row.state }));
  }

  /** @returns a job's state and error, or null when no such job */
  get(jobId: string): { state: JobState; error: string | null } | null {
    return (this.db.prepare('SELECT state, error FROM jobs WHERE id = ?').get(jobId) as { state: JobState; error: string | null }) ?? null;
  }
}
