/**
 * Trains the rhythm classifier (CinC 2017 classes N, A, O, ~) on PhysioNet 2017 and writes
 * resources/models/rhythm/ (model.json, weights.bin, meta.json).
 *
 * Usage: npx tsx scripts/train-rhythm.ts [--resume] [--restart-from DIR] [--epochs N] [--limit N] [--heads N]
 *                                          [--data DIR] [--nstdb DIR] [--out DIR]
 *   --resume     continue from checkpoints/rhythm/ after an interruption: weights, Adam state (iterations and
 *                moments) and epoch are restored; each epoch's draws come from its own seeded stream
 *                (seed SPLIT.seed × 1000 + epoch), so the resumed epochs see the same windows and
 *                augmentation as an uninterrupted run (dropout masks are TensorFlow's and not seeded)
 *   --restart-from DIR  skip epochs 1..24 and start the warm-restart phase from DIR, a model those epochs
 *                trained (the committed v1.1.0 model: its meta.json holds their history)
 *   --nstdb DIR  MIT-BIH Noise Stress Test records bw, em, ma (default ../shared/data/nstdb)
 *   --epochs N   total epochs (default HYPER.epochs)
 *   --limit N    use at most N records per class and split (smoke test; writes to --out only if given)
 *   --heads N    attention heads (1, 2, 4 or 8; default RHYTHM_MODEL_CONFIG.numHeads = 4). The total
 *                attention width numHeads × keyDim stays 64 (keyDim = 64 / N), as in Vaswani et al.'s
 *                head ablation, so only the split into heads changes. Any value but the default needs
 *                --out (the committed model is not overwritten) and checkpoints to checkpoints/rhythm-heads<N>/.
 * Long run (all 36 epochs): nohup npx tsx scripts/train-rhythm.ts > checkpoints/train-rhythm.log 2>&1 &
 * Epochs 25..36 only, from the v1.1.0 model (which epochs 1..24 trained; this session's run):
 *   nice -n 19 nohup npx tsx scripts/train-rhythm.ts --restart-from resources/models/rhythm > checkpoints/train-rhythm.log 2>&1 &
 * Heads ablation (Gu et al. 2021, Table 3), one run per setting, each ~50 min of native-backend CPU:
 *   for h in 1 2 8; do npx tsx scripts/train-rhythm.ts --heads $h --out checkpoints/rhythm-heads$h/model; done
 *   (4 heads is the committed model), then `npm run eval:rhythm -- --model checkpoints/rhythm-heads<N>/model --no-holter`.
 *
 * Method (recorded in meta.json):
 * - Fixed stratified split of REFERENCE.csv (seed SPLIT.seed): per class, records sorted by name and
 *   shuffled, the first 10 % → validation, next 10 % → tune, rest → train. Epochs and learning-rate
 *   schedule are chosen on tune only; validation is scored once with the final model.
 * - Records resampled once to 100 Hz. Each epoch draws HYPER.windowsPerEpoch train records at random
 *   (without replacement) and one random 30 s crop of each (records
 *   shorter than 30 s are zero-padded after the signal), normalised per window (writeWindowInput),
 *   then augmented: with probability 0.5 a baseline-wander sinusoid (0–0.3 SD, 0.1–0.6 Hz) and
 *   Gaussian noise (0–0.05 SD). No sign flip.
 * - Class imbalance: class weights ∝ 1/√(class frequency), scaled to mean 1 over the train records.
 * - Adam; categorical cross-entropy; epochs 1–24 on the step schedule HYPER.learningRates.
 * - Warm-restart phase (HYPER.restart, epochs 25..HYPER.epochs): restart from the best tune epoch so far
 *   with a fresh Adam, cosine cycles of 4 epochs (3e-4 → 1e-5, set per batch), and two more augmentations:
 *   time-stretch resampling of the crop (×0.9–1.1, probability 0.5) and nstdb bw/em/ma noise at a random
 *   6–24 dB SNR (probability 0.4). Amplitude scaling is not used: the per-window z-score removes it.
 * - The epoch with the best tune Challenge F1 over all epochs is kept.
 * - Run of 2026-12-01 (epochs 25..36 from v1.1.0, native, shared machine, 203–603 s/epoch): tune F1 at
 *   the cycle ends 0.7859, 0.7918, 0.7881, best 0.7981 (epoch 35), all below epoch 18's 0.8006, so the
 *   kept model is still v1.1.0's epoch 18 and the committed model did not change.
 * - The record call's temperature (record-call-calibration.ts) is fitted on the tune split with the
 *   kept model and stored in meta.json `calibration`.
 */
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getTf, initBackend, requireTrainingBackend } from '../src/main/core/ml/backend';
import { loadLayersModel } from '../src/main/core/ml/load-model';
import { saveLayersModel, sha256File } from '../src/main/core/ml/save-model';
import { seededRandom } from '../src/main/core/ml/seeded-random';
import { resample } from '../src/main/core/dsp/resample';
import { readRecord, toPhysical } from '../src/main/core/wfdb/record';
import { readChallenge2017Labels } from '../src/main/core/formats/physionet2017';
import { RhythmClassifier } from '../src/main/core/rhythm/classifier';
import { classifyRecords, type RecordCall } from '../src/main/core/rhythm/record-call';
import { challengeScores, type ChallengeScores } from '../src/main/core/rhythm/challenge-score';
import { fitRecordCallCalibration } from '../src/main/core/rhythm/record-call-calibration';
import { buildRhythmModel, RHYTHM_MODEL_CONFIG, type RhythmModelConfig } from '../src/main/core/rhythm/rhythm-model';
import { RHYTHM_LABEL_MEANINGS, RHYTHM_LABELS, type RhythmLabel } from '../src/main/core/rhythm/rhythm-labels';
import type { RhythmModelMeta } from '../src/main/core/rhythm/rhythm-model-meta';
import { WINDOW_NORMALISATION, writeWindowInput } from '../src/main/core/rhythm/window-input';

const SPLIT = Object.freeze({ seed: 2017, validationFraction: 0.1, tuneFraction: 0.1 });
const HYPER = Object.freeze({
  fsHz: 100,
  windowS: 30,
  strideS: 30,
  epochs: 36,
  /** train records drawn (without replacement, seeded) per epoch: an epoch is ~1/3 of the train split */
  windowsPerEpoch: 2048,
  batchSize: 32,
  /** learning rate by epoch (1-based): [fromEpoch, rate] */
  learningRates: [
    [1, 1e-3],
    [15, 3e-4],
    [21, 1e-4],
  ] as [number, number][],
  wanderProbability: 0.5,
  wanderMaxSd: 0.3,
  wanderHz: [0.1, 0.6],
  noiseMaxSd: 0.05,
  classWeightPower: 0.5,
  initSeed: 1,
  /**
   * Warm-restart phase (Loshchilov & Hutter 2017, SGDR, arXiv:1608.03983), epochs `fromEpoch`..`epochs`:
   * the weights restart from the best tune epoch of epochs 1..fromEpoch−1, with a fresh Adam, and the
   * rate follows cosine cycles of `cycleEpochs` epochs from `maxRate` to `minRate`, set per batch.
   * Each cycle ends at a low rate, so a run cut short after any whole cycle still ends annealed.
   * The phase adds noise-stress-test noise and time-stretch resampling to the augmentation.
   */
  restart: {
    fromEpoch: 25,
    cycleEpochs: 4,
    maxRate: 3e-4,
    minRate: 1e-5,
    /** probability of adding one nstdb noise channel (bw, em or ma; Moody et al. 1984) per window */
    nstdbProbability: 0.4,
    /** signal-to-noise ratio of the added nstdb noise, uniform in dB (signal SD 1 after normalisation) */
    nstdbSnrDb: [6, 24],
    /** probability of resampling the crop by a factor uniform in `stretch` (heart rate ×1/factor) */
    stretchProbability: 0.5,
    stretch: [0.9, 1.1],
  },
});

interface Args {
  resume: boolean;
  /** model folder to start the warm-restart phase from (see bootstrapRestart) */
  restartFrom: string | undefined;
  /** MIT-BIH Noise Stress Test folder (bw, em, ma) */
  nstdb: string;
  epochs: number;
  limit: number;
  data: string;
  out: string;
  heads: number;
  /** Whether --out was given (a smoke run writes the model only then). */
  outGiven: boolean;
}

function parseArgs(): Args {
  const options = new Command()
    .name('npm run train:rhythm --')
    .description('Train the rhythm model on the CinC 2017 training set (native TensorFlow needed).')
    .option('--resume', 'continue from checkpoints/rhythm/ (weights, optimiser state and epoch)', false)
    .option('--restart-from <dir>', 'skip epochs 1..24: start the warm-restart phase from this model, trained by them')
    .option('--nstdb <dir>', 'MIT-BIH Noise Stress Test folder (bw, em, ma records)', '../shared/data/nstdb')
    .option('--epochs <n>', 'total epochs', String(HYPER.epochs))
    .option('--limit <n>', 'at most N records per class and split, for a smoke run (0: all)', '0')
    .option('--data <dir>', 'PhysioNet 2017 folder', 'data/physionet2017')
    .option('--out <dir>', 'where the trained model is written (a smoke run writes only when given)')
    .option('--heads <n>', 'attention heads: 1, 2, 4 or 8 (total width heads × keyDim kept at 64)', String(RHYTHM_MODEL_CONFIG.numHeads))
    .parse()
    .opts<{
      resume: boolean;
      restartFrom?: string;
      nstdb: string;
      epochs: string;
      limit: string;
      data: string;
      out?: string;
      heads: string;
    }>();
  const number = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`train-rhythm: --${name} ${text}: need a non-negative integer`);
    return value;
  };
  const heads = number('heads', options.heads);
  const limit = number('limit', options.limit);
  if (!HEADS_CHOICES.includes(heads)) throw new Error(`train-rhythm: --heads ${heads}: choose one of ${HEADS_CHOICES.join(', ')}`);
  if (heads !== RHYTHM_MODEL_CONFIG.numHeads && options.out === undefined && limit === 0) {
    throw new Error(
      `train-rhythm: --heads ${heads} needs --out DIR (the committed ${RHYTHM_MODEL_CONFIG.numHeads}-head model is not overwritten)`,
    );
  }
  return {
    resume: options.resume,
    restartFrom: options.restartFrom,
    nstdb: options.nstdb,
    heads,
    epochs: number('epochs', options.epochs),
    limit,
    data: options.data,
    out: options.out ?? 'resources/models/rhythm',
    outGiven: options.out !== undefined,
  };
}

/** Head counts of the ablation (Gu et al. 2021, Table 3); each must divide the attention width. */
const HEADS_CHOICES: readonly number[] = Object.freeze([1, 2, 4, 8]);

/**
 * The architecture with `heads` attention heads and the default total attention width
 * (numHeads × keyDim of RHYTHM_MODEL_CONFIG, 64).
 */
function architectureWithHeads(heads: number): RhythmModelConfig {
  const width = RHYTHM_MODEL_CONFIG.numHeads * RHYTHM_MODEL_CONFIG.keyDim;
  return { ...RHYTHM_MODEL_CONFIG, numHeads: heads, keyDim: width / heads };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

interface Split {
  train: string[];
  tune: string[];
  validation: string[];
}

function stratifiedSplit(labels: Map<string, RhythmLabel>): Split {
  const random = seededRandom(SPLIT.seed);
  const split: Split = { train: [], tune: [], validation: [] };
  for (const label of RHYTHM_LABELS) {
    const names = shuffle(
      [...labels]
        .filter(([, l]) => l === label)
        .map(([n]) => n)
        .sort(),
      random,
    );
    const nValidation = Math.round(names.length * SPLIT.validationFraction);
    const nTune = Math.round(names.length * SPLIT.tuneFraction);
    split.validation.push(...names.slice(0, nValidation));
    split.tune.push(...names.slice(nValidation, nValidation + nTune));
    split.train.push(...names.slice(nValidation + nTune));
  }
  for (const part of Object.values(split)) part.sort();
  return split;
}

function limitPerClass(names: string[], labels: Map<string, RhythmLabel>, limit: number): string[] {
  if (limit <= 0) return names;
  const counts = new Map<RhythmLabel, number>();
  return names.filter((n) => {
    const l = labels.get(n) as RhythmLabel;
    counts.set(l, (counts.get(l) ?? 0) + 1);
    return (counts.get(l) as number) <= limit;
  });
}

function loadSignal(dataDir: string, name: string): Float32Array {
  const record = readRecord(join(dataDir, `${name}.hea`), { verifyChecksums: false });
  return resample(toPhysical(record, 0), record.fsHz, HYPER.fsHz);
}

/** Extra augmentation of the warm-restart phase: nstdb noise channels at 100 Hz, and time-stretch. */
interface RestartAugmentation {
  noise: Float32Array[];
}

/**
 * Reads the three MIT-BIH Noise Stress Test noise records (bw baseline wander, em electrode motion,
 * ma muscle artefact), both channels each, resampled to HYPER.fsHz.
 * @throws Error naming the folder when a record is missing
 */
function loadNstdbNoise(dir: string): Float32Array[] {
  const channels: Float32Array[] = [];
  for (const name of ['bw', 'em', 'ma']) {
    const path = join(dir, `${name}.hea`);
    if (!existsSync(path)) throw new Error(`train-rhythm: ${path} missing (nstdb noise for the warm-restart phase; --nstdb DIR)`);
    const record = readRecord(path, { verifyChecksums: false });
    for (let c = 0; c < record.adc.length; c++) channels.push(resample(toPhysical(record, c), record.fsHz, HYPER.fsHz));
  }
  return channels;
}

/**
 * The crop of `signal` from `start`, read every `factor` samples with linear interpolation (factor > 1
 * shortens the record in time: heart rate × factor), at most `windowSamples` long.
 */
function stretchedCrop(signal: Float32Array, start: number, factor: number, windowSamples: number): Float32Array {
  const count = Math.max(0, Math.min(windowSamples, Math.floor((signal.length - 1 - start) / factor) + 1));
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    const t = start + k * factor;
    const i = Math.floor(t);
    const a = signal[i] as number;
    out[k] = a + ((signal[Math.min(i + 1, signal.length - 1)] as number) - a) * (t - i);
  }
  return out;
}

function epochBatch(
  names: string[],
  signals: Map<string, Float32Array>,
  labels: Map<string, RhythmLabel>,
  random: () => number,
  restart: RestartAugmentation | undefined,
) {
  const windowSamples = HYPER.fsHz * HYPER.windowS;
  const order = shuffle([...names], random).slice(0, HYPER.windowsPerEpoch);
  const x = new Float32Array(order.length * windowSamples);
  const y = new Int32Array(order.length);
  const { stretch, stretchProbability, nstdbProbability, nstdbSnrDb } = HYPER.restart;
  order.forEach((name, k) => {
    const signal = signals.get(name) as Float32Array;
    const offset = k * windowSamples;
    const factor = restart !== undefined && random() < stretchProbability ? stretch[0]! + random() * (stretch[1]! - stretch[0]!) : 1;
    const span = Math.ceil(windowSamples * factor);
    const start = Math.floor(random() * Math.max(0, signal.length - span + 1));
    const crop = factor === 1 ? signal.subarray(start, start + windowSamples) : stretchedCrop(signal, start, factor, windowSamples);
    writeWindowInput(crop, 0, windowSamples, x, offset);
    const valid = Math.min(windowSamples, crop.length);
    if (random() < HYPER.wanderProbability) {
      const amplitude = random() * HYPER.wanderMaxSd;
      const hz = HYPER.wanderHz[0]! + random() * (HYPER.wanderHz[1]! - HYPER.wanderHz[0]!);
      const phase = random() * 2 * Math.PI;
      for (let i = 0; i < valid; i++)
        x[offset + i] = (x[offset + i] as number) + amplitude * Math.sin((2 * Math.PI * hz * i) / HYPER.fsHz + phase);
    }
    const noiseSd = random() * HYPER.noiseMaxSd;
    for (let i = 0; i < valid; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - random()));
      const theta = 2 * Math.PI * random();
      x[offset + i] = (x[offset + i] as number) + noiseSd * r * Math.cos(theta);
      if (i + 1 < valid) x[offset + i + 1] = (x[offset + i + 1] as number) + noiseSd * r * Math.sin(theta);
    }
    if (restart !== undefined && valid > 1 && random() < nstdbProbability) {
      const noise = restart.noise[Math.floor(random() * restart.noise.length)] as Float32Array;
      const from = Math.floor(random() * (noise.length - valid));
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < valid; i++) sum += noise[from + i] as number;
      const mean = sum / valid;
      for (let i = 0; i < valid; i++) squares += ((noise[from + i] as number) - mean) ** 2;
      const snrDb = nstdbSnrDb[0]! + random() * (nstdbSnrDb[1]! - nstdbSnrDb[0]!);
      const gain = 10 ** (-snrDb / 20) / Math.max(1e-6, Math.sqrt(squares / valid));
      for (let i = 0; i < valid; i++) x[offset + i] = (x[offset + i] as number) + ((noise[from + i] as number) - mean) * gain;
    }
    y[k] = RHYTHM_LABELS.indexOf(labels.get(name) as RhythmLabel);
  });
  return { x, y, count: order.length };
}

/**
 * Learning rate at `epoch` (1-based) after `fraction` (0..1) of its batches: the step schedule
 * HYPER.learningRates before HYPER.restart.fromEpoch, then cosine cycles of HYPER.restart.cycleEpochs.
 */
function learningRate(epoch: number, fraction: number): number {
  const { fromEpoch, cycleEpochs, maxRate, minRate } = HYPER.restart;
  if (epoch >= fromEpoch) {
    const progress = (((epoch - fromEpoch) % cycleEpochs) + fraction) / cycleEpochs;
    return minRate + 0.5 * (maxRate - minRate) * (1 + Math.cos(Math.PI * progress));
  }
  let rate = HYPER.learningRates[0]![1];
  for (const [from, r] of HYPER.learningRates) if (epoch >= from) rate = r;
  return rate;
}

function runtimeMeta(attentionSteps: number, attentionStepSamples: number): RhythmModelMeta {
  return {
    name: 'rhythm-resnet-bilstm-mhsa',
    version: '1.2.0',
    created: new Date().toISOString(),
    fsHz: HYPER.fsHz,
    windowS: HYPER.windowS,
    strideS: HYPER.strideS,
    normalisation: {
      ...WINDOW_NORMALISATION,
      method:
        'record resampled to fsHz (windowed sinc); per window: subtract the mean, divide by the standard deviation (at least stdFloorMv mV), clip to ±clip',
      padding: 'a record shorter than one window is zero-padded after its end (after normalisation)',
    },
    labels: RHYTHM_LABELS.map((label) => ({ label, meaning: RHYTHM_LABEL_MEANINGS[label] })),
    attention: {
      steps: attentionSteps,
      stepSamples: attentionStepSamples,
      windowS: HYPER.windowS,
      method: 'self-attention matrices averaged over the heads and over the query steps; each row sums to 1',
    },
  };
}

async function scoreRecords(
  classifier: RhythmClassifier,
  names: string[],
  signals: Map<string, Float32Array>,
  labels: Map<string, RhythmLabel>,
): Promise<{ scores: ChallengeScores; calls: RecordCall[] }> {
  const calls = await classifyRecords(
    classifier,
    names.map((n) => ({ signalMv: signals.get(n) as Float32Array, fsHz: HYPER.fsHz })),
  );
  const predicted = calls.map((c) => c.label);
  return {
    scores: challengeScores(
      names.map((n) => labels.get(n) as RhythmLabel),
      predicted,
    ),
    calls,
  };
}

function formatScores(s: ChallengeScores): string {
  return `F1 ${s.challengeF1.toFixed(4)} (N ${s.f1.N.toFixed(3)} A ${s.f1.A.toFixed(3)} O ${s.f1.O.toFixed(3)} ~ ${s.f1['~'].toFixed(3)}) acc ${s.accuracy.toFixed(3)}`;
}

interface TrainState {
  epoch: number;
  bestEpoch: number;
  bestTuneF1: number;
  elapsedS: number;
  history: { epoch: number; loss: number; accuracy: number; learningRate: number; tuneF1: number; seconds: number }[];
  /** the model the warm-restart phase started from (--restart-from), instead of this run's epochs 1..24 */
  restartFrom?: { dir: string; version: string; weightsSha256: string };
}

/** Checkpoint files of the optimiser state (Adam's iteration count and moment estimates). */
const OPTIMIZER_FILES = Object.freeze({ specs: 'optimizer.json', weights: 'optimizer.bin' });

/** Writes the optimiser's state (tf.io weight encoding) next to the `last` checkpoint. */
async function saveOptimizer(optimizer: tf.Optimizer, checkpointDir: string): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(await optimizer.getWeights());
  writeFileSync(join(checkpointDir, OPTIMIZER_FILES.weights), Buffer.from(data));
  writeFileSync(join(checkpointDir, OPTIMIZER_FILES.specs), JSON.stringify(specs));
}

/**
 * Restores the optimiser state saved by {@link saveOptimizer}, so a resumed run continues with the
 * same Adam moments and bias correction as an uninterrupted one.
 * @returns false when the checkpoint has no optimiser state (the optimiser then starts fresh)
 */
async function restoreOptimizer(optimizer: tf.Optimizer, checkpointDir: string): Promise<boolean> {
  const specsPath = join(checkpointDir, OPTIMIZER_FILES.specs);
  if (!existsSync(specsPath)) return false;
  const specs = JSON.parse(readFileSync(specsPath, 'utf8')) as tf.io.WeightsManifestEntry[];
  const bytes = readFileSync(join(checkpointDir, OPTIMIZER_FILES.weights));
  const map = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
  await optimizer.setWeights(specs.map((spec) => ({ name: spec.name, tensor: map[spec.name] as tf.Tensor })));
  return true;
}

/** What the state records of a --restart-from model: folder, version and the SHA-256 of its weights. */
function restartSource(modelDir: string): NonNullable<TrainState['restartFrom']> {
  const { version } = JSON.parse(readFileSync(join(modelDir, 'meta.json'), 'utf8')) as RhythmModelMeta;
  return { dir: modelDir, version, weightsSha256: sha256File(join(modelDir, 'weights.bin')) };
}

/**
 * Starts the warm-restart phase from a model trained by epochs 1..HYPER.restart.fromEpoch−1 of this
 * recipe (the committed model before the phase existed): its weights become the checkpoint's `best`
 * and `last`, its meta.json history the first epochs of the state, and its tune F1 is re-scored here.
 * @throws Error naming the folder when its meta.json does not record that many epochs of training
 */
async function bootstrapRestart(
  modelDir: string,
  checkpointDir: string,
  model: tf.LayersModel,
  scoreTune: () => Promise<ChallengeScores>,
): Promise<TrainState> {
  const phase1 = JSON.parse(readFileSync(join(modelDir, 'meta.json'), 'utf8')) as RhythmModelMeta;
  const training = phase1.training as
    { epochs?: number; bestEpoch?: number; wallSeconds?: number; history?: TrainState['history'] } | undefined;
  const epochs = HYPER.restart.fromEpoch - 1;
  if (training?.epochs !== epochs || training.bestEpoch === undefined || training.history === undefined) {
    throw new Error(
      `train-rhythm: --restart-from ${modelDir}: meta.json must record ${epochs} epochs of training (found ${training?.epochs})`,
    );
  }
  model.setWeights((await loadLayersModel(modelDir)).getWeights());
  const tuneScores = await scoreTune();
  console.log(`restart from ${modelDir} (best epoch ${training.bestEpoch} of ${epochs}): tune ${formatScores(tuneScores)}`);
  await saveLayersModel(model, join(checkpointDir, 'best'));
  await saveLayersModel(model, join(checkpointDir, 'last'));
  return {
    epoch: epochs,
    bestEpoch: training.bestEpoch,
    bestTuneF1: tuneScores.challengeF1,
    elapsedS: training.wallSeconds ?? 0,
    history: training.history,
    restartFrom: restartSource(modelDir),
  };
}

async function main(): Promise<void> {
  const args = parseArgs();
  await initBackend();
  await requireTrainingBackend('rhythm training');
  const backend = getTf().getBackend();
  const checkpointName = args.heads === RHYTHM_MODEL_CONFIG.numHeads ? 'rhythm' : `rhythm-heads${args.heads}`;
  const checkpointDir = resolve(args.limit > 0 ? `checkpoints/${checkpointName}-smoke` : `checkpoints/${checkpointName}`);
  mkdirSync(checkpointDir, { recursive: true });

  const labels = readChallenge2017Labels(join(args.data, 'REFERENCE.csv'));
  const split = stratifiedSplit(labels);
  const train = limitPerClass(split.train, labels, args.limit);
  const tune = limitPerClass(split.tune, labels, args.limit);
  const validation = limitPerClass(split.validation, labels, args.limit);
  console.log(`backend ${backend}; records: train ${train.length}, tune ${tune.length}, validation ${validation.length}`);

  const t0 = Date.now();
  const signals = new Map<string, Float32Array>();
  for (const name of [...train, ...tune, ...validation]) signals.set(name, loadSignal(args.data, name));
  console.log(`loaded and resampled ${signals.size} records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const counts = RHYTHM_LABELS.map((l) => train.filter((n) => labels.get(n) === l).length);
  const raw = counts.map((c) => (c > 0 ? (train.length / (RHYTHM_LABELS.length * c)) ** HYPER.classWeightPower : 0));
  const mean = raw.reduce((acc, w, i) => acc + w * (counts[i] as number), 0) / train.length;
  const classWeight: Record<number, number> = {};
  raw.forEach((w, i) => (classWeight[i] = w / mean));
  console.log(`train class counts ${JSON.stringify(counts)}, weights ${raw.map((w) => (w / mean).toFixed(3)).join(' ')}`);

  const architecture = architectureWithHeads(args.heads);
  const models = buildRhythmModel(architecture, HYPER.initSeed);
  const meta = runtimeMeta(models.attentionSteps, models.attentionStepSamples);
  let optimizer = tf.train.adam(HYPER.learningRates[0]![1]);
  models.training.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  console.log(`parameters ${models.inference.countParams()}, attention steps ${models.attentionSteps}`);

  const statePath = join(checkpointDir, 'state.json');
  let state: TrainState = { epoch: 0, bestEpoch: 0, bestTuneF1: -1, elapsedS: 0, history: [] };
  const classifier = new RhythmClassifier(models.inference, meta);
  if (args.restartFrom !== undefined && !(args.resume && existsSync(statePath))) {
    state = await bootstrapRestart(
      args.restartFrom,
      checkpointDir,
      models.inference,
      async () => (await scoreRecords(classifier, tune, signals, labels)).scores,
    );
    writeFileSync(statePath, JSON.stringify(state, null, 1));
  } else if (args.resume && existsSync(statePath)) {
    state = JSON.parse(readFileSync(statePath, 'utf8')) as TrainState;
    if (state.restartFrom === undefined && args.restartFrom !== undefined) state.restartFrom = restartSource(args.restartFrom);
    models.inference.setWeights((await loadLayersModel(join(checkpointDir, 'last'))).getWeights());
    if (await restoreOptimizer(optimizer, checkpointDir)) console.log('  optimiser state restored');
    console.log(`resumed after epoch ${state.epoch} (best tune F1 ${state.bestTuneF1.toFixed(4)} at epoch ${state.bestEpoch})`);
  }
  const noise = state.epoch + 1 <= args.epochs && args.epochs >= HYPER.restart.fromEpoch ? loadNstdbNoise(args.nstdb) : [];
  for (let epoch = state.epoch + 1; epoch <= args.epochs; epoch++) {
    const started = Date.now();
    const restartPhase = epoch >= HYPER.restart.fromEpoch;
    if (epoch === HYPER.restart.fromEpoch) {
      models.inference.setWeights((await loadLayersModel(join(checkpointDir, 'best'))).getWeights());
      optimizer = tf.train.adam(HYPER.restart.maxRate);
      models.training.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      console.log(`warm restart from the best epoch ${state.bestEpoch} (tune F1 ${state.bestTuneF1.toFixed(4)}), fresh Adam`);
    }
    const batch = epochBatch(train, signals, labels, seededRandom(SPLIT.seed * 1000 + epoch), restartPhase ? { noise } : undefined);
    const windowSamples = HYPER.fsHz * HYPER.windowS;
    const x = tf.tensor3d(batch.x, [batch.count, windowSamples, 1]);
    const y = tf.tensor1d(batch.y, 'float32');
    const steps = Math.ceil(batch.count / HYPER.batchSize);
    const setRate = (b: number): void => {
      (optimizer as unknown as { learningRate: number }).learningRate = learningRate(epoch, b / steps);
    };
    setRate(0);
    const rate = learningRate(epoch, 0);
    const history = await models.training.fit(x, y, {
      epochs: 1,
      batchSize: HYPER.batchSize,
      shuffle: false,
      classWeight,
      verbose: 0,
      callbacks: {
        onBatchBegin: async (b) => setRate(b),
        onBatchEnd: async (b, logs) => {
          if ((b + 1) % 40 === 0) {
            const s = (Date.now() - started) / 1000;
            console.log(
              `  epoch ${epoch} batch ${b + 1}/${steps} loss ${logs?.loss?.toFixed(4)} ${(((b + 1) * HYPER.batchSize) / s).toFixed(1)} windows/s`,
            );
          }
        },
      },
    });
    tf.dispose([x, y]);
    const fitS = (Date.now() - started) / 1000;
    const { scores: tuneScores } = await scoreRecords(classifier, tune, signals, labels);
    const seconds = (Date.now() - started) / 1000;
    const loss = history.history.loss?.[0] as number;
    const accuracy = (history.history.acc ?? history.history.accuracy)?.[0] as number;
    state.history.push({ epoch, loss, accuracy, learningRate: rate, tuneF1: tuneScores.challengeF1, seconds });
    state.epoch = epoch;
    state.elapsedS += seconds;
    console.log(
      `epoch ${epoch}/${args.epochs} lr ${rate.toExponential(2)} loss ${loss.toFixed(4)} acc ${accuracy.toFixed(3)} fit ${fitS.toFixed(0)} s (${(batch.count / fitS).toFixed(1)} windows/s) | tune ${formatScores(tuneScores)} | ${seconds.toFixed(0)} s`,
    );
    await saveLayersModel(models.inference, join(checkpointDir, 'last'));
    await saveOptimizer(optimizer, checkpointDir);
    if (tuneScores.challengeF1 > state.bestTuneF1) {
      state.bestTuneF1 = tuneScores.challengeF1;
      state.bestEpoch = epoch;
      await saveLayersModel(models.inference, join(checkpointDir, 'best'));
      console.log(`  new best tune F1 ${tuneScores.challengeF1.toFixed(4)}`);
    }
    writeFileSync(`${statePath}.partial`, JSON.stringify(state, null, 1));
    renameSync(`${statePath}.partial`, statePath);
  }

  models.inference.setWeights((await loadLayersModel(join(checkpointDir, 'best'))).getWeights());
  const { scores: tuneScores, calls: tuneCalls } = await scoreRecords(classifier, tune, signals, labels);
  const calibration = fitRecordCallCalibration(
    tuneCalls.map((c) => c.uncalibrated),
    tune.map((n) => labels.get(n) as RhythmLabel),
    'tune',
  );
  console.log(
    `record-call temperature ${calibration.temperature.toFixed(4)} (tune NLL ${calibration.nllBefore.toFixed(4)} → ${calibration.nllAfter.toFixed(4)} nats/record)`,
  );
  const { scores: validationScores } = await scoreRecords(classifier, validation, signals, labels);
  console.log(`best epoch ${state.bestEpoch}: tune ${formatScores(tuneScores)}`);
  console.log('validation scored once with the final model into meta.json (not printed here: npm run eval:rhythm reports it)');
  if (args.limit > 0 && !args.outGiven) return;

  mkdirSync(args.out, { recursive: true });
  await saveLayersModel(models.inference, args.out);
  const allCounts = Object.fromEntries(RHYTHM_LABELS.map((l) => [l, [...labels.values()].filter((v) => v === l).length]));
  const full: RhythmModelMeta = {
    ...meta,
    created: new Date().toISOString(),
    data: {
      database: 'PhysioNet/CinC Challenge 2017 training set (90 % released to the project), REFERENCE.csv labels',
      citation: 'Clifford GD et al., Computing in Cardiology 44, 2017, doi:10.22489/CinC.2017.065-469',
      records: labels.size,
      classCounts: allCounts,
      inputFsHz: 300,
    },
    split: {
      method: `stratified by class: per class, names sorted then shuffled with mulberry32(seed); first ${SPLIT.validationFraction} → validation, next ${SPLIT.tuneFraction} → tune, rest → train`,
      seed: SPLIT.seed,
      counts: { train: train.length, tune: tune.length, validation: validation.length },
      trainIs: 'every record of REFERENCE.csv not listed in tune or validation',
      tune,
      validation,
    },
    hyperParameters: {
      ...HYPER,
      architecture,
      optimizer: 'adam',
      loss: 'sparse categorical cross-entropy',
      classWeights: classWeight,
      selection: 'epoch with the best tune Challenge F1',
    },
    metrics: {
      tune: tuneScores,
      validation: validationScores,
      recordCall: 'windows every 15 s (last aligned to the record end), probabilities averaged, argmax',
    },
    calibration,
    training: {
      backend,
      epochs: state.epoch,
      bestEpoch: state.bestEpoch,
      wallSeconds: Math.round(state.elapsedS),
      ...(state.restartFrom === undefined ? {} : { restartFrom: state.restartFrom }),
      history: state.history,
    },
    parameterCount: models.inference.countParams(),
    sha256: { 'model.json': sha256File(join(args.out, 'model.json')), 'weights.bin': sha256File(join(args.out, 'weights.bin')) },
  };
  writeFileSync(join(args.out, 'meta.json'), `${JSON.stringify(full, null, 1)}\n`);
  console.log(`wrote ${args.out}`);
}

await main();
