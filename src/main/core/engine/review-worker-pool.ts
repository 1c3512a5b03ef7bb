import { Piscina } from 'piscina';
import type { ReviewComputations, StoredEvents, StoredTemplates } from '../review/review-computations';
import { NotFoundError } from '../store/review-store';
import type { ReviewWorkerResult, ReviewWorkerTask } from './review-worker';
import { reviewWorkerScript } from './worker-script';

/** Settings of the review worker. */
export const REVIEW_WORKER_CONFIG = Object.freeze({
  /** One thread: the computations are per record and rare (after an insert or delete, and per edit for the events). */
  threads: 1,
  /**
   * An idle worker exits after this, in ms (the next computation starts another). Long enough to outlast a
   * technician's pause between edits: a new worker loads its modules and opens the database first (seconds on a
   * loaded machine, about the whole wait for the events list after an edit).
   */
  idleTimeoutMs: 15 * 60_000,
  /** Below the serving thread's priority (Linux nice increment). */
  niceIncrement: 5,
});

/**
 * {@link ReviewComputations} on a worker thread (`review-worker.ts`) that reads the review database through its own
 * connection: the serving thread only waits for the reply, so requests of other records and cheap ones of this record
 * are answered meanwhile. Its result equals the in-process computation's (the same functions on the same stored state,
 * which the result's key names).
 */
export class ReviewWorkerPool implements ReviewComputations {
  private readonly pool: Piscina<ReviewWorkerTask, ReviewWorkerResult>;

  /** @param databasePath - the review database file (not ':memory:': the worker opens it itself) */
  constructor(private readonly databasePath: string) {
    this.pool = new Piscina<ReviewWorkerTask, ReviewWorkerResult>({
      filename: reviewWorkerScript(),
      minThreads: 0,
      maxThreads: REVIEW_WORKER_CONFIG.threads,
      idleTimeout: REVIEW_WORKER_CONFIG.idleTimeoutMs,
      niceIncrement: REVIEW_WORKER_CONFIG.niceIncrement,
    });
  }

  /** @throws as {@link ReviewComputations.templates} */
  async templates(recordId: number): Promise<StoredTemplates> {
    const result = await this.run('templates', recordId);
    if (!('templates' in result)) throw new Error('review worker: no templates in its reply');
    return result.templates;
  }

  /** @throws as {@link ReviewComputations.events} */
  async events(recordId: number): Promise<StoredEvents> {
    const result = await this.run('events', recordId);
    if (!('events' in result)) throw new Error('review worker: no events in its reply');
    return result.events;
  }

  /** Stops the worker (a computation under way is abandoned). */
  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private async run(kind: ReviewWorkerTask['kind'], recordId: number): Promise<Extract<ReviewWorkerResult, { ok: true }>> {
    const result = await this.pool.run({ kind, databasePath: this.databasePath, recordId });
    if (result.ok) return result;
    if (result.error.name === 'NotFoundError') throw new NotFoundError(result.error.message);
    throw Object.assign(new Error(result.error.message), { name: result.error.name });
  }
}
