import { randomUUID } from 'node:crypto';
import type { EventName, Events, RhythmHead } from '../../../shared/api';
import type { AnalysisEngine } from '../engine/analysis-engine';
import { ConflictError, type ReviewStore } from '../store/review-store';
import type { BeatValidation, FineTuneHyperParameters, FineTuneProgress } from './fine-tune-beats';
import type { RhythmValidation } from './fine-tune-rhythm';
import type { LabelValidation } from './run-fine-tune-multi-label';
import type { ModelKind } from './model-versions';
import type { RhythmVersionComparison } from './compare-rhythm-versions';
import type { ComparedModel, VersionComparison } from './compare-versions';
import type { ModelVersions } from './model-versions';

/** Longest gap between two `retrain:progress` events within an epoch, in ms. */
const PROGRESS_INTERVAL_MS = 200;

/** What `retrain:start` asks for. */
export interface FineTuneRequest {
  reviewer: string;
  /** the model to fine-tune (default the beat model) */
  model?: ModelKind;
  /** rhythm model only: the head ('single-label' when absent; 'multi-label': the xECGNet option) */
  rhythmHead?: RhythmHead;
  includeModelLabels: boolean;
  hyperParameters: Partial<FineTuneHyperParameters>;
}

/** What `retrain:compare` asks for. */
export interface CompareRequest {
  /** stored versions to score */
  versionIds: number[];
  /** score the shipped model too */
  shipped: boolean;
  /** the held-out reviewed cases (default: every reviewed or signed case) */
  recordIds?: number[];
  /** score on the MIT-BIH DS2 records too (from the replay data folder) */
  ds2: boolean;
}

/** Options of {@link FineTuneJobs}. */
export interface FineTuneJobsOptions {
  engine: AnalysisEngine;
  store: ReviewStore;
  versions: ModelVersions;
  emit: <E extends EventName>(event: E, payload: Events[E]) => void;
  log: (line: string) => void;
  /** folder of the base model's training records (mitdb) for the replay sample and the DS2 comparison (null: neither) */
  replayDataDir: string | null;
  /** the unpacked PhysioNet/CinC 2017 set whose train split the rhythm runs replay (null or absent: no rhythm replay) */
  rhythmReplayDataDir?: string | null;
}

/**
 * The fine-tuning runs of one app process: at most one at a time, each an engine task (it trains in
 * a worker, never on the serving thread), started from the active beat or rhythm model, with
 * `retrain:progress` events (throttled) and one `retrain:done` (the multi-label rhythm option starts
 * from the active multi-label version, else the shipped multi-label model: ModelVersions.multiLabelBase); a finished run becomes a stored
 * model version (not active until `retrain:activate`). Runs live in memory: a run cut by the
 * process's end leaves no version and only a temporary folder that the next start removes.
 */
export class FineTuneJobs {
  private current: { jobId: string; controller: AbortController; done: Promise<void> } | null = null;

  constructor(private readonly options: FineTuneJobsOptions) {}

  /**
   * Starts a run.
   * @returns its job id
   * @throws ConflictError when a run is going on already
   */
  start(request: FineTuneRequest): string {
    if (this.current) throw new ConflictError(`fine-tuning job ${this.current.jobId} is running; cancel it or wait for it to end`);
    const { engine, store, versions, emit, log, replayDataDir } = this.options;
    const kind = request.model ?? 'beats';
    const multiLabel = kind === 'rhythm' && request.rhythmHead === 'multi-label';
    const jobId = randomUUID();
    const controller = new AbortController();
    const base = multiLabel ? versions.multiLabelBase() : versions.activeModel(kind);
    const next = versions.nextVersion(kind, base);
    let lastEmit = 0;
    const onProgress = (p: FineTuneProgress): void => {
      const now = performance.now();
      if (p.batch < p.batches && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      const fraction = ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches);
      const rhythm = p.model === 'rhythm';
      emit('retrain:progress', {
        jobId,
        ...p,
        validation: rhythm ? null : (p.validation as BeatValidation | null),
        rhythmValidation: rhythm && !multiLabel ? (p.validation as RhythmValidation | null) : null,
        labelValidation: multiLabel ? (p.validation as unknown as LabelValidation | null) : null,
        loss: Math.max(0, p.loss),
        fraction,
      });
    };
    log(
      `fine-tuning ${kind} model ${next.version}${multiLabel ? ' (multi-label)' : ''} from ${base.model.version} started by ${request.reviewer}`,
    );
    const common = {
      databasePath: store.path,
      baseModelDir: base.dir,
      outDir: next.dir,
      version: next.version,
      includeModelLabels: request.includeModelLabels,
      hyperParameters: request.hyperParameters,
    };
    const hooks = { signal: controller.signal, onProgress };
    const run =
      kind === 'beats'
        ? engine.retrain({ kind: 'beats', ...common, replayDataDir }, hooks)
        : multiLabel
          ? engine.retrain({ kind: 'rhythm', head: 'multi-label', ...common, replayDataDir }, hooks)
          : engine.retrain({ kind: 'rhythm', ...common, replayDataDir: this.options.rhythmReplayDataDir ?? null }, hooks);
    const done = (run as Promise<Parameters<ModelVersions['add']>[0]>)
      .then(
        (summary) => {
          const row = versions.add(summary, next.version, next.parentId, request.reviewer, kind);
          log(`fine-tuned ${row.version} in ${summary.seconds.toFixed(0)} s (${summary.scope}, ${summary.backend.name})`);
          emit('retrain:done', { jobId, state: 'done', error: null, versionId: row.versionId });
        },
        (error: unknown) => {
          const cancelled = error instanceof Error && error.name === 'AbortError';
          const message = error instanceof Error ? error.message : String(error);
          log(cancelled ? `fine-tuning ${next.version} cancelled` : `fine-tuning ${next.version} failed: ${message}`);
          emit('retrain:done', { jobId, state: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message, versionId: null });
        },
      )
      .finally(() => {
        this.current = null;
      });
    this.current = { jobId, controller, done };
    return jobId;
  }

  /**
   * Scores versions side by side on held-out reviewed cases and, when asked, on DS2 (an engine task,
   * in a worker; see compareVersions). Runs beside a fine-tuning run or analyses.
   * @returns the comparison, models in the order shipped (when asked), then `versionIds`
   * @throws NotFoundError for an unknown version; RangeError when no model is named
   */
  compare(request: CompareRequest): Promise<VersionComparison> {
    const { engine, store, replayDataDir } = this.options;
    const models = this.comparedModels('beats', request, 'retrain:compare');
    if (models.length === 0) return Promise.reject(new RangeError('retrain:compare: name at least one version or the shipped model'));
    return engine.retrain({
      kind: 'compare',
      databasePath: store.path,
      models,
      recordIds: request.recordIds,
      ds2Dir: request.ds2 ? replayDataDir : null,
    });
  }

  /**
   * Scores rhythm versions side by side on the windows of held-out reviewed cases and, when asked
   * (`ds2` here meaning the Challenge set), on the PhysioNet 2017 validation split (an engine task;
   * see compareRhythmVersions).
   * @returns the comparison, models in the order shipped (when asked), then `versionIds`
   * @throws NotFoundError for an unknown version; RangeError when no model is named or a version is not a rhythm model
   */
  compareRhythm(request: CompareRequest): Promise<RhythmVersionComparison> {
    const { engine, store } = this.options;
    const models = this.comparedModels('rhythm', request, 'retrain:compare-rhythm');
    if (models.length === 0)
      return Promise.reject(new RangeError('retrain:compare-rhythm: name at least one version or the shipped model'));
    return engine.retrain({
      kind: 'compare-rhythm',
      databasePath: store.path,
      models,
      recordIds: request.recordIds,
      challengeDir: request.ds2 ? (this.options.rhythmReplayDataDir ?? null) : null,
    });
  }

  /** The shipped model (when asked) and the named versions of a kind, with the cases each learnt from. */
  private comparedModels(kind: ModelKind, request: CompareRequest, method: string): ComparedModel[] {
    const { versions } = this.options;
    const stored = request.versionIds.map((id) => versions.get(id));
    const wrong = stored.find((row) => row.kind !== kind);
    if (wrong) throw new RangeError(`${method}: version ${wrong.version} is a ${wrong.kind} model`);
    return [
      ...(request.shipped
        ? [{ versionId: null, version: versions.shippedVersion(kind).version, dir: versions.shippedDir(kind), trainedOn: [] }]
        : []),
      ...stored.map((row) => ({
        versionId: row.versionId,
        version: row.version,
        dir: row.dir,
        trainedOn: versions.trainedOn(row.versionId),
      })),
    ];
  }

  /** @returns whether `jobId` was the running run (it then stops between batches and ends 'cancelled') */
  cancel(jobId: string): boolean {
    if (this.current?.jobId !== jobId) return false;
    this.current.controller.abort();
    return true;
  }

  /** Cancels the running run, if any, and waits for it to end. */
  async stop(): Promise<void> {
    const running = this.current;
    if (!running) return;
    running.controller.abort();
    await running.done;
  }
}
