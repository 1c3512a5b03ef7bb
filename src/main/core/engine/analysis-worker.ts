/**
 * The analysis worker (a piscina task module, one per `worker_threads`
 * worker): loads the backend and the models once, on its first task, then
 * runs the steps of records' analyses (plan, a chunk's first or second pass,
 * beat context, the record's envelope stored, a chunk's rows stored, finish and store; see WorkerTask) as the engine hands them out.
 * A classify task's progress goes out on its port; a `cancel` message on it
 * aborts the chunk between model batches. A retrain task is one whole fine-tuning run or version comparison
 * (see runRetrainTask), its progress and cancellation on its port the same way. It writes the results itself, through its
 * own connection to the review database, so the serving process never spends
 * its event loop on a large transaction.
 */
import type { MessagePort } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { analyzeChunk } from '../analysis/analyze-chunk';
import { loadAnalysisModels, withBeatModel, withRhythmModel, type AnalysisModels } from '../analysis/analyze-record';
import { prepareBeatContext } from '../analysis/beat-context';
import { modelAlignment, planChunks } from '../analysis/chunk-plan';
import { detectChunk } from '../analysis/detect-chunk';
import { chunkRows, finishChunks } from '../analysis/merge-chunks';
import { joinEnvelopes } from '../analysis/signal-envelope';
import { getTf, initBackend } from '../ml/backend';
import { runRetrainTask, type RetrainResult } from '../retrain/retrain-task';
import { ReviewStore } from '../store/review-store';
import { WfdbError } from '../wfdb/errors';
import { isNullSignal } from '../wfdb/open-record';
import { probeSignalRecord } from '../formats/probe-signal-record';
import type { AnalysisSummary, EngineInfo } from './analysis-engine';
import {
  PORT_END,
  toPlainError,
  typedArrayBuffers,
  type WorkerFineTuneProgress,
  type WorkerOutputs,
  type WorkerResult,
  type WorkerSetup,
  type WorkerTask,
} from './worker-messages';

const setup = (workerData ?? {}) as WorkerSetup;
let loaded: Promise<AnalysisModels> | null = null;
/** The models with another beat and/or rhythm model (fine-tuned versions), by their folders, loaded once each. */
const withOtherModels = new Map<string, Promise<AnalysisModels>>();
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

/** The models a task runs with: the worker's own, or with the task's beat and/or rhythm model folder. */
function modelsFor(beatModelDir: string | undefined, rhythmModelDir: string | undefined): Promise<AnalysisModels> {
  if (beatModelDir === undefined && rhythmModelDir === undefined) return models();
  const key = JSON.stringify([beatModelDir ?? null, rhythmModelDir ?? null]);
  let other = withOtherModels.get(key);
  if (!other) {
    other = models().then(async (m) => {
      const beats = beatModelDir === undefined ? m : await withBeatModel(m, beatModelDir);
      return rhythmModelDir === undefined ? beats : withRhythmModel(beats, rhythmModelDir);
    });
    other.catch(() => withOtherModels.delete(key));
    withOtherModels.set(key, other);
  }
  return other;
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

/**
 * Runs `work` with the task's port: a `cancel` message on it aborts the work's signal; the end
 * marker is posted and the port closed whatever the outcome.
 */
async function withPort<T>(port: MessagePort, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  port.on('message', (message: unknown) => {
    if (message === 'cancel') controller.abort();
  });
  try {
    return await work(controller.signal);
  } finally {
    port.postMessage(PORT_END);
    port.close();
  }
}

function classify(task: Extract<WorkerTask, { kind: 'classify' }>, m: AnalysisModels): Promise<WorkerOutputs['classify']> {
  return withPort(task.port, async (signal) => {
    const part = await analyzeChunk(task.headerPath, task.chunk, m, task.inputs, {
      signal,
      onProgress: (stage, fraction) => task.port.postMessage({ stage, fraction }),
    });
    return chunkRows(part, task.noiseSpans, m);
  });
}

function retrain(task: Extract<WorkerTask, { kind: 'retrain' }>, m: AnalysisModels): Promise<RetrainResult> {
  return withPort(task.port, (signal) =>
    runRetrainTask(task.task, storeFor(task.task.databasePath), m.backend, {
      signal,
      onProgress: (progress) => task.port.postMessage({ fineTune: progress } satisfies WorkerFineTuneProgress),
    }),
  );
}

async function store(task: Extract<WorkerTask, { kind: 'store' }>, m: AnalysisModels): Promise<AnalysisSummary> {
  const db = storeFor(task.task.databasePath);
  // the rows the chunk tasks streamed in, read back here: they never cross a thread whole
  const rows = db.streamedAnalysisRows(task.task.analysisId);
  const analysis = finishChunks(task.record, task.detections, task.context, task.summaries, rows, m, task.elapsedMs);
  const storeStarted = performance.now();
  await db.finishAnalysis(task.task.analysisId, analysis);
  // Copy the large transaction from the WAL into the database here, so the
  // serving process's next small commit does not inherit that checkpoint.
  db.db.pragma('wal_checkpoint(PASSIVE)');
  return {
    recordName: analysis.recordName,
    nBeats: rows.beatSamples.length,
    beatCounts: analysis.beatCounts,
    elapsedMs: analysis.elapsedMs,
    stageMs: analysis.stageMs,
    storeMs: performance.now() - storeStarted,
  };
}

function plan(task: Extract<WorkerTask, { kind: 'plan' }>, m: AnalysisModels): WorkerOutputs['plan'] {
  const record = probeSignalRecord(task.headerPath);
  if (!record.header.signals.some((spec) => !isNullSignal(spec)))
    throw new WfdbError(task.headerPath, 'record has no stored signal to analyse');
  const fsHz = record.header.fsHz;
  return { record, chunks: planChunks(record.nSamples, fsHz, modelAlignment(fsHz, m), { chunkS: task.chunkS }) };
}

async function run(task: WorkerTask): Promise<WorkerOutputs[keyof WorkerOutputs]> {
  const m = await modelsFor(task.beatModelDir, task.rhythmModelDir);
  switch (task.kind) {
    case 'info':
      return describe(m);
    case 'plan':
      return plan(task, m);
    case 'detect':
      return detectChunk(task.headerPath, task.chunk, m);
    case 'context':
      return prepareBeatContext(task.record, task.detections, m);
    case 'classify':
      return classify(task, m);
    case 'rows':
      await storeFor(task.task.databasePath).appendAnalysisRows(task.task.analysisId, task.rows);
      return null;
    case 'envelope':
      await storeFor(task.task.databasePath).appendAnalysisEnvelope(
        task.task.analysisId,
        joinEnvelopes(task.envelopes, task.record.nSamples),
      );
      return null;
    case 'store':
      return store(task, m);
    case 'retrain':
      return retrain(task, m);
  }
}

/**
 * Runs one worker task.
 * @param task - `info` (loads the models if needed), or one step of a record's analysis (see WorkerTask)
 * @returns the result (its typed arrays transferred), or the error flattened (never throws, so the
 *   error's kind crosses the thread)
 */
export default async function runWorkerTask(task: WorkerTask): Promise<WorkerResult | object> {
  try {
    const result: WorkerResult = { ok: true, value: await run(task) };
    // the result's arrays are this task's own: move them to the caller instead of copying
    return move({ [transferableSymbol]: typedArrayBuffers(result), [valueSymbol]: result });
  } catch (error) {
    return { ok: false, error: toPlainError(error) };
  }
}
