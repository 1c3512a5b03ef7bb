import type { EventName, Events, JobStage, ModelVersion } from '../../../shared/api';
import { recordContentHash } from '../analysis/content-hash';
import { JobProgress } from '../analysis/job-progress';
import { AnalysisJobQueue, type AnalysisJob } from '../analysis/job-queue';
import type { AnalysisEngine, EngineInfo } from '../engine/analysis-engine';
import { ReviewWorkerPool } from '../engine/review-worker-pool';
import { WorkerPoolEngine } from '../engine/worker-pool-engine';
import type { BackendPreference } from '../ml/backend-preference';
import { JobStore } from '../store/job-store';
import { PENDING_HASH_PREFIX, ReviewStore } from '../store/review-store';
import { probeSignalRecord } from '../formats/probe-signal-record';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { modelsDir } from '../analysis/models-dir';
import { FineTuneJobs } from '../retrain/fine-tune-jobs';
import { ModelVersions } from '../retrain/model-versions';

/** Pushes an event to every connected client of every transport. */
export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

/** What the handlers work with: the store, the analysis engine, the job queue. */
export interface AppContext {
  store: ReviewStore;
  /** Backend and models the engine's workers loaded. */
  engineInfo: EngineInfo;
  jobs: AnalysisJobQueue;
  /** The fine-tuned beat model versions and which one analyses use (absent in a context built without retraining, e.g. some tests: the `retrain:` methods then fail). */
  versions?: ModelVersions;
  /** The fine-tuning runs (one at a time, on the engine); present with `versions`. */
  retrain?: FineTuneJobs;
  /** Subscribes a transport to pushed events. @returns unsubscribe */
  subscribe(listener: Emit): () => void;
  emit: Emit;
  log: (line: string) => void;
  /**
   * The worker thread that builds templates and events lists from the stored beats (absent: the handlers compute
   * them on the serving thread, e.g. over an in-memory database).
   */
  reviewWorkers?: ReviewWorkerPool;
  /** Stops the queue (pending jobs stay in the database for the next start), the engine, the review worker and the store. */
  close(): Promise<void>;
}

/** Options of {@link createAppContext}. */
export interface AppContextOptions {
  /** SQLite file of the review database (a file: the engine's workers open it too). */
  databasePath: string;
  /** The engine analyses run on (default: a {@link WorkerPoolEngine} with the options below). */
  engine?: AnalysisEngine;
  /** Backend preference of the default engine's workers. */
  backend?: BackendPreference;
  /** Folder with the `beats/` and `rhythm/` models (default `resources/models`). */
  modelsDir?: string;
  /** Folder of the fine-tuned model versions (default `model-versions/` beside the database, i.e. in the app's user-data folder). */
  modelVersionsDir?: string;
  /**
   * Folder of the beat model's training records (mitdb) for the replay sample; null for none.
   * Default `ECG_REPLAY_DATA_DIR`, else `../shared/data/mitdb` when it exists, else null.
   */
  replayDataDir?: string | null;
  /**
   * The unpacked PhysioNet/CinC 2017 set whose train split rhythm fine-tuning replays; null for none.
   * Default `ECG_RHYTHM_REPLAY_DATA_DIR`, else `data/physionet2017` when it holds REFERENCE.csv, else null.
   */
  rhythmReplayDataDir?: string | null;
  /** Requeue the jobs a dead process left queued or running (default true; the CLI runs only its own). */
  adoptOrphanedJobs?: boolean;
  log?: (line: string) => void;
}

/** Longest gap between two `job:progress` events of one job below 100 %, in ms. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Opens the database, starts the analysis engine (its workers pick the tfjs
 * backend, logged, and load the models once each), and starts the job queue,
 * requeuing the jobs a previous process left queued or running. Analyses
 * left 'running' by a killed process are marked failed ("interrupted");
 * those another live process (the CLI) is writing are left to it.
 * Every job ends in `job:done`; every failure is logged with the record's path.
 * @throws Error naming the database file or model folder that cannot be used
 */
export async function createAppContext(options: AppContextOptions): Promise<AppContext> {
  const log = options.log ?? ((line: string) => console.log(line));
  const store = new ReviewStore(options.databasePath);
  const interrupted = store.recoverInterruptedAnalyses();
  if (interrupted.length > 0) log(`marked ${interrupted.length} interrupted analysis(es) failed`);
  const engine = options.engine ?? new WorkerPoolEngine({ backend: options.backend, modelsDir: options.modelsDir });
  let engineInfo: EngineInfo;
  try {
    engineInfo = await engine.info();
  } catch (error) {
    await engine.close();
    store.close();
    throw error;
  }
  const versions = new ModelVersions(
    store,
    options.modelVersionsDir ?? join(dirname(resolve(options.databasePath)), 'model-versions'),
    join(options.modelsDir ?? modelsDir(), 'beats'),
  );
  const leftovers = versions.removeLeftovers();
  if (leftovers.length > 0) log(`removed ${leftovers.length} unfinished fine-tuning folder(s): ${leftovers.join(', ')}`);
  const listeners = new Set<Emit>();
  const emit: Emit = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };

  const hashStage = async (job: AnalysisJob, path: string, report: (stage: JobStage, f: number) => void): Promise<boolean> => {
    report('hash', 0);
    const sha = await recordContentHash(path, probeSignalRecord(path).header);
    const settled = store.settleContentHash(job.recordId, sha);
    report('hash', 1);
    if (!settled.alreadyKnown) return true;
    emit('cases:changed', { recordIds: [job.recordId, settled.recordId] });
    jobs.retarget(job, settled.recordId, 'analysis');
    log(`${path}: same content as record ${settled.recordId}, imported before`);
    return job.force || store.latestAnalysis(settled.recordId, 'done') === null;
  };

  const runJob = async (job: AnalysisJob): Promise<void> => {
    const { jobId } = job;
    const record = store.getRecord(job.recordId);
    const pendingHash = record.contentSha256.startsWith(PENDING_HASH_PREFIX);
    const stages: JobStage[] = [...(pendingHash ? (['hash'] as const) : []), 'read', 'qrs', 'beats', 'rhythm', 'store'];
    const progress = new JobProgress(stages);
    let lastEmit = 0;
    const report = (stage: JobStage, stageFraction: number): void => {
      const reading = progress.update(stage, stageFraction);
      const now = performance.now();
      if (stageFraction > 0 && stageFraction < 1 && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      emit('job:progress', { jobId, recordId: job.recordId, recordName: record.name, ...reading });
    };
    try {
      if (pendingHash && !(await hashStage(job, record.path, report))) return;
      job.controller.signal.throwIfAborted();
      const beatModel = versions.activeBeatModel();
      const rhythmModel = versions.activeModel('rhythm');
      const analysisId = store.beginAnalysis(job.recordId, {
        backend: `${engineInfo.backend.name} (${engineInfo.backend.package})`,
        models:
          beatModel.row || rhythmModel.row
            ? [
                beatModel.row ? beatModel.model : (engineInfo.models[0] as ModelVersion),
                rhythmModel.row ? rhythmModel.model : (engineInfo.models[1] as ModelVersion),
                ...engineInfo.models.slice(2),
              ]
            : engineInfo.models,
        detector: engineInfo.detector,
      });
      emit('cases:changed', { recordIds: [job.recordId] });
      try {
        const summary = await engine.analyze(
          {
            headerPath: record.path,
            databasePath: store.path,
            analysisId,
            beatModelDir: beatModel.row ? beatModel.dir : undefined,
            rhythmModelDir: rhythmModel.row ? rhythmModel.dir : undefined,
          },
          { signal: job.controller.signal, onProgress: report },
        );
        store.setStageTimes(analysisId, { ...summary.stageMs, store: summary.storeMs });
        log(`analysed ${record.name}: ${summary.nBeats} beats in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
      } catch (error) {
        const cancelled = error instanceof Error && error.name === 'AbortError';
        store.endAnalysis(analysisId, cancelled ? 'cancelled' : 'failed', cancelled ? null : messageOf(error));
        throw error;
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        log(`analysis of ${record.name} (${record.path}) cancelled`);
      } else {
        log(`analysis of ${record.name} (${record.path}) failed: ${messageOf(error)}`);
        if (job.kind === 'import') {
          store.removeRecord(job.recordId);
          log(`import of ${record.path} undone: the record is removed again`);
        }
      }
      throw error;
    } finally {
      emit('cases:changed', { recordIds: [job.recordId] });
    }
  };

  const jobs = new AnalysisJobQueue({
    run: runJob,
    concurrency: engineInfo.concurrency,
    persist: new JobStore(store.db),
    onEnd: (job, outcome) => emit('job:done', { jobId: job.jobId, recordId: job.recordId, ...outcome }),
  });
  const restored = options.adoptOrphanedJobs === false ? 0 : jobs.restore();
  if (restored > 0) log(`requeued ${restored} job(s) left by the previous run`);

  const retrain = new FineTuneJobs({
    engine,
    store,
    versions,
    emit,
    log,
    replayDataDir: defaultReplayDir(options.replayDataDir),
    rhythmReplayDataDir: defaultRhythmReplayDir(options.rhythmReplayDataDir),
  });
  const reviewWorkers = new ReviewWorkerPool(store.path);

  return {
    store,
    reviewWorkers,
    engineInfo,
    jobs,
    versions,
    retrain,
    emit,
    log,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await retrain.stop();
      await jobs.stop();
      await engine.close();
      await reviewWorkers.close();
      store.close();
    },
  };
}

function defaultReplayDir(given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  const fromEnv = process.env.ECG_REPLAY_DATA_DIR;
  if (fromEnv) return resolve(fromEnv);
  const shared = resolve('../shared/data/mitdb');
  return existsSync(shared) ? shared : null;
}

function defaultRhythmReplayDir(given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  const fromEnv = process.env.ECG_RHYTHM_REPLAY_DATA_DIR;
  if (fromEnv) return resolve(fromEnv);
  const local = resolve('data/physionet2017');
  return existsSync(join(local, 'REFERENCE.csv')) ? local : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
