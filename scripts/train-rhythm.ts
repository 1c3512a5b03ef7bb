/**
 * Trains the rhythm classifier (CinC 2017 classes N, A, O, ~) on PhysioNet 2017 and writes
 * resources/models/rhythm/ (model.json, weights.bin, meta.json).
 *
 * Usage: npx tsx scripts/train-rhythm.ts [--resume] [--epochs N] [--limit N] [--heads N] [--data DIR] [--out DIR]
 *   --resume     continue from checkpoints/rhythm/ (weights and epoch; the optimiser restarts)
 *   --epochs N   total epochs (default HYPER.epochs)
 *   --limit N    use at most N records per class and split (smoke test; writes to --out only if given)
 *   --heads N    attention heads (1, 2, 4 or 8; default RHYTHM_MODEL_CONFIG.numHeads = 4). The total
 *                attention width numHeads × keyDim stays 64 (keyDim = 64 / N), as in Vaswani et al.'s
 *                head ablation, so only the split into heads changes. Any value but the default needs
 *                --out (the committed model is not overwritten) and checkpoints to checkpoints/rhythm-heads<N>/.
 * Long run: nohup npx tsx scripts/train-rhythm.ts > checkpoints/train-rhythm.log 2>&1 &
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
 * - Adam; categorical cross-entropy; the epoch with the best tune Challenge F1 is kept.
 * - The record call's temperature (record-call-calibration.ts) is fitted on the tune split with the
 *   kept model and stored in meta.json `calibration`.
 */
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  epochs: 24,
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
});

interface Args {
  resume: boolean;
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
    .option('--resume', 'continue from checkpoints/rhythm/ (weights and epoch)', false)
    .option('--epochs <n>', 'total epochs', String(HYPER.epochs))
    .option('--limit <n>', 'at most N records per class and split, for a smoke run (0: all)', '0')
    .option('--data <dir>', 'PhysioNet 2017 folder', 'data/physionet2017')
    .option('--out <dir>', 'where the trained model is written (a smoke run writes only when given)')
    .option('--heads <n>', 'attention heads: 1, 2, 4 or 8 (total width heads × keyDim kept at 64)', String(RHYTHM_MODEL_CONFIG.numHeads))
    .parse()
    .opts<{ resume: boolean; epochs: string; limit: string; data: string; out?: string; heads: string }>();
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

function epochBatch(names: string[], signals: Map<string, Float32Array>, labels: Map<string, RhythmLabel>, random: () => number) {
  const windowSamples = HYPER.fsHz * HYPER.windowS;
  const order = shuffle([...names], random).slice(0, HYPER.windowsPerEpoch);
  const x = new Float32Array(order.length * windowSamples);
  const y = new Int32Array(order.length);
  order.forEach((name, k) => {
    const signal = signals.get(name) as Float32Array;
    const start = Math.floor(random() * Math.max(0, signal.length - windowSamples + 1));
    const offset = k * windowSamples;
    writeWindowInput(signal, start, windowSamples, x, offset);
    const valid = Math.min(windowSamples, signal.length - start);
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
    y[k] = RHYTHM_LABELS.indexOf(labels.get(name) as RhythmLabel);
  });
  return { x, y, count: order.length };
}

function learningRate(epoch: number): number {
  let rate = HYPER.learningRates[0]![1];
  for (const [from, r] of HYPER.learningRates) if (epoch >= from) rate = r;
  return rate;
}

/** Writes a layers model as model.json + weights.bin (the tfjs layers-model format). */
function runtimeMeta(attentionSteps: number, attentionStepSamples: number): RhythmModelMeta {
  return {
    name: 'rhythm-resnet-bilstm-mhsa',
    version: '1.1.0',
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
  const optimizer = tf.train.adam(HYPER.learningRates[0]![1]);
  models.training.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  console.log(`parameters ${models.inference.countParams()}, attention steps ${models.attentionSteps}`);

  const statePath = join(checkpointDir, 'state.json');
  let state: TrainState = { epoch: 0, bestEpoch: 0, bestTuneF1: -1, elapsedS: 0, history: [] };
  if (args.resume && existsSync(statePath)) {
    state = JSON.parse(readFileSync(statePath, 'utf8')) as TrainState;
    models.inference.setWeights((await loadLayersModel(join(checkpointDir, 'last'))).getWeights());
    console.log(`resumed after epoch ${state.epoch} (best tune F1 ${state.bestTuneF1.toFixed(4)} at epoch ${state.bestEpoch})`);
  }
  const classifier = new RhythmClassifier(models.inference, meta);
  for (let epoch = state.epoch + 1; epoch <= args.epochs; epoch++) {
    const started = Date.now();
    const rate = learningRate(epoch);
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
    const batch = epochBatch(train, signals, labels, seededRandom(SPLIT.seed * 1000 + epoch));
    const windowSamples = HYPER.fsHz * HYPER.windowS;
    const x = tf.tensor3d(batch.x, [batch.count, windowSamples, 1]);
    const y = tf.tensor1d(batch.y, 'float32');
    const steps = Math.ceil(batch.count / HYPER.batchSize);
    const history = await models.training.fit(x, y, {
      epochs: 1,
      batchSize: HYPER.batchSize,
      shuffle: false,
      classWeight,
      verbose: 0,
      callbacks: {
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
      `epoch ${epoch}/${args.epochs} lr ${rate} loss ${loss.toFixed(4)} acc ${accuracy.toFixed(3)} fit ${fitS.toFixed(0)} s (${(batch.count / fitS).toFixed(1)} windows/s) | tune ${formatScores(tuneScores)} | ${seconds.toFixed(0)} s`,
    );
    await saveLayersModel(models.inference, join(checkpointDir, 'last'));
    if (tuneScores.challengeF1 > state.bestTuneF1) {
      state.bestTuneF1 = tuneScores.challengeF1;
      state.bestEpoch = epoch;
      await saveLayersModel(models.inference, join(checkpointDir, 'best'));
      console.log(`  new best tune F1 ${tuneScores.challengeF1.toFixed(4)}`);
    }
    writeFileSync(statePath, JSON.stringify(state, null, 1));
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
    training: { backend, epochs: state.epoch, bestEpoch: state.bestEpoch, wallSeconds: Math.round(state.elapsedS), history: state.history },
    parameterCount: models.inference.countParams(),
    sha256: { 'model.json': sha256File(join(args.out, 'model.json')), 'weights.bin': sha256File(join(args.out, 'weights.bin')) },
  };
  writeFileSync(join(args.out, 'meta.json'), `${JSON.stringify(full, null, 1)}\n`);
  console.log(`wrote ${args.out}`);
}

await main();
