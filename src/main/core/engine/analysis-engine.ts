import type { ClassCounts, ModelVersion } from '../../../shared/api';
import type { AnalysisStage } from '../analysis/analyze-record';
import type { BackendInfo } from '../ml/backend';
import type { BackendPreference } from '../ml/backend-preference';
import type { FineTuneProgress } from '../retrain/fine-tune-beats';
import type { RetrainResult, RetrainTask } from '../retrain/retrain-task';

/** What the engine's workers loaded: the backend the ladder chose and the models, once per worker. */
export interface EngineInfo {
  backend: Pick<BackendInfo, 'name' | 'package' | 'tfVersion'>;
  models: ModelVersion[];
  /** Name of the QRS detector, stored with each analysis. */
  detector: string;
  /** How many analyses run at once (one per worker). */
  concurrency: number;
}

/** One analysis to run: the record, and the analysis row its results go to. */
export interface AnalysisTask {
  /** The record's `.hea`. */
  headerPath: string;
  /** SQLite file of the review database; the worker writes the results there (not ':memory:'). */
  databasePath: string;
  /** Row made by `ReviewStore.beginAnalysis`, completed by the worker in one transaction. */
  analysisId: number;
  /** Beat model folder to classify with (an activated fine-tuned version); default the engine's own (`<modelsDir>/beats`). */
  beatModelDir?: string;
  /** Rhythm model folder to classify with (an activated fine-tuned version); default the engine's own (`<modelsDir>/rhythm`). */
  rhythmModelDir?: string;
}

/** What comes back to the caller once the results are stored (the rows themselves stay in the database). */
export interface AnalysisSummary {
  recordName: string;
  nBeats: number;
  beatCounts: ClassCounts;
  /** Whole analysis (read to rhythm), in ms, as stored. */
  elapsedMs: number;
  /** Wall time per stage, in ms. */
  stageMs: Record<AnalysisStage, number>;
  /** Writing the rows, in ms. */
  storeMs: number;
}

/** A stage of the worker's part of a job: the analysis stages, then storing. */
export type EngineStage = AnalysisStage | 'store';

/** Hooks of {@link AnalysisEngine.analyze}. */
export interface AnalyzeHooks {
  /** Cancels the analysis; the promise then rejects with an Error named 'AbortError'. */
  signal?: AbortSignal;
  /** Progress within a stage, 0..1 (not throttled: the caller throttles). */
  onProgress?: (stage: EngineStage, fraction: number) => void;
}

/** Hooks of {@link AnalysisEngine.retrain}. */
export interface FineTuneEngineHooks {
  /** Cancels the run between batches; the promise then rejects with an Error named 'AbortError' and no model is left. */
  signal?: AbortSignal;
  /** Every batch's progress (not throttled: the caller throttles). */
  onProgress?: (progress: FineTuneProgress) => void;
}

/** Options every engine implementation takes. */
export interface EngineOptions {
  /** Backend preference of the workers (default: `ECG_TF_BACKEND` or auto). */
  backend?: BackendPreference;
  /** Folder holding `beats/` and `rhythm/` (default: `resources/models`). */
  modelsDir?: string;
  /** Number of workers (default 2: this product's PCs have two cores). */
  workers?: number;
  /** Chunk length of the analysis, in s (default CHUNK_CONFIG.chunkS; tests use short chunks to cut small records); the results do not depend on it. */
  chunkS?: number;
}

/**
 * Where analyses run, away from the process that serves the UI: a
 * `worker_threads` pool under serve, the CLI and tests, an Electron utility
 * process in the app. Core code sees only this interface; main only relays
 * requests and progress.
 */
export interface AnalysisEngine {
  /**
   * Starts the workers if needed and reports what they loaded.
   * @throws Error when no backend or model can be loaded (its message names the folder)
   */
  info(): Promise<EngineInfo>;
  /**
   * Analyses one record and stores the results in `task.analysisId`.
   * @returns a summary of what was stored
   * @throws WfdbError naming the file when the record cannot be read; Error
   *   named 'AbortError' when cancelled; Error with the worker's message otherwise
   */
  analyze(task: AnalysisTask, hooks?: AnalyzeHooks): Promise<AnalysisSummary>;
  /**
   * Runs a retraining task in one worker (never the serving thread; see runRetrainTask): fine-tunes
   * the beat model from reviewed labels and writes the new version's folder, or compares versions.
   * @returns the task's result (what was trained on and measured; the comparison)
   * @throws RangeError when there is no reviewed beat; Error named 'AbortError' when cancelled
   */
  retrain<T extends RetrainTask>(task: T, hooks?: FineTuneEngineHooks): Promise<RetrainResult<T['kind']>>;
  /** Stops the workers (running analyses reject). */
  close(): Promise<void>;
}
