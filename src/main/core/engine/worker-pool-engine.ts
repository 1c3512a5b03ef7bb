import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type {
  AnalysisEngine,
  AnalysisSummary,
  AnalysisTask,
  AnalyzeHooks,
  EngineInfo,
  EngineOptions,
  FineTuneEngineHooks,
} from './analysis-engine';
import type { RetrainResult, RetrainTask } from '../retrain/retrain-task';
import { chunkBeatInputs } from '../analysis/beat-context';
import type { AnalysisChunk } from '../analysis/chunk-plan';
import { firstPassSummary, recordNoiseSpans } from '../analysis/merge-chunks';
import type { SignalEnvelope } from '../analysis/signal-envelope';
import { OrderedRows } from './ordered-rows';
import { WfdbError } from '../wfdb/errors';
import { resolvePreference, type BackendPreference } from '../ml/backend-preference';
import { nativeAddonFound } from '../ml/native-tfjs';
import { analysisWorkerScript } from './worker-script';
import {
  fromPlainError,
  PORT_END,
  typedArrayBuffers,
  type WorkerFineTuneProgress,
  type WorkerOutputs,
  type WorkerProgress,
  type WorkerResult,
  type WorkerSetup,
  type WorkerTask,
} from './worker-messages';

/**
 * The error of a failed step, its message naming the record (WfdbErrors name their file already,
 * cancellations stay AbortErrors).
 */
function namingRecord(error: unknown, headerPath: string): unknown {
  if (!(error instanceof Error) || error instanceof WfdbError || error.name === 'AbortError' || error.message.includes(headerPath))
    return error;
  return Object.assign(new Error(`${headerPath}: ${error.message}`), { name: error.name });
}

/**
 * Whether the workers are to run a JS backend (wasm or cpu): the preference allows no native rung, or
 * it is `auto` and no native addon is built.
 */
function jsBackend(prefer: BackendPreference | undefined): boolean {
  const resolved = resolvePreference(prefer);
  return resolved === 'wasm' || resolved === 'cpu' || (resolved === 'auto' && !nativeAddonFound());
}

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
  /**
   * Environment variable through which native TensorFlow sizes each worker's intra-op thread pool
   * (read when a worker's TensorFlow context is created, from the process environment): the engine
   * sets it, unless set already, to the cores per worker, so that the workers' TensorFlow threads
   * together match the cores instead of each worker's pool spanning all of them (2 workers × 2
   * threads on a 2-core PC, spinning against each other). The other TensorFlow switches do not lower the
   * 7-day record's native peak (1.06–1.09 GB): TF_NUM_INTEROP_THREADS=1 gave 1.10 GB and
   * TF_ENABLE_ONEDNN_OPTS=0 1.22 GB (2026-12-03).
   */
  intraOpThreadsVariable: 'TF_NUM_INTRAOP_THREADS',
  /**
   * Largest young generation of each worker's V8 heap, in MB (the worker's
   * `resourceLimits.maxYoungGenerationSizeMb`; V8 splits it over its two semi-spaces and the new
   * large-object space: 32 MB semi-spaces, twice Node 20's default). The model batches and the
   * beat windows allocate many short-lived objects (tfjs tensors per kernel, thousands per batch);
   * with the default young generation part of them is promoted and the old space needs more
   * major collections. On wasm this cut the GC time of classifying three 1 h chunks of the 24 h
   * concatenation from 0.80–0.90 s to 0.25–0.32 s and their CPU time by about 12 % (native: GC
   * 0.13 → 0.09 s, CPU unchanged), at up to 0.1–0.2 GB more peak resident memory for the process.
   * So it is used only when the workers are to run a JS backend (jsBackend): without it the native
   * 2-worker analysis of the 24 h concatenation peaked at 1.16 GB instead of 1.20–1.22 GB.
   */
  youngGenerationMb: 96,
  /**
   * Largest young generation of each worker's V8 heap under native TensorFlow, in MB (below Node 20's
   * default of 3 × 16 MB): the native backend keeps its tensors outside the JS heap, so a smaller
   * young generation costs few promotions. With it the 7-day record's native engine peak was 0.97 and
   * 0.94 GB (RSS median over the run 920, 916 MB) against 0.98–1.00 GB (938–988 MB) with the default,
   * and the 24 h concatenation's 0.89, 0.93 against 0.95 GB for 11.7, 12.6 against 12.3 s wall
   * (2026-12-03). Before the record-wide steps held less, 12 MB had not lowered the 7-day peak (1.06 GB),
   * which the store step set then.
   */
  nativeYoungGenerationMb: 16,
});

/**
 * The analysis engine on a piscina pool of `worker_threads` (serve, CLI,
 * tests, and inside the app's utility process). Every worker loads the
 * backend and the models once, at {@link WorkerPoolEngine.info}; one
 * record's chunks are analysed in both workers at once (see analyze), so a
 * single 24 h record keeps both cores busy. Records queued together share the
 * pool: their tasks interleave in piscina's FIFO queue.
 */
export class WorkerPoolEngine implements AnalysisEngine {
  private readonly pool: Piscina<WorkerTask, WorkerResult>;
  private readonly workers: number;
  private readonly chunkS: number | undefined;
  private infoPromise: Promise<EngineInfo> | null = null;

  /** @param options - backend preference, models folder, number of workers (the workers log their backend choice on stderr) */
  constructor(options: EngineOptions = {}) {
    this.workers = options.workers ?? WORKER_POOL_CONFIG.defaultWorkers;
    this.chunkS = options.chunkS;
    // process-wide, before any worker loads TensorFlow (a worker's own process.env is a copy TensorFlow does not read)
    process.env[WORKER_POOL_CONFIG.intraOpThreadsVariable] ??= String(Math.max(1, Math.floor(availableParallelism() / this.workers)));
    const setup: WorkerSetup = { backend: options.backend, modelsDir: options.modelsDir };
    this.pool = new Piscina<WorkerTask, WorkerResult>({
      filename: analysisWorkerScript(),
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: WORKER_POOL_CONFIG.idleTimeoutMs,
      niceIncrement: WORKER_POOL_CONFIG.niceIncrement,
      resourceLimits: {
        maxYoungGenerationSizeMb: jsBackend(options.backend)
          ? WORKER_POOL_CONFIG.youngGenerationMb
          : WORKER_POOL_CONFIG.nativeYoungGenerationMb,
      },
      workerData: setup,
    });
  }

  /** Loads the models in every worker (one `info` task each, at once) and reports the first's. */
  info(): Promise<EngineInfo> {
    this.infoPromise ??= Promise.all(Array.from({ length: this.workers }, () => this.step({ kind: 'info' }, undefined))).then(([first]) => {
      if (!first) throw new Error('analysis worker returned no info');
      return { ...first, concurrency: this.workers };
    });
    return this.infoPromise;
  }

  /**
   * Analyses one record as pool tasks spread over the workers: plan, the first pass of every chunk,
   * the beat context and, beside it, the record's min/max pyramid stored with the running analysis,
   * the second pass of every chunk, each chunk pass in whichever worker is free
   * (at most one classifying task per worker from this record at a time, so a second queued
   * record's tasks interleave with this one's); each chunk's rows are appended to the running
   * analysis as soon as it and every chunk before it are classified (OrderedRows: in chunk order),
   * and a last task reads them back from the store, finishes and shows the analysis, so that no
   * thread keeps the record's rows while its chunks are analysed and they never cross a thread whole. The
   * result equals analyzeRecord's; until it is shown, no reader sees any of its rows, and a failure
   * or a kill leaves none (the caller or the next start ends the analysis failed, deleting them).
   * Cancellation is checked before every task and aborts a running second pass between model
   * batches; an error of any task fails the job, its message naming the record.
   */
  async analyze(task: AnalysisTask, hooks: AnalyzeHooks = {}): Promise<AnalysisSummary> {
    const started = performance.now();
    const { headerPath } = task;
    const beatModelDir = task.beatModelDir;
    const models = { beatModelDir, rhythmModelDir: task.rhythmModelDir };
    const { signal, onProgress } = hooks;
    try {
      const { record, chunks } = await this.step({ kind: 'plan', headerPath, chunkS: this.chunkS, ...models }, signal);
      onProgress?.('read', 0);
      let detected = 0;
      const envelopes = new Array<SignalEnvelope>(chunks.length);
      const detections = await this.eachChunk(chunks, signal, async (chunk) => {
        const { detection, envelope } = await this.step({ kind: 'detect', headerPath, chunk, ...models }, signal);
        envelopes[chunk.index] = envelope;
        onProgress?.('qrs', ++detected / chunks.length);
        return detection;
      });
      // the record's envelope goes to the store with the running analysis while the context is formed,
      // so that no thread holds it through the second pass
      const envelopeTask = { kind: 'envelope', task, record, envelopes: envelopes.splice(0), ...models } as const;
      const [context] = await Promise.all([
        this.step({ kind: 'context', record, detections, ...models }, signal),
        this.step(envelopeTask, signal, typedArrayBuffers(envelopeTask.envelopes)),
      ]);
      const firstPass = detections.splice(0).map(firstPassSummary);
      const noiseSpans = recordNoiseSpans(firstPass);
      const done = { beats: new Float64Array(chunks.length), rhythm: new Float64Array(chunks.length) };
      const rows = new OrderedRows(chunks.length, (part) =>
        this.step({ kind: 'rows', task, rows: part, ...models }, undefined, typedArrayBuffers(part)),
      );
      const summaries = await this.eachChunk(chunks, signal, async (chunk) => {
        rows.throwIfFailed();
        const inputs = chunkBeatInputs(context, chunk);
        const part = await this.classify({ headerPath, chunk, inputs, noiseSpans, ...models }, signal, (stage, fraction) => {
          done[stage][chunk.index] = fraction;
          onProgress?.(stage, done[stage].reduce((a, b) => a + b, 0) / chunks.length);
        });
        rows.add(chunk.index, part.rows);
        return part.summary;
      }).catch(async (error: unknown) => {
        await rows.settled();
        throw error;
      });
      const elapsedMs = performance.now() - started;
      onProgress?.('store', 0);
      await rows.allStored();
      const storeTask = {
        kind: 'store',
        task,
        record,
        detections: firstPass,
        context: { elapsedMs: context.elapsedMs, pacing: context.pacing },
        summaries,
        elapsedMs,
        ...models,
      } as const;
      const summary = await this.step(storeTask, signal, typedArrayBuffers(storeTask));
      onProgress?.('store', 1);
      return summary;
    } catch (error) {
      throw namingRecord(error, headerPath);
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  /** Runs one task in the pool, after checking for cancellation; `transferList` moves what the task no longer shares. */
  private async step<K extends keyof WorkerOutputs>(
    task: Extract<WorkerTask, { kind: K }>,
    signal: AbortSignal | undefined,
    transferList: (ArrayBuffer | MessagePort)[] = [],
  ): Promise<WorkerOutputs[K]> {
    if (signal?.aborted) throw Object.assign(new Error('analysis cancelled'), { name: 'AbortError' });
    const result = await this.pool.run(task, { transferList });
    if (!result.ok) throw fromPlainError(result.error);
    return result.value as WorkerOutputs[K];
  }

  /** One chunk's second pass, its progress and cancellation on a port of its own. */
  private classify(
    job: Omit<Extract<WorkerTask, { kind: 'classify' }>, 'kind' | 'port'>,
    signal: AbortSignal | undefined,
    onProgress: (stage: 'beats' | 'rhythm', fraction: number) => void,
  ): Promise<WorkerOutputs['classify']> {
    return this.portStep(
      (port) => ({ kind: 'classify', ...job, port }),
      signal,
      (message: WorkerProgress) => {
        if (message.stage === 'beats' || message.stage === 'rhythm') onProgress(message.stage, message.fraction);
      },
      typedArrayBuffers(job.inputs),
    );
  }

  /**
   * Runs a retraining task in one worker (see runRetrainTask); fine-tuning progress comes per batch on the
   * task's port, and cancelling posts `cancel` there (the run stops between batches, leaving no model).
   */
  async retrain<T extends RetrainTask>(task: T, hooks: FineTuneEngineHooks = {}): Promise<RetrainResult<T['kind']>> {
    return this.portStep(
      (port) => ({ kind: 'retrain', task, port }),
      hooks.signal,
      (message: WorkerFineTuneProgress) => hooks.onProgress?.(message.fineTune),
    ) as Promise<RetrainResult<T['kind']>>;
  }

  /** Runs a task that reports on a port of its own (progress out, `cancel` in), its progress drained before it resolves. */
  private async portStep<K extends 'classify' | 'retrain', P>(
    make: (port: MessagePort) => Extract<WorkerTask, { kind: K }>,
    signal: AbortSignal | undefined,
    onMessage: (message: P) => void,
    transferList: ArrayBuffer[] = [],
  ): Promise<WorkerOutputs[K]> {
    const { port1, port2 } = new MessageChannel();
    // The result comes back on piscina's channel, progress on this port: wait for the port's
    // end marker too, so no progress message is lost or arrives after the result.
    const drained = new Promise<void>((resolve) => {
      port1.on('message', (message: P | typeof PORT_END) => {
        if (message === PORT_END) resolve();
        else onMessage(message);
      });
    });
    const onAbort = (): void => port1.postMessage('cancel');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.step<K>(make(port2), signal, [port2, ...transferList]);
      await drained;
      return result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      port1.close();
    }
  }

  /**
   * Runs `run` on every chunk, as many at once as the pool has workers, in chunk order of start;
   * stops starting chunks after a failure or a cancellation.
   * @returns the results in chunk order
   */
  private async eachChunk<T>(
    chunks: readonly AnalysisChunk[],
    signal: AbortSignal | undefined,
    run: (chunk: AnalysisChunk) => Promise<T>,
  ): Promise<T[]> {
    const results: T[] = new Array<T>(chunks.length);
    let next = 0;
    let failed = false;
    const lane = async (): Promise<void> => {
      while (next < chunks.length && !failed && !signal?.aborted) {
        const chunk = chunks[next++] as AnalysisChunk;
        try {
          results[chunk.index] = await run(chunk);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.workers, chunks.length) }, lane));
    if (signal?.aborted) throw Object.assign(new Error('analysis cancelled'), { name: 'AbortError' });
    return results;
  }
}
