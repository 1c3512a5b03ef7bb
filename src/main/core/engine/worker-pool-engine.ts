import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { AnalysisEngine, AnalysisSummary, AnalysisTask, AnalyzeHooks, EngineInfo, EngineOptions } from './analysis-engine';
import { analysisWorkerScript } from './worker-script';
import { fromPlainError, PORT_END, type WorkerProgress, type WorkerResult, type WorkerSetup, type WorkerTask } from './worker-messages';

/** Pool settings. */
export const WORKER_POOL_CONFIG = Object.freeze({
  /** Workers by default: one per core of the 2-core PCs this product targets. */
  defaultWorkers: 2,
  /** Workers never retire while the pool is open, so models load once per worker. */
  idleTimeoutMs: Number.POSITIVE_INFINITY,
  /**
   * Nice increment of the worker threads (Linux/macOS; the threads TensorFlow
   * starts from them inherit it): the process serving the UI wins the CPU
   * over a running analysis.
   */
  niceIncrement: 10,
});

/**
 * The analysis engine on a piscina pool of `worker_threads` (serve, CLI,
 * tests, and inside the app's utility process). Every worker loads the
 * backend and the models once, at {@link WorkerPoolEngine.info}; each
 * analysis runs whole in one worker, so the pool analyses as many records at
 * once as it has workers.
 */
export class WorkerPoolEngine implements AnalysisEngine {
  private readonly pool: Piscina<WorkerTask, WorkerResult>;
  private readonly workers: number;
  private infoPromise: Promise<EngineInfo> | null = null;

  /** @param options - backend preference, models folder, number of workers (the workers log their backend choice on stderr) */
  constructor(options: EngineOptions = {}) {
    this.workers = options.workers ?? WORKER_POOL_CONFIG.defaultWorkers;
    const setup: WorkerSetup = { backend: options.backend, modelsDir: options.modelsDir };
    this.pool = new Piscina<WorkerTask, WorkerResult>({
      filename: analysisWorkerScript(),
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: WORKER_POOL_CONFIG.idleTimeoutMs,
      niceIncrement: WORKER_POOL_CONFIG.niceIncrement,
      workerData: setup,
    });
  }

  /** Loads the models in every worker (one `info` task each, at once) and reports the first's. */
  info(): Promise<EngineInfo> {
    this.infoPromise ??= Promise.all(Array.from({ length: this.workers }, () => this.runTask({ kind: 'info' }))).then(([first]) => {
      if (!first?.info) throw new Error('analysis worker returned no info');
      return { ...first.info, concurrency: this.workers };
    });
    return this.infoPromise;
  }

  async analyze(task: AnalysisTask, hooks: AnalyzeHooks = {}): Promise<AnalysisSummary> {
    const { port1, port2 } = new MessageChannel();
    // The result comes back on piscina's channel, progress on this port: wait for the port's
    // end marker too, so no progress message is lost or arrives after the result.
    const drained = new Promise<void>((resolve) => {
      port1.on('message', (message: WorkerProgress | typeof PORT_END) => {
        if (message === PORT_END) resolve();
        else hooks.onProgress?.(message.stage, message.fraction);
      });
    });
    const onAbort = (): void => port1.postMessage('cancel');
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.runTask({ kind: 'analyze', task, port: port2 }, [port2]);
      await drained;
      if (!result.summary) throw new Error(`analysis worker returned no summary for ${task.headerPath}`);
      return result.summary;
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
      port1.close();
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private async runTask(task: WorkerTask, transferList?: MessagePort[]): Promise<Extract<WorkerResult, { ok: true }>> {
    const result = await this.pool.run(task, { transferList });
    if (!result.ok) throw fromPlainError(result.error);
    return result;
  }
}
