import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { AAMI_CLASSES, type AamiClass } from '../../../shared/labels';
import type { ClassCounts } from '../../../shared/api';
import {
  MAX_FINE_TUNE_BATCH,
  MAX_FINE_TUNE_EPOCHS,
  MAX_FINE_TUNE_LEARNING_RATE,
  MAX_REPLAY_RATIO,
  MAX_VALIDATION_FRACTION,
  MIN_FINE_TUNE_BATCH,
  MIN_FINE_TUNE_LEARNING_RATE,
} from '../../../shared/api-bounds';
import '../beats/attention-pooling';
import '../ml/seeded-dropout';
import { parseBeatModelMeta, type BeatModelMeta } from '../beats/beat-model-meta';
import type { ClassMetrics } from '../beats/class-metrics';
import { classWeights } from '../beats/class-weights';
import { getTf, type BackendInfo } from '../ml/backend';
import { loadLayersModel } from '../ml/load-model';
import { seededRandom } from '../ml/seeded-random';
import { concatExamples, exampleCount, exampleCounts, pickExamples, type BeatExamples } from './beat-examples';
import { resolveHyperParameters } from './hyper-parameters';
import type { RhythmValidation } from './fine-tune-rhythm';
import { exampleInputs, predictProbabilities, scoreExamples } from './score-examples';
import { splitValidation } from './split-validation';
import { fineTuningMeta, type FineTuneOutcome as FineTuneOutcomeOf, type TrainableScope } from './fine-tune-outcome';
import { trainBatches, type TrainBatchesProgress } from './train-batches';
import { weightedCrossEntropy } from './weighted-cross-entropy';
import { writeModelFolder } from './write-model-folder';

/** Default hyper-parameters of fine-tuning; each can be set per run within {@link FINE_TUNE_BOUNDS}. */
export const FINE_TUNE_CONFIG = Object.freeze({
  /** passes over the training beats */
  epochs: 3,
  /**
   * beats per Adam step. A step of this 26 k-parameter model costs about the same from 64 to 256 beats
   * (native, per-op dispatch of the unrolled BiLSTM dominates: 105 / 135 / 138 ms per step at 64 / 128 /
   * 256), so 256 makes an epoch over 50,000 beats about 3× cheaper than 64. Checked on DS1 only (fold-4
   * validation model of train-beats, first 15 min of 109, 114, 115, 205, 215 + 1:1 replay, 3 epochs,
   * scored beat by beat on the rest): V F1 92.2 at 256 against 92.1 at 64, N F1 99.6 both.
   */
  batchSize: 256,
  /** Adam step size: a quarter of the base training's 2e-3, so the reviewed beats adjust the model rather than replace it */
  learningRate: 5e-4,
  /** replay beats per reviewed training beat (0: no replay) */
  replayRatio: 1,
  /**
   * share of the parent model's output in the replay beats' targets: each replay beat learns
   * (1 − d) × its one-hot label + d × the parent's class probabilities for it (0: the labels alone;
   * 1: distillation alone, so the replay keeps the model's answers on other patients rather than
   * the labels)
   */
  replayDistillation: 0,
  /** share of the reviewed beats held out (per class, at random) to score every epoch */
  validationFraction: 0.2,
  /** class weight min(cap, (n_N / n_c)^power) over the training beats, as in the base training */
  classWeightPower: 0.75,
  classWeightCap: 10,
  seed: 17,
});

/** Replay beats the parent model scores per call when their distillation targets are computed (bounds the inputs' memory). */
const PREDICT_CHUNK = 4096;

/** Bounds of the hyper-parameters a caller may set (they bound the cost of a run; the API's, from api-bounds.ts). */
export const FINE_TUNE_BOUNDS = Object.freeze({
  epochs: { min: 1, max: MAX_FINE_TUNE_EPOCHS },
  batchSize: { min: MIN_FINE_TUNE_BATCH, max: MAX_FINE_TUNE_BATCH },
  learningRate: { min: MIN_FINE_TUNE_LEARNING_RATE, max: MAX_FINE_TUNE_LEARNING_RATE },
  replayRatio: { min: 0, max: MAX_REPLAY_RATIO },
  validationFraction: { min: 0, max: MAX_VALIDATION_FRACTION },
});

/** The beat model's bounds: {@link FINE_TUNE_BOUNDS} (shared with the rhythm model) and the replay targets' distillation share. */
const BEAT_FINE_TUNE_BOUNDS = Object.freeze({ ...FINE_TUNE_BOUNDS, replayDistillation: { min: 0, max: 1 } });

/** Hyper-parameters of one fine-tuning run. */
export type FineTuneHyperParameters = { -readonly [K in keyof typeof FINE_TUNE_CONFIG]: number };

/** Held-out scores of the beat model: per AAMI class. */
export type BeatValidation = Record<AamiClass, ClassMetrics>;

/** Which model a fine-tuning run adapts. */
export type FineTunedModel = 'beats' | 'rhythm';

/** One progress reading, after every batch (`V`: the held-out scores' shape, per class of the model: AAMI classes for the beat model, CinC 2017 classes for the rhythm model). */
export interface FineTuneProgress<V = BeatValidation | RhythmValidation> extends TrainBatchesProgress<V> {
  /** which layers the run adapts */
  scope: TrainableScope;
  /** tfjs backend name */
  backend: string;
  /** the model being fine-tuned */
  model: FineTunedModel;
}

/** What a finished beat run wrote and measured. */
export type FineTuneOutcome = FineTuneOutcomeOf<FineTuneHyperParameters, ClassCounts, BeatValidation>;

/** Input of {@link fineTuneBeatModel}. */
export interface FineTuneInput {
  /** folder of the model to start from (model.json, weights, meta.json) */
  baseModelDir: string;
  /** where the new model goes; must not exist (written under a temporary name, renamed at the end) */
  outDir: string;
  /** version string written into the new meta.json */
  version: string;
  /** the reviewed beats */
  reviewed: BeatExamples;
  /** replay beats of the base model's training data (null: none) */
  replay: BeatExamples | null;
  /** why there is no replay, written to meta.json (when `replay` is null) */
  replayNote: string | null;
  /** the backend initBackend chose */
  backend: BackendInfo;
  hyperParameters?: Partial<FineTuneHyperParameters>;
  /** extra provenance written into meta.json's `fineTuning.data` (cases, reviewers, …) */
  dataProvenance?: Record<string, unknown>;
  /**
   * the new model's decision weights written into its meta.json, one per AAMI class, positive (label = argmax of
   * probability × weight); default the parent's. The validation scores during the run use the parent's.
   */
  decisionWeights?: readonly number[];
  onProgress?: (progress: FineTuneProgress<BeatValidation>) => void;
  /** checked between batches: the run then stops, removes what it wrote and rejects with an AbortError */
  signal?: AbortSignal;
}

/**
 * Which layers a backend can train. Native TensorFlow trains the whole model. The wasm backend has no
 * `Conv2DBackpropFilter` kernel (PLATFORM-NOTES §2), so there the conv front end stays frozen and only
 * the bidirectional LSTM, the attention pooling and the dense head adapt (no gradient then flows into
 * the conv layers, so no conv backward kernel is needed); the pure-JS cpu backend is treated the same,
 * the conv backward pass being most of its training cost.
 * @param backend - the chosen backend
 * @returns the scope and a one-line reason
 */
export function trainableScope(backend: Pick<BackendInfo, 'name' | 'canTrain'>): { scope: TrainableScope; reason: string } {
  if (backend.canTrain) return { scope: 'whole-model', reason: `native backend (${backend.name}): every layer is fine-tuned` };
  const why =
    backend.name === 'wasm'
      ? 'the wasm backend has no Conv2DBackpropFilter kernel'
      : `the ${backend.name} backend trains conv layers at a few beats/s`;
  return {
    scope: 'recurrent-and-head',
    reason: `${why}: the conv layers stay frozen; the BiLSTM, attention and dense head are fine-tuned`,
  };
}

/**
 * Fine-tunes the beat classifier on reviewed beats (plus a replay sample of its original training
 * data) and writes the result as a new model folder with a meta.json like the shipped model's. The
 * reviewed beats are split per class into training and held-out beats (`validationFraction`); the
 * held-out ones are scored before training and after every epoch. Training: Adam, class-weighted
 * categorical cross-entropy (weights from the training beats, as in `scripts/train-beats.ts`) against the
 * one-hot labels, for replay beats mixed with the parent's probabilities by `replayDistillation`, the
 * training beats shuffled each epoch (seeded), one step per batch. Which layers adapt depends on the
 * backend ({@link trainableScope}). Nothing is written until the last epoch ends: the model goes to a
 * temporary sibling folder renamed to `outDir` at the end, so a cancelled, failed or killed run leaves
 * no half-written model.
 *
 * Source: patient-specific fine-tuning from a few minutes of labelled beats, S. Kiranyaz, T. Ince,
 * M. Gabbouj, "Real-time patient-specific ECG classification by 1-D convolutional neural networks",
 * IEEE TBME 63(3), 2016, doi:10.1109/TBME.2015.2468589 (they train from scratch per patient on
 * common + patient beats; here the inter-patient model is the starting point and the replay sample
 * plays the role of their common beats).
 * @param input - base model, output folder, data, backend, hyper-parameters, hooks
 * @returns what was written and measured
 * @throws RangeError when a hyper-parameter is out of bounds or there is no training beat; Error
 *   naming the folder when `outDir` exists or the base model cannot be loaded; Error named
 *   'AbortError' when cancelled
 */
export async function fineTuneBeatModel(input: FineTuneInput): Promise<FineTuneOutcome> {
  const started = performance.now();
  const tf = getTf();
  const hyper = resolveHyperParameters(FINE_TUNE_CONFIG, input.hyperParameters, BEAT_FINE_TUNE_BOUNDS, 'fine-tuning');
  if (existsSync(input.outDir)) throw new Error(`${input.outDir}: the new model's folder exists already`);
  const decisionWeights = input.decisionWeights;
  if (decisionWeights && !(decisionWeights.length === AAMI_CLASSES.length && decisionWeights.every((w) => w > 0 && Number.isFinite(w)))) {
    throw new RangeError(
      `fine-tuning: decision weights must be ${AAMI_CLASSES.length} positive numbers, got ${decisionWeights.join(', ')}`,
    );
  }
  const metaPath = join(input.baseModelDir, 'meta.json');
  const baseMetaJson = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  const meta = parseBeatModelMeta(baseMetaJson, metaPath);
  const random = seededRandom(hyper.seed);
  const split = splitValidation(input.reviewed.labels, AAMI_CLASSES.length, hyper.validationFraction, random);
  const reviewedTrain = pickExamples(input.reviewed, split.train);
  const validation = pickExamples(input.reviewed, split.validation);
  const replay = input.replay ?? { wave: new Float32Array(0), rr: new Float32Array(0), labels: new Uint8Array(0) };
  const train = concatExamples([reviewedTrain, replay]);
  if (exampleCount(reviewedTrain) === 0) throw new RangeError('fine-tuning: no reviewed training beat (review some cases first)');

  const inference = await loadLayersModel(input.baseModelDir);
  const { scope, reason } = trainableScope(input.backend);
  const frozenLayers: string[] = [];
  if (scope === 'recurrent-and-head') {
    for (const layer of inference.layers) {
      if (layer.getClassName() === 'Conv1D') {
        layer.trainable = false;
        frozenLayers.push(layer.name);
      }
    }
  }
  const training = tf.model({ inputs: inference.inputs, outputs: inference.outputs[0] as tfType.SymbolicTensor });
  const weights = classWeights(train.labels, hyper.classWeightPower, hyper.classWeightCap);
  training.compile({ optimizer: tf.train.adam(hyper.learningRate), loss: weightedCrossEntropy(tf, weights) });
  try {
    const targets = await trainingTargets(tf, inference, train, exampleCount(reviewedTrain), hyper.replayDistillation, meta);
    const { before, history } = await trainBatches({
      model: training,
      count: exampleCount(train),
      batch: (indices) => {
        const batch = pickExamples(train, indices);
        const rows = new Float32Array(indices.length * AAMI_CLASSES.length);
        indices.forEach((i, k) =>
          rows.set(targets.subarray(i * AAMI_CLASSES.length, (i + 1) * AAMI_CLASSES.length), k * AAMI_CLASSES.length),
        );
        return { x: exampleInputs(tf, batch, meta), y: tf.tensor2d(rows, [indices.length, AAMI_CLASSES.length]) };
      },
      epochs: hyper.epochs,
      batchSize: hyper.batchSize,
      random,
      validate: () => scoreExamples(tf, training, validation, meta),
      startedMs: started,
      onProgress: (p) => input.onProgress?.({ ...p, scope, backend: input.backend.name, model: 'beats' }),
      signal: input.signal,
    });
    const outcome: FineTuneOutcome = {
      modelDir: input.outDir,
      scope,
      scopeReason: reason,
      frozenLayers,
      backend: { name: input.backend.name, package: input.backend.package, tfVersion: input.backend.tfVersion },
      hyperParameters: hyper,
      trainCounts: { reviewed: exampleCounts(reviewedTrain), replay: exampleCounts(replay) },
      validationCounts: exampleCounts(validation),
      before,
      history,
      parentVersion: meta.version,
      seconds: (performance.now() - started) / 1000,
    };
    await writeModelFolder(inference, input.outDir, {
      ...baseMetaJson,
      version: input.version,
      created: new Date().toISOString(),
      ...(decisionWeights ? { decisionWeights: [...decisionWeights] } : {}),
      fineTuning: fineTuningMeta(
        outcome,
        input,
        'fine-tuned from the parent on reviewed beats of this site (see src/main/core/retrain/fine-tune-beats.ts)',
      ),
    });
    return outcome;
  } finally {
    training.optimizer.dispose();
    inference.dispose();
  }
}

/**
 * The training beats' targets: one-hot labels, and for the replay beats (those from index `reviewedCount` on)
 * (1 − distillation) × the one-hot label + distillation × the parent model's class probabilities, so that replay can
 * keep the parent's answers on other patients instead of, or besides, their labels (knowledge distillation as a
 * guard against forgetting: Z. Li, D. Hoiem, "Learning without forgetting", IEEE TPAMI 40(12):2935–2947, 2018,
 * doi:10.1109/TPAMI.2017.2773081, here on replayed examples at temperature 1).
 * @param tf - the tfjs namespace
 * @param parent - the model before fine-tuning (first output: class probabilities)
 * @param train - the training beats, reviewed first, then replay
 * @param reviewedCount - how many of them are reviewed beats
 * @param distillation - the parent's share in the replay targets, in [0, 1]
 * @param meta - the parent's meta.json (input layout)
 * @returns n × AAMI_CLASSES.length targets, row-major; each row sums to 1
 */
async function trainingTargets(
  tf: typeof tfType,
  parent: tfType.LayersModel,
  train: BeatExamples,
  reviewedCount: number,
  distillation: number,
  meta: BeatModelMeta,
): Promise<Float32Array> {
  const classes = AAMI_CLASSES.length;
  const n = exampleCount(train);
  const targets = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) targets[i * classes + (train.labels[i] as number)] = 1;
  if (distillation === 0 || n === reviewedCount) return targets;
  for (let from = reviewedCount; from < n; from += PREDICT_CHUNK) {
    const chunk = pickExamples(
      train,
      Array.from({ length: Math.min(PREDICT_CHUNK, n - from) }, (_, k) => from + k),
    );
    const probabilities = await predictProbabilities(tf, parent, chunk, meta);
    for (let j = 0; j < probabilities.length; j++) {
      const at = from * classes + j;
      targets[at] = (1 - distillation) * (targets[at] as number) + distillation * (probabilities[j] as number);
    }
  }
  return targets;
}
