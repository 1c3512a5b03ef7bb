/**
 * The machine's scheduling noise, measured at the same time as the serving thread's event-loop
 * delay: an idle `worker_threads` thread of this process (same priority as the main thread, no work
 * at all) runs its own `perf_hooks.monitorEventLoopDelay`. Whatever delay it sees comes from waiting
 * for a core (other processes, the analysis workers), not from any blocking call, so the main
 * thread's max delay is judged against it.
 */
import { Worker } from 'node:worker_threads';

/** What the idle thread saw, in ms. */
export interface SentinelDelay {
  maxMs: number;
  p99Ms: number;
}

/** A running sentinel; `stop()` ends it and reports. */
export interface SentinelWatch {
  stop(): Promise<SentinelDelay>;
}

const SENTINEL_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const histogram = monitorEventLoopDelay({ resolution: workerData.resolutionMs });
histogram.enable();
parentPort.postMessage('started');
parentPort.once('message', () => {
  histogram.disable();
  parentPort.postMessage({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 });
});
`;

/**
 * Starts the idle thread; resolves once its histogram runs.
 * @param resolutionMs - sampling resolution of its histogram, in ms (use the main thread's)
 * @returns the watch
 */
export async function startSentinel(resolutionMs: number): Promise<SentinelWatch> {
  const worker = new Worker(SENTINEL_SOURCE, { eval: true, workerData: { resolutionMs } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    async stop() {
      const result = new Promise<SentinelDelay>((resolve, reject) => {
        worker.once('message', (message: SentinelDelay) => resolve(message));
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      const delay = await result;
      await worker.terminate();
      return delay;
    },
  };
}
