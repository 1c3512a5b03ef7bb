import type { BackendInfo } from '../ml/backend';
import type { ReviewStore } from '../store/review-store';
import { compareRhythmVersions, type CompareRhythmTask, type RhythmVersionComparison } from './compare-rhythm-versions';
import { compareVersions, type CompareTask, type VersionComparison } from './compare-versions';
import { runFineTune, type FineTuneHooks, type FineTuneSummary, type FineTuneTask } from './run-fine-tune';
import { runFineTuneMultiLabel, type MultiLabelRhythmSummary } from './run-fine-tune-multi-label';
import { runFineTuneRhythm, type RhythmFineTuneSummary, type RhythmFineTuneTask } from './run-fine-tune-rhythm';

/** A retraining task the engine runs in a worker: a beat or rhythm fine-tuning run or a comparison of versions. */
export type RetrainTask = FineTuneTask | RhythmFineTuneTask | CompareTask | CompareRhythmTask;

/** The result of each kind of retraining task. */
export interface RetrainResults {
  beats: FineTuneSummary;
  rhythm: RhythmFineTuneSummary | MultiLabelRhythmSummary;
  compare: VersionComparison;
  'compare-rhythm': RhythmVersionComparison;
}

/** The result of a retraining task of kind `K`. */
export type RetrainResult<K extends RetrainTask['kind'] = RetrainTask['kind']> = RetrainResults[K];

/**
 * Runs one retraining task in the calling thread (an engine worker): fine-tuning of the beat model
 * (runFineTune) or of the rhythm model (runFineTuneRhythm; with `head` 'multi-label', runFineTuneMultiLabel), or a comparison of beat (compareVersions) or rhythm versions (compareRhythmVersions), with the same cancellation and progress hooks.
 * @param task - the task
 * @param store - an open connection to `task.databasePath`
 * @param backend - the backend this thread initialised
 * @param hooks - cancellation and (fine-tuning) progress
 * @returns the task's result
 * @throws what the task throws (Error named 'AbortError' when cancelled)
 */
export function runRetrainTask(
  task: RetrainTask,
  store: ReviewStore,
  backend: BackendInfo,
  hooks: FineTuneHooks = {},
): Promise<RetrainResult> {
  switch (task.kind) {
    case 'beats':
      return runFineTune(task, store, backend, hooks);
    case 'rhythm':
      return task.head === 'multi-label'
        ? runFineTuneMultiLabel(task, store, backend, hooks as Parameters<typeof runFineTuneMultiLabel>[3])
        : runFineTuneRhythm(task, store, backend, hooks);
    case 'compare':
      return compareVersions(task, store, hooks);
    case 'compare-rhythm':
      return compareRhythmVersions(task, store, hooks);
  }
}
