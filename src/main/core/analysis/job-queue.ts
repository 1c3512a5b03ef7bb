import { randomUUID } from 'node:crypto';
import type { JobKind, JobSpec, JobStore } from '../store/job-store';

/** A queued or running job. */
export interface AnalysisJob extends JobSpec {
  jobId: string;
  /** The record analysed; a job may move to another record once its content is hashed (see `retarget`). */
  recordId: number;
  controller: AbortController;
}

/** How a job ended. */
export interface JobOutcome {
  state: 'done' | 'failed' | 'cancelled';
  /** The failure's message (null unless failed). */
  error: string | null;
}

/** Options of {@link AnalysisJobQueue}. */
export interface JobQueueOptions {
  /** Does one job; must honour `job.controller.signal`; a rejection is the job's failure (its message kept). */
  run: (job: AnalysisJob) => Promise<void>;
  /** Called once for every job that ends, whatever the cause (the `job:done` event). */
  onEnd: (job: AnalysisJob, outcome: JobOutcome) => void;
  /** Jobs run at once (the engine's workers). */
  concurrency: number;
  /** Where jobs are written so they survive a restart. */
  persist: JobStore;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * The analysis job queue: jobs run in submission order, `concurrency` at a
 * time, each job's state written to the `jobs` table when it is queued,
 * started and ended. Every job ends exactly once through `onEnd` (done,
 * failed with the error's message, or cancelled); one failing job never
 * stops the others. {@link AnalysisJobQueue.restore} requeues the jobs a
 * previous process left queued or running; {@link AnalysisJobQueue.stop}
 * leaves pending jobs in the table for the next start.
 */
export class AnalysisJobQueue {
  private readonly waiting: AnalysisJob[] = [];
  private readonly running = new Map<string, AnalysisJob>();
  private readonly settled = new Set<() => void>();
  private stopping = false;

  /** @param options - see {@link JobQueueOptions} */
  constructor(private readonly options: JobQueueOptions) {}

  /**
   * Queues a job on a record (no second job while one is queued or running
   * for the same record).
   * @param spec - what the job does (default: analyse the record)
   * @returns the job id
   */
  enqueue(recordId: number, spec: JobSpec = { kind: 'analysis', force: false }): string {
    const existing = this.find(recordId);
    if (existing) return existing.jobId;
    const job: AnalysisJob = { jobId: randomUUID(), recordId, ...spec, controller: new AbortController() };
    this.options.persist.add(job.jobId, recordId, spec);
    this.waiting.push(job);
    this.pump();
    return job.jobId;
  }

  /**
   * Requeues, in their old order and under their old ids, the jobs the
   * `jobs` table holds as queued or running whose process died or stopped
   * (a live process's are left to it).
   * @returns how many jobs were requeued
   */
  restore(): number {
    const pending = this.options.persist.adoptOrphans();
    for (const { jobId, recordId, kind, force } of pending) {
      if (this.find(recordId)) continue;
      this.options.persist.setPending(jobId, 'queued');
      this.waiting.push({ jobId, recordId, kind, force, controller: new AbortController() });
    }
    this.pump();
    return pending.length;
  }

  /** Moves a job to another record, as a job of another kind (an import that turned out to be a known recording). */
  retarget(job: AnalysisJob, recordId: number, kind: JobKind): void {
    job.recordId = recordId;
    job.kind = kind;
    this.options.persist.setKind(job.jobId, kind);
  }

  /** @returns true when the job was queued or running and is now cancelled */
  cancel(jobId: string): boolean {
    const index = this.waiting.findIndex((j) => j.jobId === jobId);
    if (index >= 0) {
      const [job] = this.waiting.splice(index, 1);
      if (job) this.end(job, { state: 'cancelled', error: null });
      return true;
    }
    const running = this.running.get(jobId);
    running?.controller.abort();
    return running !== undefined;
  }

  /**
   * Stops the queue for a shutdown: no new job starts, running ones are
   * aborted, and every pending job stays in the `jobs` table to be restored
   * on the next start.
   * @returns when no job runs any more
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.waiting.splice(0);
    for (const job of this.running.values()) job.controller.abort();
    await this.idle();
    this.options.persist.releaseOwn();
  }

  /** @returns 'queued' or 'running' for a record with a pending job, else null */
  stateOf(recordId: number): 'queued' | 'running' | null {
    for (const job of this.running.values()) if (job.recordId === recordId) return 'running';
    return this.waiting.some((j) => j.recordId === recordId) ? 'queued' : null;
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.settled.add(resolve));
  }

  private find(recordId: number): AnalysisJob | undefined {
    for (const job of this.running.values()) if (job.recordId === recordId) return job;
    return this.waiting.find((j) => j.recordId === recordId);
  }

  private end(job: AnalysisJob, outcome: JobOutcome): void {
    this.options.persist.end(job.jobId, outcome.state, outcome.error);
    this.options.onEnd(job, outcome);
  }

  private pump(): void {
    while (!this.stopping && this.running.size < this.options.concurrency) {
      const job = this.waiting.shift();
      if (!job) break;
      this.running.set(job.jobId, job);
      this.options.persist.setPending(job.jobId, 'running');
      void this.execute(job);
    }
    if (this.running.size === 0 && this.waiting.length === 0) {
      for (const resolve of this.settled) resolve();
      this.settled.clear();
    }
  }

  private async execute(job: AnalysisJob): Promise<void> {
    let outcome: JobOutcome;
    try {
      await this.options.run(job);
      outcome = { state: 'done', error: null };
    } catch (error) {
      outcome = isAbort(error)
        ? { state: 'cancelled', error: null }
        : { state: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    this.running.delete(job.jobId);
    if (!this.stopping) this.end(job, outcome);
    this.pump();
  }
}
