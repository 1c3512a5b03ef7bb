import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RhythmHead } from '../../../shared/api';
import type { BackendInfo } from '../ml/backend';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import type { ReviewStore } from '../store/review-store';
import type { FineTuneProgress } from './fine-tune-beats';
import {
  fineTuneRhythmModel,
  RHYTHM_FINE_TUNE_CONFIG,
  type RhythmFineTuneHyperParameters,
  type RhythmFineTuneOutcome,
  type RhythmValidation,
} from './fine-tune-rhythm';
import { collectRhythmDataset, type RhythmCounts } from './rhythm-dataset';
import { caseRhythmExamples, concatRhythmExamples, rhythmExampleCount } from './rhythm-examples';
import { rhythmReplaySample } from './rhythm-replay-sample';
import { fineTuneAbortError } from './train-batches';
import type { FineTuneTaskBase } from './fine-tune-task-base';

/** One rhythm fine-tuning run as the engine receives it (plain data: it crosses a thread or process). */
export interface RhythmFineTuneTask extends FineTuneTaskBase {
  kind: 'rhythm';
  /** the unpacked PhysioNet/CinC 2017 set (its train split is replayed; multi-label: the MIT-BIH folder), or null for no replay */
  replayDataDir: string | null;
  hyperParameters: Partial<RhythmFineTuneHyperParameters>;
  /**
   * 'single-label' (absent: the same): the CinC 2017 softmax (runFineTuneRhythm); 'multi-label': the xECGNet
   * option (runFineTuneMultiLabel; `baseModelDir` a multi-label model, `replayDataDir` the MIT-BIH folder, and
   * `hyperParameters` those of MultiLabelRunHyperParameters)
   */
  head?: RhythmHead;
}

/** What a rhythm run returns: the outcome and the data it used. */
export interface RhythmFineTuneSummary extends RhythmFineTuneOutcome {
  /** the reviewed cases used: id, name, training windows per class */
  cases: { recordId: number; recordName: string; classCounts: RhythmCounts }[];
  reviewers: string[];
  replay: { records: string[]; windows: number } | { reason: string };
}

/**
 * Runs one fine-tuning of the rhythm model end to end, in the thread that calls it (an engine
 * worker): gathers the reviewed rhythm episodes' 30 s windows from the database
 * (collectRhythmDataset, with the base model's window length), builds their model inputs from the
 * records on disk (caseRhythmExamples), draws the replay sample of round(replayRatio × reviewed
 * windows) from the PhysioNet 2017 train split when `replayDataDir` is given (else says why there is
 * none), and fine-tunes (fineTuneRhythmModel), which writes the new folder atomically.
 * @param task - the run
 * @param store - an open connection to `task.databasePath`
 * @param backend - the backend this thread initialised
 * @param hooks - cancellation and progress
 * @returns the outcome with the data used
 * @throws RangeError when no reviewed window is available; WfdbError naming a record that cannot be
 *   read; Error named 'AbortError' when cancelled
 */
export async function runFineTuneRhythm(
  task: RhythmFineTuneTask,
  store: ReviewStore,
  backend: BackendInfo,
  hooks: { signal?: AbortSignal; onProgress?: (progress: FineTuneProgress<RhythmValidation>) => void } = {},
): Promise<RhythmFineTuneSummary> {
  const meta = JSON.parse(readFileSync(join(task.baseModelDir, 'meta.json'), 'utf8')) as RhythmModelMeta;
  const dataset = collectRhythmDataset(store, {
    windowS: meta.windowS,
    includeModelLabels: task.includeModelLabels,
    recordIds: task.recordIds,
  });
  const used = dataset.cases.filter((c) => c.windows.length > 0);
  if (used.length === 0)
    throw new RangeError(
      `rhythm fine-tuning: no reviewed or signed case has a confirmed or corrected rhythm episode of ${meta.windowS} s or more yet`,
    );
  const reviewed = concatRhythmExamples(used.map((c) => caseRhythmExamples(c, meta)));
  if (hooks.signal?.aborted) throw fineTuneAbortError();
  const ratio = task.hyperParameters.replayRatio ?? RHYTHM_FINE_TUNE_CONFIG.replayRatio;
  const replay =
    task.replayDataDir === null
      ? ({ examples: null, reason: 'no PhysioNet 2017 data folder configured' } as const)
      : rhythmReplaySample(
          task.replayDataDir,
          meta,
          Math.round(ratio * rhythmExampleCount(reviewed)),
          task.hyperParameters.seed ?? RHYTHM_FINE_TUNE_CONFIG.seed,
        );
  const reviewers = [
    ...new Set(used.flatMap((c) => c.episodes.flatMap((e) => (e.reviewer === null || e.windows === 0 ? [] : [e.reviewer])))),
  ].sort();
  const cases = used.map((c) => ({ recordId: c.recordId, recordName: c.recordName, classCounts: c.classCounts }));
  const outcome = await fineTuneRhythmModel({
    baseModelDir: task.baseModelDir,
    outDir: task.outDir,
    version: task.version,
    reviewed,
    replay: replay.examples,
    replayNote: replay.examples === null ? replay.reason : null,
    backend,
    hyperParameters: task.hyperParameters,
    dataProvenance: {
      cases,
      reviewers,
      includeModelLabels: task.includeModelLabels,
      episodes: used.flatMap((c) =>
        c.episodes.map((e) => ({
          recordId: c.recordId,
          episodeId: e.episodeId,
          code: e.code,
          label: e.label,
          windows: e.windows,
          reviewer: e.reviewer,
          at: e.at,
        })),
      ),
      labelMapping: 'MIT rhythm code → CinC 2017 class: N → N, AFIB → A, NOISE → ~, every other MIT rhythm → O (rhythm-training-label.ts)',
      replayRecords: replay.examples ? replay.records : [],
    },
    onProgress: hooks.onProgress,
    signal: hooks.signal,
  });
  return {
    ...outcome,
    cases,
    reviewers,
    replay: replay.examples ? { records: replay.records, windows: rhythmExampleCount(replay.examples) } : { reason: replay.reason },
  };
}
