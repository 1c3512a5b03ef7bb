import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { classWeights } from '../beats/class-weights';
import { getTf, type BackendInfo } from '../ml/backend';
import { loadLayersModel } from '../ml/load-model';
import { seededRandom } from '../ml/seeded-random';
import '../rhythm/multi-head-self-attention';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import { combinationMeanMaps, combinationTargets, labelCombinationKeys } from './attention-reference-maps';
import type { FineTuneProgress } from './fine-tune-beats';
import { resolveHyperParameters, type HyperParameterBounds } from './hyper-parameters';
import { withLabelHead } from './label-head-model';
import type { MultiLabelExamples } from './multi-label-examples';
import { multiLabelLosses } from './multi-label-loss';
import { multiLabelMetrics, type MultiLabelMetrics } from './multi-label-metrics';
import { predictLabelSets, type LabelDecision } from './predict-label-sets';
import type { TrainableScope } from './fine-tune-outcome';
import { rhythmTrainableScope } from './fine-tune-rhythm';
import { rhythmWindowSamples } from './rhythm-examples';
import { splitAtRecurrent } from './split-at-recurrent';
import { trainBatches, type TrainedEpoch } from './train-batches';
import { weightedCrossEntropy } from './weighted-cross-entropy';

/** Defaults of a multi-label (or single-label comparison) fine-tuning of the rhythm network. */
export const MULTI_LABEL_FINE_TUNE_CONFIG = Object.freeze({
  /** passes over the training windows (the held-out macro F1 picks the best of them) */
  epochs: 3,
  batchSize: 32,
  /** Adam step size: between the base training's first (1e-3) and last (1e-4), as the head starts from scratch */
  learningRate: 5e-4,
  /** λ of the attention regulariser (multiLabelLosses; 0: binary cross-entropy alone) */
  lambda: 1,
  /** label weight min(cap, (n_neg / n_pos)^power) of each positive term; for single-label the class weight min(cap, (n_Normal / n_c)^power) */
  weightPower: 0.5,
  weightCap: 10,
  /** a sigmoid output at or above this calls its label */
  threshold: 0.5,
  seed: 17,
});

/** Hyper-parameters of one run. */
export type MultiLabelHyperParameters = { -readonly [K in keyof typeof MULTI_LABEL_FINE_TUNE_CONFIG]: number };

/** Bounds of the hyper-parameters a caller may set (they bound a run's cost). */
const MULTI_LABEL_BOUNDS: HyperParameterBounds = Object.freeze({
  epochs: { min: 1, max: 50 },
  batchSize: { min: 4, max: 256 },
  learningRate: { min: 1e-6, max: 1e-2 },
  lambda: { min: 0, max: 100 },
  threshold: { min: 0.01, max: 0.99 },
});

/** Which head is trained: K sigmoid outputs on label sets, or a K-way softmax on each window's primary label. */
export type LabelHeadMode = 'multi-label' | 'single-label';

/** Input of {@link fineTuneMultiLabel}. */
export interface MultiLabelFineTuneInput<L extends string> {
  /** folder of the rhythm model to start from (its softmax head is replaced) */
  baseModelDir: string;
  mode: LabelHeadMode;
  /** label names, in column order of the examples' label sets */
  labels: readonly L[];
  train: MultiLabelExamples;
  /** keep the base model's head (it is already a `labels.length`-way sigmoid head, e.g. a multi-label version) instead of a new one */
  keepHead?: boolean;
  /** whether each label's target is known in the training data (multiLabelLosses `knownLabels`; default: all) */
  knownLabels?: readonly boolean[];
  /** held-out windows (other patients) scored every epoch; null: the last epoch is kept */
  tune: MultiLabelExamples | null;
  backend: BackendInfo;
  hyperParameters?: Partial<MultiLabelHyperParameters>;
  onProgress?: (progress: FineTuneProgress<MultiLabelMetrics<L>>) => void;
  signal?: AbortSignal;
}

/** What a run trained and measured. */
export interface MultiLabelFineTuneOutcome<L extends string> {
  /** inputs → [label probabilities, attention], with the weights of `bestEpoch` */
  model: tfType.LayersModel;
  /** how its outputs become label sets */
  decision: LabelDecision;
  /** which layers were trained (rhythmTrainableScope), why, and the names of the frozen ones */
  scope: TrainableScope;
  scopeReason: string;
  frozenLayers: string[];
  hyperParameters: MultiLabelHyperParameters;
  /** the positive weights (multi-label) or class weights (single-label) used */
  lossWeights: number[];
  before: MultiLabelMetrics<L> | null;
  history: TrainedEpoch<MultiLabelMetrics<L>>[];
  /** the epoch whose weights `model` holds: the best held-out macro F1 (earliest on ties), else the last */
  bestEpoch: number;
  /** the base model's meta.json */
  baseMeta: RhythmModelMeta & Record<string, unknown>;
  seconds: number;
}

/** Label weights of the positive terms: min(cap, (n_neg / n_pos)^power), 1 for a label never present. */
function positiveWeights(labelSets: Uint8Array, k: number, power: number, cap: number): number[] {
  const n = labelSets.length / k;
  return Array.from({ length: k }, (_, j) => {
    let pos = 0;
    for (let i = 0; i < n; i++) pos += labelSets[i * k + j] as number;
    return pos === 0 ? 1 : Math.min(cap, ((n - pos) / pos) ** power);
  });
}

/**
 * Fine-tunes the rhythm network with a new K-way head (or, with `keepHead`, the base model's own): in 'multi-label' mode
 * K sigmoid outputs trained on each window's label set with the xECGNet loss (multiLabelLosses:
 * weighted binary cross-entropy + λ · the attention regulariser); in 'single-label' mode a K-way
 * softmax trained on each window's primary label with class-weighted categorical cross-entropy, the
 * comparison the xECGNet paper makes. Adam, seeded shuffle, one step per batch (trainBatches). Native
 * backend: the whole network; other backends (wasm: no Conv2DBackpropFilter) only the BiLSTM,
 * self-attention and head, on the front end's features computed once in inference mode
 * (rhythmTrainableScope, splitAtRecurrent) — the attention map is the self-attention's, so the
 * regulariser reaches the trained layers either way.
 *
 * The regulariser's averaged maps ā_c: before every epoch, the network as it is then (inference
 * mode) is run over all training windows and the maps averaged per label combination
 * (combinationMeanMaps); those means are the targets for the whole epoch, so epoch e pulls towards
 * the maps of the network after epoch e − 1 (epoch 1: the shipped network's maps under its own
 * weights). No gradient flows through the targets. Every training combination has a mean, since the
 * means are taken over the training windows themselves.
 *
 * After every epoch the held-out windows are scored (subset accuracy, per-label and macro F1); the
 * weights of the best macro-F1 epoch are kept in memory (a checkpoint) and restored at the end.
 *
 * @param input - base model, mode, data, backend, hyper-parameters, hooks
 * @returns the trained two-output model and what was measured
 * @throws RangeError for a hyper-parameter out of bounds, no training window, or windows not of the
 *   model's length; Error when `keepHead` is set and the base model's head is not `labels.length` wide;
 *   Error named 'AbortError' when cancelled
 */
export async function fineTuneMultiLabel<L extends string>(input: MultiLabelFineTuneInput<L>): Promise<MultiLabelFineTuneOutcome<L>> {
  const started = performance.now();
  const tf = getTf();
  const hyper = resolveHyperParameters(MULTI_LABEL_FINE_TUNE_CONFIG, input.hyperParameters, MULTI_LABEL_BOUNDS, 'multi-label fine-tuning');
  const baseMeta = JSON.parse(readFileSync(join(input.baseModelDir, 'meta.json'), 'utf8')) as RhythmModelMeta & Record<string, unknown>;
  const size = rhythmWindowSamples(baseMeta);
  const k = input.labels.length;
  const n = input.train.labels.length;
  if (n === 0) throw new RangeError('multi-label fine-tuning: no training window');
  if (input.train.windows.length !== n * size || input.train.labelSets.length !== n * k)
    throw new RangeError(`multi-label fine-tuning: windows must be ${size} samples long with ${k} labels each`);
  const steps = baseMeta.attention.steps;
  const random = seededRandom(hyper.seed);
  const inference = await loadLayersModel(input.baseModelDir);
  const multi = input.mode === 'multi-label';
  const model = input.keepHead ? inference : withLabelHead(tf, inference, k, multi ? 'sigmoid' : 'softmax', hyper.seed);
  const width = (model.outputs[0] as tfType.SymbolicTensor).shape[1];
  if (width !== k) throw new Error(`multi-label fine-tuning: the model in ${input.baseModelDir} has ${width} outputs, not ${k}`);
  const { scope, reason } = rhythmTrainableScope(input.backend);
  const parts = scope === 'whole-model' ? null : splitAtRecurrent(tf, model);
  const trained = parts?.head ?? model;
  const regularised = multi && hyper.lambda > 0;
  const training = regularised ? trained : tf.model({ inputs: trained.inputs, outputs: trained.outputs[0] as tfType.SymbolicTensor });
  const lossWeights = multi
    ? positiveWeights(input.train.labelSets, k, hyper.weightPower, hyper.weightCap)
    : classWeights(input.train.labels, hyper.weightPower, hyper.weightCap, k);
  const [crossEntropy, regulariser] = multiLabelLosses(tf, {
    positiveWeights: lossWeights,
    lambda: hyper.lambda,
    attentionSteps: steps,
    knownLabels: input.knownLabels,
  });
  training.compile({
    optimizer: tf.train.adam(hyper.learningRate),
    loss: regularised ? [crossEntropy, regulariser] : multi ? crossEntropy : weightedCrossEntropy(tf, lossWeights),
  });
  const decision: LabelDecision = multi ? { kind: 'threshold', threshold: hyper.threshold } : { kind: 'argmax' };
  /** the trained part's input of a set: the windows, or (head only) the front end's features of them */
  const windowsOf = (set: MultiLabelExamples): tfType.Tensor => {
    const windows = tf.tensor3d(set.windows, [set.labels.length, size, 1]);
    if (!parts) return windows;
    const features = parts.frontEnd.predict(windows, { batchSize: 64 }) as tfType.Tensor;
    windows.dispose();
    return features;
  };
  const trainX = windowsOf(input.train);
  const tuneX = input.tune && input.tune.labels.length > 0 ? windowsOf(input.tune) : null;
  const keys = labelCombinationKeys(input.train.labelSets, k);
  let means = new Map<string, Float32Array>();
  let scored = 0;
  let best: { epoch: number; macroF1: number; weights: tfType.Tensor[] } | null = null;
  try {
    const { before, history } = await trainBatches<MultiLabelMetrics<L>>({
      model: training,
      count: n,
      batch: (indices) => {
        const index = tf.tensor1d(Int32Array.from(indices), 'int32');
        const x = tf.gather(trainX, index);
        index.dispose();
        const y = multi
          ? tf.tensor2d(Float32Array.from(indices.flatMap((i) => Array.from(input.train.labelSets.subarray(i * k, (i + 1) * k)))), [
              indices.length,
              k,
            ])
          : tf.tidy(() =>
              tf.oneHot(
                tf.tensor1d(
                  Int32Array.from(indices, (i) => input.train.labels[i] as number),
                  'int32',
                ),
                k,
              ),
            );
        if (!regularised) return { x, y };
        const targets = combinationTargets(
          means,
          indices.map((i) => keys[i] as string),
          steps,
        );
        return { x, y: [y, tf.tensor2d(targets, [indices.length, steps])] };
      },
      beforeEpoch: async () => {
        if (regularised) means = combinationMeanMaps(keys, (await predictLabelSets(tf, trained, trainX, decision)).attention, steps);
      },
      epochs: hyper.epochs,
      batchSize: hyper.batchSize,
      random,
      validate: async () => {
        const epoch = scored++;
        if (!tuneX || !input.tune) return null;
        const metrics = multiLabelMetrics(
          input.tune.labelSets,
          (await predictLabelSets(tf, trained, tuneX, decision)).labelSets,
          input.labels,
        );
        if (epoch > 0 && (best === null || metrics.macroF1 > best.macroF1)) {
          if (best) tf.dispose(best.weights);
          best = { epoch, macroF1: metrics.macroF1, weights: model.getWeights().map((w) => w.clone()) };
        }
        return metrics;
      },
      startedMs: started,
      onProgress: (p) => input.onProgress?.({ ...p, scope, backend: input.backend.name, model: 'rhythm' }),
      signal: input.signal,
    });
    const kept = best as { epoch: number; weights: tfType.Tensor[] } | null;
    if (kept) model.setWeights(kept.weights);
    return {
      model,
      decision,
      scope,
      scopeReason: reason,
      frozenLayers: parts?.frozen ?? [],
      hyperParameters: hyper,
      lossWeights,
      before,
      history,
      bestEpoch: kept?.epoch ?? hyper.epochs,
      baseMeta,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    tf.dispose([trainX, ...(tuneX ? [tuneX] : []), ...((best as { weights: tfType.Tensor[] } | null)?.weights ?? [])]);
    training.optimizer.dispose();
  }
}
