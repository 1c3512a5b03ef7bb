/**
 * The analysis worker (a piscina task module, one per `worker_threads`
 * worker): loads the backend and the models once, on its first task, then
 * for each `analyze` task reads, detects, classifies and stores one record.
 * Progress goes out on the task's port; a `cancel` message on it aborts the
 * analysis between model batches. It writes the results itself, through its
 * own connection to the review database, so the serving process never spends
 * its event loop on a large transaction.
 */
import { workerData } from 'piscina';
import { analyzeRecord, loadAnalysisModels, type AnalysisModels } from '../analysis/analyze-record';
import { getTf, initBackend } from '../ml/backend';
import { ReviewStore } from '../store/review-store';
import type { EngineInfo } from './analysis-engine';
import { PORT_END, toPlainError, type WorkerResult, type WorkerSetup, type WorkerTask } from './worker-messages';

const setup = (workerData ?? {}) as WorkerSetup;
let loaded: Promise<AnalysisModels> | null = null;
const stores = new Map<string, ReviewStore>();

/**
 * Runs one tiny op on the backend. Native TensorFlow crashes the process at
 * exit (SIGSEGV, tfjs-node 4.22 on TF 2.21) when a thread loaded it but no
 * op ever ran in the process; one op at load time avoids it.
 */
async function warmUp(): Promise<void> {
  const tf = getTf();
  const probe = tf.add(tf.ones([1]), 1);
  await probe.data();
  probe.dispose();
}

function models(): Promise<AnalysisModels> {
  loaded ??= initBackend({ prefer: setup.backend, log: (line) => process.stderr.write(`${line}\n`) }).then(async (backend) => {
    const m = await loadAnalysisModels(backend, setup.modelsDir);
    await warmUp();
    return m;
  });
  return loaded;
}

function storeFor(databasePath: string): ReviewStore {
  let store = stores.get(databasePath);
  if (!store) {
    store = new ReviewStore(databasePath);
    stores.set(databasePath, store);
  }
  return store;
}

function describe(m: AnalysisModels): EngineInfo {
  return {
    backend: { name: m.backend.name, package: m.backend.package, tfVersion: m.backend.tfVersion },
    models: m.versions,
    detector: m.detector,
    concurrency: 1,
  };
}

async function analyze(task: Extract<WorkerTask, { kind: 'analyze' }>): Promise<WorkerResult> {
  const { port } = task;
  const controller = new AbortController();
  port.on('message', (message: unknown) => {
    if (message === 'cancel') controller.abort();
  });
  try {
    const m = await models();
    const { analysis } = await analyzeRecord(task.task.headerPath, m, {
      signal: controller.signal,
      onProgress: (stage, fraction) => port.postMessage({ stage, fraction }),
    });
    port.postMessage({ stage: 'store', fraction: 0 });
    const storeStarted = performance.now();
    const store = storeFor(task.task.databasePath);
    await store.completeAnalysis(task.task.analysisId, analysis);
    // Copy the large transaction from the WAL into the database here, so the
    // serving process's next small commit does not inherit that checkpoint.
    store.db.pragma('wal_checkpoint(PASSIVE)');
    const storeMs = performance.now() - storeStarted;
    port.postMessage({ stage: 'store', fraction: 1 });
    return {
      ok: true,
      info: null,
      summary: {
        recordName: analysis.recordName,
        nBeats: analysis.beatSamples.length,
        beatCounts: analysis.beatCounts,
        elapsedMs: analysis.elapsedMs,
        stageMs: analysis.stageMs,
        storeMs,
      },
    };
  } finally {
    port.postMessage(PORT_END);
    port.close();
  }
}

/**
 * Runs one worker task.
 * @param task - `info` (loads the models if needed) or `analyze`
 * @returns the result, or the error flattened (never throws, so the error's kind crosses the thread)
 */
export default async function runWorkerTask(task: WorkerTask): Promise<WorkerResult> {
  try {
    if (task.kind === 'info') return { ok: true, info: describe(await models()), summary: null };
    return await analyze(task);
  } catch (error) {
    return { ok: false, error: toPlainError(error) };
  }
}
