import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfType from '@tensorflow/tfjs';
import { classMetrics, type ClassMetrics } from '../beats/class-metrics';
import { classWeights } from '../beats/class-weights';
import { getTf, type BackendInfo } from '../ml/backend';
import { loadLayersModel } from '../ml/load-model';
import { seededRandom } from '../ml/seeded-random';
import '../rhythm/multi-head-self-attention';
import { RHYTHM_LABELS, type RhythmLabel } from '../rhythm/rhythm-labels';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import { FINE_TUNE_BOUNDS, type FineTuneProgress } from './fine-tune-beats';
import { fineTuningMeta, type FineTuneOutcome, type TrainableScope } from './fine-tune-outcome';
import { resolveHyperParameters } from './hyper-parameters';
import { predictRhythmClasses } from './predict-rhythm-classes';
import type { RhythmCounts } from './rhythm-dataset';
import {
  concatRhythmExamples,
  pickRhythmExamples,
  rhythmExampleCount,
  rhythmExampleCounts,
  rhythmWindowSamples,
  type RhythmExamples,
} from './rhythm-examples';
import { splitAtRecurrent } from './split-at-recurrent';
import { splitValidation } from './split-validation';
import { trainBatches } from './train-batches';
import { weightedCrossEntropy } from './weighted-cross-entropy';
import { writeModelFolder } from './write-model-folder';

/** Default hyper-parameters of rhythm fine-tuning; each bounded one can be set per run within FINE_TUNE_BOUNDS. */
export const RHYTHM_FINE_TUNE_CONFIG = Object.freeze({
  /** passes over the training windows */
  epochs: 3,
  /** the base training's batch */
  batchSize: 32,
  /** Adam step size: the base training's last (1e-4 from epoch 21), so the reviewed windows adjust the model rather than replace it */
  learningRate: 1e-4,
  /** replay windows per reviewed training window (0: no replay) */
  replayRatio: 1,
  /** share of the reviewed windows held out (per class, at random) to score every epoch */
  validationFraction: 0.2,
  /** class weight min(cap, (n_N / n_c)^power): ∝ 1/√frequency as in the base training */
  classWeightPower: 0.5,
  classWeightCap: 10,
  seed: 17,
});

/** Hyper-parameters of one rhythm fine-tuning run. */
export type RhythmFineTuneHyperParameters = { -readonly [K in keyof typeof RHYTHM_FINE_TUNE_CONFIG]: number };

/** Held-out scores of the rhythm model: per CinC 2017 class, window by window. */
export type RhythmValidation = Record<RhythmLabel, ClassMetrics>;

/** What a finished rhythm run wrote and measured. */
export type RhythmFineTuneOutcome = FineTuneOutcome<RhythmFineTuneHyperParameters, RhythmCounts, RhythmValidation>;

/** Input of {@link fineTuneRhythmModel}. */
export interface RhythmFineTuneInput {
  /** folder of the rhythm model to start from */
  baseModelDir: string;
  /** where the new model goes; must not exist */
  outDir: string;
  version: string;
  reviewed: RhythmExamples;
  replay: RhythmExamples | null;
  replayNote: string | null;
  backend: BackendInfo;
  hyperParameters?: Partial<RhythmFineTuneHyperParameters>;
  dataProvenance?: Record<string, unknown>;
  onProgress?: (progress: FineTuneProgress<RhythmValidation>) => void;
  signal?: AbortSignal;
}

/**
 * Which layers a backend can train in the rhythm model: native TensorFlow the whole model; other
 * backends (wasm: no `Conv2DBackpropFilter`, PLATFORM-NOTES §2) only the BiLSTM, the self-attention,
 * the layer normalisation and the dense head, on the front end's features computed once in inference
 * mode (batch normalisation with its stored statistics, which so stay as they were).
 * @param backend - the chosen backend
 * @returns the scope and a one-line reason
 */
export function rhythmTrainableScope(backend: Pick<BackendInfo, 'name' | 'canTrain'>): { scope: TrainableScope; reason: string } {
  if (backend.canTrain) return { scope: 'whole-model', reason: `native backend (${backend.name}): every layer is fine-tuned` };
  const why =
    backend.name === 'wasm'
      ? 'the wasm backend has no Conv2DBackpropFilter kernel'
      : `the ${backend.name} backend trains conv layers too slowly`;
  return {
    scope: 'recurrent-and-head',
    reason: `${why}: the residual conv front end stays frozen (inference mode); the BiLSTM, self-attention and dense head are fine-tuned`,
  };
}

/**
 * Fine-tunes the rhythm classifier on reviewed 30 s windows (plus a replay sample of its PhysioNet
 * 2017 training split) and writes the result as a new model folder with a meta.json like the shipped
 * model's. The reviewed windows are split per class into training and held-out windows
 * (`validationFraction`), the held-out ones scored (per class se, ppv, F1, by argmax) before training
 * and after every epoch. Training: Adam, class-weighted categorical cross-entropy (weights ∝
 * 1/√frequency over the training windows, as in `scripts/train-rhythm.ts`), seeded shuffle, one step
 * per batch. Native backend: the whole network; else only the recurrent layers and head
 * ({@link rhythmTrainableScope}). Nothing is written until the last epoch ends (writeModelFolder), so a
 * cancelled, failed or killed run leaves no half-written model.
 *
 * Source: the fine-tuning recipe of the beat model (fine-tune-beats.ts; Kiranyaz et al., IEEE TBME
 * 63(3), 2016, doi:10.1109/TBME.2015.2468589) applied to the CinC 2017 rhythm classes (Clifford et al.,
 * Computing in Cardiology 44, 2017, doi:10.22489/CinC.2017.065-469).
 * @param input - base model, output folder, data, backend, hyper-parameters, hooks
 * @returns what was written and measured
 * @throws RangeError when a hyper-parameter is out of bounds, there is no reviewed training window, or
 *   the windows' length is not the model's; Error naming the folder when `outDir` exists or the base
 *   model cannot be loaded; Error named 'AbortError' when cancelled
 */
export async function fineTuneRhythmModel(input: RhythmFineTuneInput): Promise<RhythmFineTuneOutcome> {
  const started = performance.now();
  const tf = getTf();
  const hyper = resolveHyperParameters(RHYTHM_FINE_TUNE_CONFIG, input.hyperParameters, FINE_TUNE_BOUNDS, 'rhythm fine-tuning');
  if (existsSync(input.outDir)) throw new Error(`${input.outDir}: the new model's folder exists already`);
  const metaPath = join(input.baseModelDir, 'meta.json');
  const baseMeta = JSON.parse(readFileSync(metaPath, 'utf8')) as RhythmModelMeta & Record<string, unknown>;
  const size = rhythmWindowSamples(baseMeta);
  const random = seededRandom(hyper.seed);
  const split = splitValidation(input.reviewed.labels, RHYTHM_LABELS.length, hyper.validationFraction, random);
  const reviewedTrain = pickRhythmExamples(input.reviewed, split.train);
  const validation = pickRhythmExamples(input.reviewed, split.validation);
  const replay = input.replay ?? { windows: new Float32Array(0), labels: new Uint8Array(0) };
  const train = concatRhythmExamples([reviewedTrain, replay]);
  if (rhythmExampleCount(reviewedTrain) === 0)
    throw new RangeError('rhythm fine-tuning: no reviewed training window (review some cases first)');
  if (train.windows.length !== rhythmExampleCount(train) * size)
    throw new RangeError(
      `rhythm fine-tuning: windows are not ${size} samples long (the model's ${baseMeta.fsHz} Hz × ${baseMeta.windowS} s)`,
    );

  const inference = await loadLayersModel(input.baseModelDir);
  const { scope, reason } = rhythmTrainableScope(input.backend);
  const parts = scope === 'whole-model' ? null : splitAtRecurrent(tf, inference);
  const trained = parts?.head ?? inference;
  const training = tf.model({ inputs: trained.inputs, outputs: trained.outputs[0] as tfType.SymbolicTensor });
  /** the training model's input of a set: the windows, or (head only) the front end's features of them */
  const inputsOf = (set: RhythmExamples): tfType.Tensor => {
    const windows = tf.tensor3d(set.windows, [rhythmExampleCount(set), size, 1]);
    if (!parts) return windows;
    const features = parts.frontEnd.predict(windows, { batchSize: 64 }) as tfType.Tensor;
    windows.dispose();
    return features;
  };
  const trainX = parts ? inputsOf(train) : null;
  const validationX = rhythmExampleCount(validation) > 0 ? inputsOf(validation) : null;
  const weights = classWeights(train.labels, hyper.classWeightPower, hyper.classWeightCap, RHYTHM_LABELS.length);
  training.compile({ optimizer: tf.train.adam(hyper.learningRate), loss: weightedCrossEntropy(tf, weights) });
  try {
    const { before, history } = await trainBatches<RhythmValidation>({
      model: training,
      count: rhythmExampleCount(train),
      batch: (indices) => {
        const labels = Int32Array.from(indices, (i) => train.labels[i] as number);
        const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), RHYTHM_LABELS.length));
        const x = trainX ? tf.gather(trainX, tf.tensor1d(Int32Array.from(indices), 'int32')) : inputsOf(pickRhythmExamples(train, indices));
        return { x, y };
      },
      epochs: hyper.epochs,
      batchSize: hyper.batchSize,
      random,
      validate: async () =>
        validationX ? classMetrics(validation.labels, await predictRhythmClasses(tf, training, validationX), RHYTHM_LABELS) : null,
      startedMs: started,
      onProgress: (p) => input.onProgress?.({ ...p, scope, backend: input.backend.name, model: 'rhythm' }),
      signal: input.signal,
    });
    const outcome: RhythmFineTuneOutcome = {
      modelDir: input.outDir,
      scope,
      scopeReason: reason,
      frozenLayers: parts?.frozen ?? [],
      backend: { name: input.backend.name, package: input.backend.package, tfVersion: input.backend.tfVersion },
      hyperParameters: hyper,
      trainCounts: { reviewed: rhythmExampleCounts(reviewedTrain), replay: rhythmExampleCounts(replay) },
      validationCounts: rhythmExampleCounts(validation),
      before,
      history,
      parentVersion: baseMeta.version,
      seconds: (performance.now() - started) / 1000,
    };
    await writeModelFolder(inference, input.outDir, {
      ...baseMeta,
      version: input.version,
      created: new Date().toISOString(),
      fineTuning: fineTuningMeta(
        outcome,
        input,
        'fine-tuned from the parent on reviewed rhythm episodes of this site (see src/main/core/retrain/fine-tune-rhythm.ts)',
      ),
    });
    return outcome;
  } finally {
    tf.dispose([...(trainX ? [trainX] : []), ...(validationX ? [validationX] : [])]);
    training.optimizer.dispose();
    inference.dispose();
  }
}
