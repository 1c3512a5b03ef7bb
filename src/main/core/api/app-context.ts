import type { EventName, Events } from '../../../shared/api';
import { analyzeRecord, loadAnalysisModels, type AnalysisModels } from '../analysis/analyze-record';
import { AnalysisJobQueue, type AnalysisJob } from '../analysis/job-queue';
import { initBackend } from '../ml/backend';
import { ReviewStore } from '../store/review-store';

/** Pushes an event to every connected client of every transport. */
export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

/** What the handlers work with: the store, the loaded models, the job queue. */
export interface AppContext {
  store: ReviewStore;
  models: AnalysisModels;
  jobs: AnalysisJobQueue;
  /** Subscribes a transport to pushed events. @returns unsubscribe */
  subscribe(listener: Emit): () => void;
  emit: Emit;
  close(): Promise<void>;
}

/** Options of {@link createAppContext}. */
export interface AppContextOptions {
  /** SQLite file of the review database. */
  databasePath: string;
  /** Folder with the `beats/` and `rhythm/` models (default `resources/models`). */
  modelsDir?: string;
  log?: (line: string) => void;
}

/**
 * Opens the database, picks the tfjs backend (ladder: tfjs-node-gpu →
 * tfjs-node → wasm → cpu, logged), loads the models once, and starts the
 * analysis job queue. Analyses left 'running' by a killed process are marked
 * failed ("interrupted"); those another live process (the CLI) is writing
 * are left to it.
 * @throws Error naming the database file or model folder that cannot be used
 */
export async function createAppContext(options: AppContextOptions): Promise<AppContext> {
  const log = options.log ?? ((line: string) => console.log(line));
  const store = new ReviewStore(options.databasePath);
  const interrupted = store.recoverInterruptedAnalyses();
  if (interrupted.length > 0) log(`marked ${interrupted.length} interrupted analysis(es) failed`);
  const backend = await initBackend({ log });
  const models = await loadAnalysisModels(backend, options.modelsDir);
  const listeners = new Set<Emit>();
  const emit: Emit = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };

  const runJob = async (job: AnalysisJob): Promise<void> => {
    const { jobId, recordId } = job;
    const record = store.getRecord(recordId);
    const analysisId = store.beginAnalysis(recordId, {
      backend: `${backend.name} (${backend.package})`,
      models: models.versions,
      detector: models.detector,
    });
    emit('cases:changed', { recordIds: [recordId] });
    let lastEmit = 0;
    try {
      const { analysis } = await analyzeRecord(record.path, models, {
        signal: job.controller.signal,
        onProgress: (stage, fraction) => {
          const now = Date.now();
          if (fraction < 1 && now - lastEmit < 200) return;
          lastEmit = now;
          emit('job:progress', { jobId, recordId, stage, fraction });
        },
      });
      emit('job:progress', { jobId, recordId, stage: 'store', fraction: 0 });
      await store.completeAnalysis(analysisId, analysis);
      log(`analysed ${record.name}: ${analysis.beatSamples.length} beats in ${(analysis.elapsedMs / 1000).toFixed(1)} s`);
      emit('job:done', { jobId, recordId, state: 'done', error: null });
    } catch (error) {
      const cancelled = error instanceof Error && error.name === 'AbortError';
      const message = error instanceof Error ? error.message : String(error);
      store.endAnalysis(analysisId, cancelled ? 'cancelled' : 'failed', cancelled ? null : message);
      log(`analysis of ${record.name} ${cancelled ? 'cancelled' : `failed: ${message}`}`);
      emit('job:done', { jobId, recordId, state: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message });
    }
    emit('cases:changed', { recordIds: [recordId] });
  };
  const jobs = new AnalysisJobQueue(runJob);

  return {
    store,
    models,
    jobs,
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      jobs.cancelAll();
      await jobs.idle();
      store.close();
    },
  };
}
