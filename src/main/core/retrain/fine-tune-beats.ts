import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
import { parseBeatModelMeta } from '../beats/beat-model-meta';
import type { ClassMetrics } from '../beats/class-metrics';
import { classWeights } from '../beats/class-weights';
import { getTf, type BackendInfo } from '../ml/backend';
import { loadLayersModel } from '../ml/load-model';
import { saveLayersModel, sha256File } from '../ml/save-model';
import { seededRandom } from '../ml/seeded-random';
import { concatExamples, exampleCount, exampleCounts, pickExamples, type BeatExamples } from './beat-examples';
import { exampleInputs, scoreExamples } from './score-examples';

/** Default hyper-parameters of fine-tuning; each can be set per run within {@link FINE_TUNE_BOUNDS}. */
export const FINE_TUNE_CONFIG = Object.freeze({
  /** passes over the training beats */
  epochs: 3,
  batchSize: 64,
  /** Adam step size: a quarter of the base training's 2e-3, so the reviewed beats adjust the model rather than replace it */
  learningRate: 5e-4,
  /** replay beats per reviewed training beat (0: no replay) */
  replayRatio: 1,
  /** share of the reviewed beats held out (per class, at random) to score every epoch */
  validationFraction: 0.2,
  /** class weight min(cap, (n_N / n_c)^power) over the training beats, as in the base training */
  classWeightPower: 0.75,
  classWeightCap: 10,
  seed: 17,
});

/** Bounds of the hyper-parameters a caller may set (they bound the cost of a run; the API's, from api-bounds.ts). */
export const FINE_TUNE_BOUNDS = Object.freeze({
  epochs: { min: 1, max: MAX_FINE_TUNE_EPOCHS },
  batchSize: { min: MIN_FINE_TUNE_BATCH, max: MAX_FINE_TUNE_BATCH },
  learningRate: { min: MIN_FINE_TUNE_LEARNING_RATE, max: MAX_FINE_TUNE_LEARNING_RATE },
  replayRatio: { min: 0, max: MAX_REPLAY_RATIO },
  validationFraction: { min: 0, max: MAX_VALIDATION_FRACTION },
});

/** Hyper-parameters of one fine-tuning run. */
export type FineTuneHyperParameters = { -readonly [K in keyof typeof FINE_TUNE_CONFIG]: number };

/** Which weights a run adapts. */
export type TrainableScope = 'whole-model' | 'recurrent-and-head';

/** One progress reading, after every batch. */
export interface FineTuneProgress {
  epoch: number;
  epochs: number;
  /** batch within the epoch, 1-based */
  batch: number;
  batches: number;
  /** mean training loss of the epoch so far (class-weighted cross-entropy) */
  loss: number;
  /** scores on the held-out reviewed beats after the last finished epoch (before training for epoch 1), or null without held-out beats */
  validation: Record<AamiClass, ClassMetrics> | null;
  elapsedMs: number;
  /** time left by the mean batch time so far, in ms */
  etaMs: number | null;
  /** which layers the run adapts */
  scope: TrainableScope;
  /** tfjs backend name */
  backend: string;
}

/** One epoch's record. */
export interface FineTuneEpoch {
  epoch: number;
  loss: number;
  seconds: number;
  validation: Record<AamiClass, ClassMetrics> | null;
}

/** What a finished run wrote and measured. */
export interface FineTuneOutcome {
  /** the new model folder (model.json, weights.bin, meta.json) */
  modelDir: string;
  scope: TrainableScope;
  /** why the scope is what it is, for the UI */
  scopeReason: string;
  frozenLayers: string[];
  backend: Pick<BackendInfo, 'name' | 'package' | 'tfVersion'>;
  hyperParameters: FineTuneHyperParameters;
  trainCounts: { reviewed: ClassCounts; replay: ClassCounts };
  validationCounts: ClassCounts;
  /** scores on the held-out reviewed beats before fine-tuning, and after each epoch */
  before: Record<AamiClass, ClassMetrics> | null;
  history: FineTuneEpoch[];
  /** the base model's meta.json `version` */
  parentVersion: string;
  seconds: number;
}

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
  onProgress?: (progress: FineTuneProgress) => void;
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

function abortError(): Error {
  return Object.assign(new Error('fine-tuning cancelled'), { name: 'AbortError' });
}

function resolveHyper(given: Partial<FineTuneHyperParameters> | undefined): FineTuneHyperParameters {
  const hyper: FineTuneHyperParameters = { ...FINE_TUNE_CONFIG, ...given };
  for (const [key, { min, max }] of Object.entries(FINE_TUNE_BOUNDS)) {
    const value = hyper[key as keyof FineTuneHyperParameters];
    if (!(value >= min && value <= max)) throw new RangeError(`fine-tuning: ${key} must be in [${min}, ${max}], got ${value}`);
  }
  return hyper;
}

/** Held-out indices: per class, round(fraction · n_c) beats at random when n_c ≥ 2. */
function splitValidation(labels: Uint8Array, fraction: number, random: () => number): { train: number[]; validation: number[] } {
  const train: number[] = [];
  const validation: number[] = [];
  AAMI_CLASSES.forEach((_, c) => {
    const members = Array.from(labels.keys()).filter((i) => labels[i] === c);
    for (let k = members.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [members[k], members[j]] = [members[j] as number, members[k] as number];
    }
    const held = members.length >= 2 ? Math.round(fraction * members.length) : 0;
    validation.push(...members.slice(0, held));
    train.push(...members.slice(held));
  });
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/**
 * Fine-tunes the beat classifier on reviewed beats (plus a replay sample of its original training
 * data) and writes the result as a new model folder with a meta.json like the shipped model's. The
 * reviewed beats are split per class into training and held-out beats (`validationFraction`); the
 * held-out ones are scored before training and after every epoch. Training: Adam, class-weighted
 * categorical cross-entropy (weights from the training beats, as in `scripts/train-beats.ts`), the
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
  const hyper = resolveHyper(input.hyperParameters);
  if (existsSync(input.outDir)) throw new Error(`${input.outDir}: the new model's folder exists already`);
  const metaPath = join(input.baseModelDir, 'meta.json');
  const baseMetaJson = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  const meta = parseBeatModelMeta(baseMetaJson, metaPath);
  const random = seededRandom(hyper.seed);
  const split = splitValidation(input.reviewed.labels, hyper.validationFraction, random);
  const reviewedTrain = pickExamples(input.reviewed, split.train);
  const validation = pickExamples(input.reviewed, split.validation);
  const replay = input.replay ?? { wave: new Float32Array(0), rr: new Float32Array(0), labels: new Uint8Array(0) };
  const train = concatExamples([reviewedTrain, replay]);
  const nTrain = exampleCount(train);
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
  const weights = tf.tensor1d(classWeights(train.labels, hyper.classWeightPower, hyper.classWeightCap));
  const weightedLoss = (yTrue: tfType.Tensor, yPred: tfType.Tensor): tfType.Tensor =>
    tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.mul(yTrue, weights), tf.log(tf.clipByValue(yPred, 1e-7, 1))), -1)));
  training.compile({ optimizer: tf.train.adam(hyper.learningRate), loss: weightedLoss });

  const tempDir = join(dirname(input.outDir), `.${basename(input.outDir)}.tmp-${randomUUID()}`);
  try {
    const before = await scoreExamples(tf, training, validation, meta);
    const batches = Math.ceil(nTrain / hyper.batchSize);
    const totalBatches = batches * hyper.epochs;
    const history: FineTuneEpoch[] = [];
    let lastValidation = before;
    let doneBatches = 0;
    const trainStarted = performance.now();
    for (let epoch = 1; epoch <= hyper.epochs; epoch++) {
      const epochStarted = performance.now();
      const order = Array.from({ length: nTrain }, (_, i) => i);
      for (let k = nTrain - 1; k > 0; k--) {
        const j = Math.floor(random() * (k + 1));
        [order[k], order[j]] = [order[j] as number, order[k] as number];
      }
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        if (input.signal?.aborted) throw abortError();
        const batch = pickExamples(train, order.slice(b * hyper.batchSize, (b + 1) * hyper.batchSize));
        const x = exampleInputs(tf, batch, meta);
        const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(batch.labels), 'int32'), AAMI_CLASSES.length));
        const loss = (await training.trainOnBatch(x, y)) as number;
        tf.dispose([...x, y]);
        lossSum += loss;
        doneBatches++;
        const elapsedMs = performance.now() - started;
        const perBatch = (performance.now() - trainStarted) / doneBatches;
        input.onProgress?.({
          epoch,
          epochs: hyper.epochs,
          batch: b + 1,
          batches,
          loss: lossSum / (b + 1),
          validation: lastValidation,
          elapsedMs,
          etaMs: perBatch * (totalBatches - doneBatches),
          scope,
          backend: input.backend.name,
        });
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      lastValidation = await scoreExamples(tf, training, validation, meta);
      history.push({ epoch, loss: lossSum / batches, seconds: (performance.now() - epochStarted) / 1000, validation: lastValidation });
    }
    if (input.signal?.aborted) throw abortError();
    await saveLayersModel(inference, tempDir);
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
    const newMeta = {
      ...baseMetaJson,
      version: input.version,
      created: new Date().toISOString(),
      fineTuning: {
        parentVersion: meta.version,
        parentDir: input.baseModelDir,
        method: 'fine-tuned from the parent on reviewed beats of this site (see src/main/core/retrain/fine-tune-beats.ts)',
        data: {
          ...input.dataProvenance,
          trainCounts: outcome.trainCounts,
          validationCounts: outcome.validationCounts,
          replay: input.replay ? null : input.replayNote,
        },
        scope,
        scopeReason: reason,
        frozenLayers,
        backend: outcome.backend,
        hyperParameters: hyper,
        validationBefore: before,
        history,
        trainingTimeS: outcome.seconds,
      },
      sha256: { 'model.json': sha256File(join(tempDir, 'model.json')), 'weights.bin': sha256File(join(tempDir, 'weights.bin')) },
    };
    writeFileSync(join(tempDir, 'meta.json'), `${JSON.stringify(newMeta, null, 2)}\n`);
    renameSync(tempDir, input.outDir);
    return outcome;
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
    weights.dispose();
    training.optimizer.dispose();
    inference.dispose();
  }
}
