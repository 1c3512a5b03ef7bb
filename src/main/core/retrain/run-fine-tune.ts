import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ClassCounts } from '../../../shared/api';
import { parseBeatModelMeta } from '../beats/beat-model-meta';
import type { BackendInfo } from '../ml/backend';
import type { ReviewStore } from '../store/review-store';
import { caseExamples, concatExamples, exampleCount } from './beat-examples';
import {
  FINE_TUNE_CONFIG,
  fineTuneBeatModel,
  type FineTuneHyperParameters,
  type FineTuneOutcome,
  type FineTuneProgress,
} from './fine-tune-beats';
import { replaySample } from './replay-sample';
import { collectReviewDataset } from './review-dataset';
import type { FineTuneTaskBase } from './fine-tune-task-base';

/** One fine-tuning run as the engine receives it (plain data: it crosses a thread or process). */
export interface FineTuneTask extends FineTuneTaskBase {
  kind: 'beats';
  /** folder of the base model's training records (mitdb), or null for no replay */
  replayDataDir: string | null;
  hyperParameters: Partial<FineTuneHyperParameters>;
}

/** What a run returns: the outcome and the data it used. */
export interface FineTuneSummary extends FineTuneOutcome {
  /** the reviewed cases used: id, name, training beats per class */
  cases: { recordId: number; recordName: string; classCounts: ClassCounts }[];
  /** the reviewers whose labels were used */
  reviewers: string[];
  /** replay: the records and beats mixed in, or why none */
  replay: { records: string[]; beats: number } | { reason: string };
}

/** Hooks of a run. */
export interface FineTuneHooks {
  signal?: AbortSignal;
  onProgress?: (progress: FineTuneProgress) => void;
}

/**
 * Runs one fine-tuning of the beat model end to end, in the thread that calls it (an engine worker):
 * gathers the reviewed beats from the database (collectReviewDataset), builds their model inputs from
 * the records on disk (caseExamples), draws the replay sample of round(replayRatio × reviewed beats)
 * from the base model's training records when `replayDataDir` is given and present (else says why
 * there is none), and fine-tunes (fineTuneBeatModel), which writes the new folder atomically.
 * @param task - the run
 * @param store - an open connection to `task.databasePath`
 * @param backend - the backend this thread initialised
 * @param hooks - cancellation and progress
 * @returns the outcome with the data used
 * @throws RangeError when no reviewed beat is available; WfdbError naming a record that cannot be
 *   read; Error named 'AbortError' when cancelled
 */
export async function runFineTune(
  task: FineTuneTask,
  store: ReviewStore,
  backend: BackendInfo,
  hooks: FineTuneHooks = {},
): Promise<FineTuneSummary> {
  const metaPath = join(task.baseModelDir, 'meta.json');
  const meta = parseBeatModelMeta(JSON.parse(readFileSync(metaPath, 'utf8')), metaPath);
  const dataset = collectReviewDataset(store, { includeModelLabels: task.includeModelLabels, recordIds: task.recordIds });
  const used = dataset.cases.filter((c) => c.beats.length > 0);
  if (used.length === 0) throw new RangeError('fine-tuning: no reviewed or signed case has a confirmed or corrected beat label yet');
  const reviewed = concatExamples(used.map((c) => caseExamples(c, meta)));
  if (hooks.signal?.aborted) throw Object.assign(new Error('fine-tuning cancelled'), { name: 'AbortError' });
  const ratio = task.hyperParameters.replayRatio ?? FINE_TUNE_CONFIG.replayRatio;
  const replay =
    task.replayDataDir === null
      ? ({ examples: null, reason: 'no replay data folder configured' } as const)
      : replaySample(
          task.replayDataDir,
          meta,
          Math.round(ratio * exampleCount(reviewed)),
          task.hyperParameters.seed ?? FINE_TUNE_CONFIG.seed,
        );
  const reviewers = [...new Set(used.flatMap((c) => c.beats.flatMap((b) => (b.reviewer === null ? [] : [b.reviewer]))))].sort();
  const cases = used.map((c) => ({ recordId: c.recordId, recordName: c.recordName, classCounts: c.classCounts }));
  const outcome = await fineTuneBeatModel({
    baseModelDir: task.baseModelDir,
    outDir: task.outDir,
    version: task.version,
    reviewed,
    replay: replay.examples,
    replayNote: replay.examples === null ? replay.reason : null,
    backend,
    hyperParameters: task.hyperParameters,
    dataProvenance: { cases, reviewers, includeModelLabels: task.includeModelLabels, replayRecords: replay.examples ? replay.records : [] },
    onProgress: hooks.onProgress,
    signal: hooks.signal,
  });
  return {
    ...outcome,
    cases,
    reviewers,
    replay: replay.examples ? { records: replay.records, beats: exampleCount(replay.examples) } : { reason: replay.reason },
  };
}
