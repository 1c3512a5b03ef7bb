import { randomUUID } from 'node:crypto';

/** A queued or running job. */
export interface AnalysisJob {
  jobId: string;
  recordId: number;
  controller: AbortController;
}

/**
 * Runs analysis jobs one at a time in the main process, in submission order
 * (two cores: one job keeps one busy and leaves the other to the UI and I/O).
 * Work inside a job yields to the event loop between model batches, so the
 * process keeps answering while it runs.
 */
export class AnalysisJobQueue {
  private readonly waiting: AnalysisJob[] = [];
  private running: AnalysisJob | null = null;

  /**
   * @param run - does one job; must honour `job.controller.signal`; its
   *   rejection is the job's failure (the queue goes on with the next job)
   */
  constructor(private readonly run: (job: AnalysisJob) => Promise<void>) {}

  /**
   * Queues an analysis of a record (no second job while one is queued or
   * running for the same record).
   * @returns the job id
   */
  enqueue(recordId: number): string {
    const existing = this.find(recordId);
    if (existing) return existing.jobId;
    const job: AnalysisJob = { jobId: randomUUID(), recordId, controller: new AbortController() };
    this.waiting.push(job);
    void this.pump();
    return job.jobId;
  }

  /** @returns true when the job was queued or running and is now cancelled */
  cancel(jobId: string): boolean {
    const index = this.waiting.findIndex((j) => j.jobId === jobId);
    if (index >= 0) {
      const [job] = this.waiting.splice(index, 1);
      job?.controller.abort();
      return true;
    }
    if (this.running?.jobId === jobId) {
      this.running.controller.abort();
      return true;
    }
    return false;
  }

  /** Cancels every queued and the running job. */
  cancelAll(): void {
    for (const job of this.waiting.splice(0)) job.controller.abort();
    this.running?.controller.abort();
  }

  /** @returns 'queued' or 'running' for a record with a pending job, else null */
  stateOf(recordId: number): 'queued' | 'running' | null {
    if (this.running?.recordId === recordId) return 'running';
    return this.waiting.some((j) => j.recordId === recordId) ? 'queued' : null;
  }

  /** Resolves when no job is queued or running. */
  async idle(): Promise<void> {
    while (this.running || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 50));
  }

  private find(recordId: number): AnalysisJob | undefined {
    if (this.running?.recordId === recordId) return this.running;
    return this.waiting.find((j) => j.recordId === recordId);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running = job;
    try {
      await this.run(job);
    } catch {
      // run() reports its own failures; the queue only keeps going
    } finally {
      this.running = null;
      void this.pump();
    }
  }
}
