import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendInfo } from '../ml/backend';
import { seededRandom } from '../ml/seeded-random';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import type { ReviewStore } from '../store/review-store';
import type { FineTuneProgress } from './fine-tune-beats';
import { fineTuningMeta, type FineTuneOutcome } from './fine-tune-outcome';
import { fineTuneMultiLabel, MULTI_LABEL_FINE_TUNE_CONFIG, type MultiLabelHyperParameters } from './fine-tune-multi-label';
import { RHYTHM_FINE_TUNE_CONFIG } from './fine-tune-rhythm';
import { concatMultiLabelExamples, multiLabelExamples, pickMultiLabelExamples, type MultiLabelExamples } from './multi-label-examples';
import type { MultiLabelMetrics } from './multi-label-metrics';
import { emptyLabelCounts, REVIEW_KNOWN_LABELS, reviewedLabelSets, type LabelCounts } from './reviewed-label-sets';
import { collectRhythmDataset, emptyRhythmCounts, type RhythmCounts } from './rhythm-dataset';
import { caseRhythmExamples } from './rhythm-examples';
import type { RhythmFineTuneTask } from './run-fine-tune-rhythm';
import { splitValidation } from './split-validation';
import { fineTuneAbortError } from './train-batches';
import { MULTI_LABELS, primaryLabel, WINDOW_LABEL_RULES, type MultiLabel } from './window-label-set';
import { writeModelFolder } from './write-model-folder';

/** Held-out scores of a multi-label run: subset accuracy, per-label and macro F1 over MULTI_LABELS. */
export type LabelValidation = MultiLabelMetrics<MultiLabel>;

/** Hyper-parameters of an in-app multi-label run: the multi-label training's plus the replay ratio and held-out share. */
export type MultiLabelRunHyperParameters = MultiLabelHyperParameters & { replayRatio: number; validationFraction: number };

/** What a multi-label rhythm run returns: the outcome, the data it used, and `head` saying what it is. */
export interface MultiLabelRhythmSummary extends FineTuneOutcome<MultiLabelRunHyperParameters, LabelCounts, LabelValidation> {
  head: 'multi-label';
  /** the label names, in output order */
  labels: readonly MultiLabel[];
  /** the epoch whose weights were kept (best held-out macro F1) */
  bestEpoch: number;
  /** the reviewed cases used: id, name, windows per label and per CinC 2017 class of their episodes (NOISE windows out) */
  cases: { recordId: number; recordName: string; labelCounts: LabelCounts; classCounts: RhythmCounts }[];
  reviewers: string[];
  replay: { records: string[]; windows: number } | { reason: string };
}

/** Windows per label of a set. */
function labelCounts(examples: MultiLabelExamples): LabelCounts {
  const counts = emptyLabelCounts();
  const k = MULTI_LABELS.length;
  examples.labelSets.forEach((v, i) => (counts[MULTI_LABELS[i % k] as MultiLabel] += v));
  return counts;
}

/** `take` windows of a set spread evenly over it from a seeded offset (all when it has no more). */
function spreadSample(examples: MultiLabelExamples, take: number, random: () => number): MultiLabelExamples {
  const n = examples.labels.length;
  const offset = random();
  const indices = n <= take ? [...Array(n).keys()] : Array.from({ length: take }, (_, j) => Math.floor(((j + offset) * n) / take));
  return pickMultiLabelExamples(examples, indices);
}

/**
 * Runs one multi-label (xECGNet) fine-tuning of the rhythm model end to end, in an engine worker:
 * gathers the reviewed rhythm episodes' 30 s windows (collectRhythmDataset, as the single-label job),
 * labels each with its label set from the review (reviewedLabelSets: AF from the episode, PVC and
 * PAC from the window's beats; NOISE windows out), holds out `validationFraction` of them per primary
 * label (splitValidation) to score every epoch, draws a replay sample of round(replayRatio ×
 * reviewed training windows) from the base model's own MIT-BIH training records (meta.json
 * `split.train`, read from `replayDataDir` and labelled from their reference annotations by the same
 * rules, multiLabelExamples) when that folder holds them, and fine-tunes (fineTuneMultiLabel) keeping
 * the base model's sigmoid head; the bundle branch blocks, which the review cannot tell, are left out
 * of the loss of every window (REVIEW_KNOWN_LABELS). The new folder (meta.json with `output`, the
 * labels, the label rules and the `fineTuning` record) is written atomically, so a cancelled or failed
 * run leaves none.
 * @param task - the run; `baseModelDir` must be a multi-label model (meta.json `output.activation` 'sigmoid')
 * @param store - an open connection to `task.databasePath`
 * @param backend - the backend this thread initialised (native: whole model; wasm: BiLSTM, attention and head)
 * @param hooks - cancellation and progress
 * @returns the outcome with the data used
 * @throws RangeError when no reviewed window is available or a hyper-parameter is out of bounds; Error
 *   naming the meta.json when the base model is not a multi-label model; WfdbError naming a record that
 *   cannot be read; Error named 'AbortError' when cancelled
 */
export async function runFineTuneMultiLabel(
  task: RhythmFineTuneTask,
  store: ReviewStore,
  backend: BackendInfo,
  hooks: { signal?: AbortSignal; onProgress?: (progress: FineTuneProgress<LabelValidation>) => void } = {},
): Promise<MultiLabelRhythmSummary> {
  const started = performance.now();
  const metaPath = join(task.baseModelDir, 'meta.json');
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as RhythmModelMeta & Record<string, unknown>;
  const output = meta.output as { activation?: string } | undefined;
  if (output?.activation !== 'sigmoid' || meta.labels.length !== MULTI_LABELS.length)
    throw new Error(`${metaPath}: not a multi-label rhythm model (output.activation 'sigmoid' over ${MULTI_LABELS.join(', ')})`);
  const given = task.hyperParameters as Partial<MultiLabelRunHyperParameters>;
  const replayRatio = given.replayRatio ?? RHYTHM_FINE_TUNE_CONFIG.replayRatio;
  const validationFraction = given.validationFraction ?? RHYTHM_FINE_TUNE_CONFIG.validationFraction;
  const seed = given.seed ?? MULTI_LABEL_FINE_TUNE_CONFIG.seed;
  const dataset = collectRhythmDataset(store, {
    windowS: meta.windowS,
    includeModelLabels: task.includeModelLabels,
    recordIds: task.recordIds,
  });
  const labelled = dataset.cases.map((c) => ({ c, sets: reviewedLabelSets(store, c, Math.round(meta.windowS * c.fsHz)) }));
  const used = labelled.filter(({ sets }) => sets.windows.length > 0);
  if (used.length === 0)
    throw new RangeError(
      `multi-label rhythm fine-tuning: no reviewed or signed case has a confirmed or corrected rhythm episode (other than noise) of ${meta.windowS} s or more yet`,
    );
  const k = MULTI_LABELS.length;
  const parts = used.map(({ c, sets }): MultiLabelExamples => {
    const windows = caseRhythmExamples({ ...c, windows: sets.windows }, meta);
    const primary = Uint8Array.from({ length: sets.windows.length }, (_, i) => primaryLabel(sets.labelSets.subarray(i * k, (i + 1) * k)));
    return { windows: windows.windows, labels: primary, labelSets: sets.labelSets, records: sets.windows.map(() => c.recordName) };
  });
  const reviewed = concatMultiLabelExamples(parts);
  if (hooks.signal?.aborted) throw fineTuneAbortError();
  const random = seededRandom(seed);
  const split = splitValidation(reviewed.labels, k, validationFraction, random);
  const reviewedTrain = pickMultiLabelExamples(reviewed, split.train);
  const validation = pickMultiLabelExamples(reviewed, split.validation);
  const trainRecords = (meta.split?.train as string[] | undefined) ?? [];
  const replayCount = Math.round(replayRatio * reviewedTrain.labels.length);
  const missing =
    task.replayDataDir === null ? [] : trainRecords.filter((r) => !existsSync(join(task.replayDataDir as string, `${r}.hea`)));
  const replay =
    replayCount === 0
      ? ({ examples: null, reason: 'replay ratio 0' } as const)
      : task.replayDataDir === null
        ? ({ examples: null, reason: 'no MIT-BIH data folder configured' } as const)
        : trainRecords.length === 0 || missing.length > 0
          ? ({
              examples: null,
              reason: `the base model's training records are not all in ${task.replayDataDir} (missing ${missing.join(', ') || 'split.train'})`,
            } as const)
          : ({
              examples: spreadSample(multiLabelExamples(task.replayDataDir, trainRecords, meta, meta.windowS), replayCount, random),
              records: trainRecords,
            } as const);
  if (hooks.signal?.aborted) throw fineTuneAbortError();
  const train = concatMultiLabelExamples(replay.examples ? [reviewedTrain, replay.examples] : [reviewedTrain]);
  const { replayRatio: _r, validationFraction: _v, ...multiHyper } = given;
  const outcome = await fineTuneMultiLabel({
    baseModelDir: task.baseModelDir,
    mode: 'multi-label',
    labels: MULTI_LABELS,
    train,
    tune: validation.labels.length > 0 ? validation : null,
    keepHead: true,
    knownLabels: REVIEW_KNOWN_LABELS,
    backend,
    hyperParameters: { ...multiHyper, seed },
    onProgress: hooks.onProgress,
    signal: hooks.signal,
  });
  const reviewers = [
    ...new Set(used.flatMap(({ c }) => c.episodes.flatMap((e) => (e.reviewer === null || e.windows === 0 ? [] : [e.reviewer])))),
  ].sort();
  const cases = used.map(({ c, sets }) => {
    const classCounts = emptyRhythmCounts();
    for (const w of sets.windows) classCounts[w.label]++;
    return { recordId: c.recordId, recordName: c.recordName, labelCounts: sets.counts, classCounts };
  });
  const summary: MultiLabelRhythmSummary = {
    head: 'multi-label',
    labels: MULTI_LABELS,
    bestEpoch: outcome.bestEpoch,
    modelDir: task.outDir,
    scope: outcome.scope,
    scopeReason: outcome.scopeReason,
    frozenLayers: outcome.frozenLayers,
    backend: { name: backend.name, package: backend.package, tfVersion: backend.tfVersion },
    hyperParameters: { ...outcome.hyperParameters, replayRatio, validationFraction },
    trainCounts: { reviewed: labelCounts(reviewedTrain), replay: replay.examples ? labelCounts(replay.examples) : emptyLabelCounts() },
    validationCounts: labelCounts(validation),
    before: outcome.before,
    history: outcome.history,
    parentVersion: meta.version,
    seconds: (performance.now() - started) / 1000,
    cases,
    reviewers,
    replay: replay.examples ? { records: replay.records, windows: replay.examples.labels.length } : { reason: replay.reason },
  };
  try {
    await writeModelFolder(outcome.model, task.outDir, {
      ...meta,
      version: task.version,
      created: new Date().toISOString(),
      output: { activation: 'sigmoid', decision: outcome.decision },
      labels: MULTI_LABELS.map((label) => ({ label })),
      labelRules: {
        ...WINDOW_LABEL_RULES,
        fromReview: 'reviewed-label-sets.ts: AF from the episode, PVC/PAC from its beats; LBBB/RBBB unknown',
      },
      fineTuning: {
        ...fineTuningMeta(
          summary,
          {
            baseModelDir: task.baseModelDir,
            replay: replay.examples,
            replayNote: replay.examples ? null : replay.reason,
            dataProvenance: { cases, reviewers, includeModelLabels: task.includeModelLabels },
          },
          'multi-label (xECGNet) fine-tuning on reviewed rhythm episodes and their beats (src/main/core/retrain/run-fine-tune-multi-label.ts)',
        ),
        bestEpoch: outcome.bestEpoch,
        lossWeights: outcome.lossWeights,
        knownLabels: MULTI_LABELS.filter((_, j) => REVIEW_KNOWN_LABELS[j]),
      },
    });
  } finally {
    outcome.model.dispose();
  }
  return summary;
}
