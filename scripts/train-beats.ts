/**
 * `npm run train:beats` — trains the AAMI beat classifier (N/S/V/F/Q) on MIT-BIH DS1 only and writes
 * `resources/models/beats/` (model.json, weights.bin, meta.json).
 *
 * Two phases, both on DS1 (de Chazal et al. 2004 inter-patient split, doi:10.1109/TBME.2004.827359):
 * 1. validate: train on 17 DS1 records, score the 5 held-out DS1 records (patient-held-out, one fold
 *    grouped by record) after every epoch; at each epoch search the S and V decision weights
 *    (`decisionWeightGrid`, label = argmax of probability × weight) for the best mean of the S and V
 *    F1 scores there; the epoch count and decision weights are those of the best such score;
 * 2. final: re-initialise and train on all 22 DS1 records for that epoch count; this is the model saved,
 *    with the decision weights in meta.json.
 * DS2 is never read.
 *
 * Inputs are time-local (beat-inputs.ts): each beat is normalised by the running median QRS range of
 * the 2·halfBeats + 1 beats centred on it and compared with their running median beat.
 *
 * Configuration chosen on the same DS1 validation split (best mean S/V F1 over the epochs; noisy
 * per-epoch curves). With the former record-wide normalisation: class weight power 0.5, no context
 * dropout, constant learning rate 2e-3 reached 0.526; power 0.75, context dropout 0.3, learning rate
 * ×0.9 per epoch (this file) reached 0.636. With the time-local normalisation and plain argmax: no
 * noise 0.555 (epoch 8), nstdb noise on 30% of the beats 0.569 (epoch 4), so noise is on.
 *
 * Per epoch: every S, V, F, Q beat of the training records plus a fresh random sample of N beats
 * (`nBeatsPerEpoch`), each at its reference R position jittered by ±`jitterSamples` model samples
 * (so the model tolerates the detector's placement), scaled by a random amplitude factor, and with
 * probability `noiseProbability` given a random stretch of nstdb bw/em/ma noise at a random SNR; loss:
 * categorical cross-entropy weighted per class by min(cap, (n_N / n_c)^power) over the epoch's beats.
 *
 * Usage: npx tsx scripts/train-beats.ts [--data DIR] [--out DIR] [--checkpoints DIR] [--resume]
 *        [--max-epochs N] [--final-epochs N] [--noise DIR] [--noise-probability P] [--limit N]
 * Needs a backend that can train (native 'tensorflow': `npm run setup:native`). A killed run resumes
 * with `--resume` from the last epoch checkpointed in `--checkpoints` (weights only: the Adam moments
 * and the dropout mask sequence restart, so a resumed run is not the uninterrupted one).
 *
 * Reproducible: the initial weights and dropout masks come from the seed (buildBeatModels), each epoch's beats,
 * augmentation and batch order from seededRandom(seed, epoch), and tfjs's fit does not shuffle; so two runs with the
 * same options write the same weights on the same backend. `--limit N` (at most N beats per epoch and N validation
 * beats) makes a smoke run that shows it in minutes.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { requireTrainingBackend } from '../src/main/core/ml/backend';
import { saveLayersModel, sha256File } from '../src/main/core/ml/save-model';
import { seededRandom } from '../src/main/core/ml/seeded-random';
import { AAMI_CLASSES, type AamiClass } from '../src/shared/labels';
import { beatInputWindows, prepareBeatRecord, type BeatInputLayout, type PreparedBeatRecord } from '../src/main/core/beats/beat-inputs';
import { BEAT_MODEL_CONFIG, buildBeatModels } from '../src/main/core/beats/beat-model';
import { classMetrics, type ClassMetrics } from '../src/main/core/beats/class-metrics';
import { weightedArgmax } from '../src/main/core/beats/weighted-argmax';
import { classWeights } from '../src/main/core/beats/class-weights';
import type { BeatModelMeta } from '../src/main/core/beats/beat-model-meta';
import { BEAT_WINDOW_CONFIG } from '../src/main/core/beats/beat-windows';
import { resample } from '../src/main/core/dsp/resample';
import { readRecord, toPhysicalFrames } from '../src/main/core/wfdb/record';
import { readReferenceBeats } from '../src/main/core/beats/reference-beats';
import { computeRrFeatures, RR_FEATURE_CONFIG, RR_FEATURE_COUNT, RR_FEATURE_NAMES } from '../src/main/core/beats/rr-features';

/** DS1 of de Chazal et al. 2004 (paced records excluded). */
const DS1_RECORDS = Object.freeze([
  '101',
  '106',
  '108',
  '109',
  '112',
  '114',
  '115',
  '116',
  '118',
  '119',
  '122',
  '124',
  '201',
  '203',
  '205',
  '207',
  '208',
  '209',
  '215',
  '220',
  '223',
  '230',
]);

/** Training hyper-parameters; the epoch count of the final model is chosen on the validation records. */
const TRAIN_CONFIG = Object.freeze({
  /** DS1 records held out in the validation phase: together 328 S and 1,254 V beats */
  validationRecords: ['106', '118', '124', '201', '223'] as readonly string[],
  /** N beats drawn afresh per epoch (all S, V, F, Q beats are used every epoch) */
  nBeatsPerEpoch: 6000,
  /** R-position jitter, uniform in ±jitterSamples model samples (±23 ms at 128 Hz) */
  jitterSamples: 3,
  /** per-beat amplitude factor exp(U(−a, a)) */
  amplitudeLogRange: 0.2,
  /** share of training beats given nstdb noise (0: none, and no random numbers drawn for it) */
  noiseProbability: 0.3,
  /** nstdb noise records (MIT-BIH Noise Stress Test Database: baseline wander, electrode motion, muscle) */
  noiseRecords: ['bw', 'em', 'ma'] as readonly string[],
  /** SNRs drawn uniformly from these, in dB: noise RMS = 10^(−SNR/20) · QRS peak-to-peak / √8 (a sine of that peak-to-peak) */
  noiseSnrDb: [6, 12, 18, 24] as readonly number[],
  /** class weight min(cap, (n_N / n_c)^power) */
  classWeightPower: 0.75,
  classWeightCap: 10,
  /** Adam learning rate of epoch e (1-based): learningRate · learningRateDecay^(e−1) */
  learningRate: 2e-3,
  learningRateDecay: 0.9,
  batchSize: 128,
  /** S and V decision weights tried at every validation epoch (label = argmax of probability × weight) */
  decisionWeightGrid: [1, 0.7, 1.4, 0.5, 2, 0.35, 2.8, 0.25, 4] as readonly number[],
  /** validation phase: at most maxEpochs, stopping after `patience` epochs without a better score */
  maxEpochs: 20,
  patience: 5,
  seed: 20041196,
});

interface RecordData {
  name: string;
  prepared: PreparedBeatRecord;
  rr: Float32Array;
  classIndex: Uint8Array;
}

interface EpochLog {
  epoch: number;
  loss: number;
  seconds: number;
  /** mean S/V F1 of the plain argmax */
  score?: number;
  metrics?: Record<AamiClass, ClassMetrics>;
  /** the decision weights that maximise the mean S/V F1 at this epoch, with that score and its metrics */
  decision?: { weights: number[]; score: number; metrics: Record<AamiClass, ClassMetrics> };
}

interface CheckpointState {
  phase: 'validate' | 'final';
  epoch: number;
  history: EpochLog[];
  validationHistory: EpochLog[];
  chosenEpochs: number | null;
  elapsedS: number;
}

const args = new Command()
  .name('npm run train:beats --')
  .description('Train the AAMI beat classifier on MIT-BIH DS1 (validate phase, then final phase); needs native TensorFlow.')
  .option('--data <dir>', 'mitdb folder', '../shared/data/mitdb')
  .option('--out <dir>', 'where the trained model is written', 'resources/models/beats')
  .option('--checkpoints <dir>', 'checkpoint folder', 'checkpoints/beats')
  .option('--resume', 'resume from the last checkpoint', false)
  .option('--max-epochs <n>', 'most epochs of the validate phase')
  .option('--final-epochs <n>', 'epochs of the final phase (default: the best validate epoch)')
  .option('--noise <dir>', 'nstdb folder (noise augmentation)', '../shared/data/nstdb')
  .option('--noise-probability <p>', `share of training beats given nstdb noise (default ${TRAIN_CONFIG.noiseProbability})`)
  .option('--limit <n>', 'at most n beats per epoch and n validation beats, a seeded subset (smoke runs)')
  .parse()
  .opts<{
    data: string;
    out: string;
    checkpoints: string;
    resume: boolean;
    maxEpochs?: string;
    finalEpochs?: string;
    noise: string;
    noiseProbability?: string;
    limit?: string;
  }>();

/** most beats per epoch and of the validation set (--limit) */
const beatLimit = args.limit === undefined ? Infinity : Number(args.limit);
if (!(beatLimit >= 1)) throw new RangeError(`--limit must be a positive number of beats, got ${args.limit}`);

/** share of training beats given noise in this run */
const noiseProbability = Number(args.noiseProbability ?? TRAIN_CONFIG.noiseProbability);

function loadRecords(dataDir: string): RecordData[] {
  return DS1_RECORDS.map((name) => {
    const ref = readReferenceBeats(join(dataDir, `${name}.hea`));
    const prepared = prepareBeatRecord([ref.leadMv], ref.fsHz, ref.beatSamples, metaLayout(), name);
    const rr = computeRrFeatures(ref.beatSamples, ref.fsHz, RR_FEATURE_CONFIG);
    const classIndex = Uint8Array.from(ref.beatClasses, (c) => AAMI_CLASSES.indexOf(c));
    return { name, prepared, rr, classIndex };
  });
}

function metaLayout(): BeatInputLayout & Pick<BeatModelMeta, 'leads' | 'normalisation' | 'window'> {
  return {
    fsHz: BEAT_MODEL_CONFIG.fsHz,
    window: {
      samples: BEAT_MODEL_CONFIG.windowSamples,
      startOffsetSamples: BEAT_MODEL_CONFIG.windowStartOffset,
      secondsBeforeR: -BEAT_MODEL_CONFIG.windowStartOffset / BEAT_MODEL_CONFIG.fsHz,
      secondsAfterR: (BEAT_MODEL_CONFIG.windowStartOffset + BEAT_MODEL_CONFIG.windowSamples - 1) / BEAT_MODEL_CONFIG.fsHz,
      channels: 'per lead l (of L): channel l = normalised window, channel L + l = window − the running median beat (±halfBeats beats)',
      description: 'sample s of the window is the model-rate signal at round(R·fsHz/fsRecord) + startOffsetSamples + s',
    },
    leads: {
      count: BEAT_MODEL_CONFIG.leads,
      description: 'lead 0 as passed by the caller; MLII for mitdb records (114 has it as signal 1)',
    },
    normalisation: {
      description:
        'time-local (centred over beats i − halfBeats … i + halfBeats of the beat list, those that exist): per beat, the median of the window is subtracted; ' +
        'per beat and lead, the window is divided by the running median over those beats of the peak-to-peak range within ±qrsHalfWidthS of R ' +
        '(at the model rate, unmeasurable beats left out); values clamped to ±clamp; NaN and out-of-record samples become 0; ' +
        'running median beat = per-sample upper median of the normalised windows of those beats. Appending ECG changes only the last halfBeats beats ' +
        '(and, through longRrS, those within longWindowS / 2 of the end)',
      qrsHalfWidthS: BEAT_WINDOW_CONFIG.qrsHalfWidthS,
      fallbackAmplitudeMv: BEAT_WINDOW_CONFIG.fallbackAmplitudeMv,
      clamp: BEAT_WINDOW_CONFIG.clamp,
      halfBeats: BEAT_WINDOW_CONFIG.halfBeats,
    },
  };
}

interface BeatSet {
  wave: Float32Array;
  rr: Float32Array;
  labels: Uint8Array;
}

/** nstdb noise records, signal 0 at the model rate, mean removed and scaled to unit RMS. */
function loadNoise(dir: string): Float32Array[] {
  return TRAIN_CONFIG.noiseRecords.map((name) => {
    const record = readRecord(join(dir, `${name}.hea`));
    const noise = resample(toPhysicalFrames(record, 0), record.fsHz, BEAT_MODEL_CONFIG.fsHz);
    const mean = noise.reduce((sum, v) => sum + v, 0) / noise.length;
    const rms = Math.sqrt(noise.reduce((sum, v) => sum + (v - mean) ** 2, 0) / noise.length);
    return noise.map((v) => (v - mean) / rms);
  });
}

/** Adds a random stretch of a random noise record at a random SNR to both channels of a beat (the running median beat stays clean). */
function addNoise(windows: Float32Array, beat: number, noise: readonly Float32Array[], random: () => number): void {
  const samples = BEAT_MODEL_CONFIG.windowSamples;
  const source = noise[Math.floor(random() * noise.length)] as Float32Array;
  const start = Math.floor(random() * (source.length - samples));
  const snrDb = TRAIN_CONFIG.noiseSnrDb[Math.floor(random() * TRAIN_CONFIG.noiseSnrDb.length)] as number;
  const scale = 10 ** (-snrDb / 20) / Math.sqrt(8);
  let mean = 0;
  for (let s = 0; s < samples; s++) mean += source[start + s] as number;
  mean /= samples;
  const clamp = BEAT_WINDOW_CONFIG.clamp;
  for (let s = 0; s < samples; s++) {
    const add = ((source[start + s] as number) - mean) * scale;
    for (let c = 0; c < 2; c++) {
      const k = (beat * samples + s) * 2 + c;
      windows[k] = Math.max(-clamp, Math.min(clamp, (windows[k] as number) + add));
    }
  }
}

/** Gathers the selected beats of every record into model inputs; `random` null disables augmentation. */
function gatherBeats(
  records: RecordData[],
  selection: Int32Array[],
  random: (() => number) | null,
  noise: readonly Float32Array[],
): BeatSet {
  const total = selection.reduce((sum, s) => sum + s.length, 0);
  const perBeat = BEAT_MODEL_CONFIG.windowSamples * 2 * BEAT_MODEL_CONFIG.leads;
  const set: BeatSet = {
    wave: new Float32Array(total * perBeat),
    rr: new Float32Array(total * RR_FEATURE_COUNT),
    labels: new Uint8Array(total),
  };
  const layout = metaLayout();
  let at = 0;
  records.forEach((record, r) => {
    const chosen = selection[r] as Int32Array;
    const shifts = random === null ? undefined : Int32Array.from(chosen, () => Math.round((random() * 2 - 1) * TRAIN_CONFIG.jitterSamples));
    const windows = beatInputWindows(record.prepared, chosen, layout, shifts);
    if (random !== null) {
      for (let b = 0; b < chosen.length; b++) {
        const gain = Math.exp((random() * 2 - 1) * TRAIN_CONFIG.amplitudeLogRange);
        for (let k = b * perBeat; k < (b + 1) * perBeat; k++) windows[k] = (windows[k] as number) * gain;
      }
      if (noiseProbability > 0) {
        for (let b = 0; b < chosen.length; b++) if (random() < noiseProbability) addNoise(windows, b, noise, random);
      }
    }
    set.wave.set(windows, at * perBeat);
    chosen.forEach((i, b) => {
      set.rr.set(record.rr.subarray(i * RR_FEATURE_COUNT, (i + 1) * RR_FEATURE_COUNT), (at + b) * RR_FEATURE_COUNT);
      set.labels[at + b] = record.classIndex[i] as number;
    });
    at += chosen.length;
  });
  return set;
}

/** Every non-N beat plus `nBeatsPerEpoch` N beats drawn without replacement across the records. */
function epochSelection(records: RecordData[], random: () => number): Int32Array[] {
  const nBeats: Array<[number, number]> = [];
  const chosen: number[][] = records.map(() => []);
  records.forEach((record, r) => {
    record.classIndex.forEach((c, i) => (c === 0 ? nBeats.push([r, i]) : (chosen[r] as number[]).push(i)));
  });
  const take = Math.min(TRAIN_CONFIG.nBeatsPerEpoch, nBeats.length);
  for (let k = 0; k < take; k++) {
    const j = k + Math.floor(random() * (nBeats.length - k));
    const picked = nBeats[j] as [number, number];
    nBeats[j] = nBeats[k] as [number, number];
    nBeats[k] = picked;
    (chosen[picked[0]] as number[]).push(picked[1]);
  }
  return chosen.map((list) => Int32Array.from(list.sort((a, b) => a - b)));
}

function allBeats(records: RecordData[]): Int32Array[] {
  return records.map((record) => Int32Array.from(record.classIndex.keys()));
}

/**
 * The beats of a set in a seeded random order (Fisher–Yates with `random`), at most `limit` of them: the training batches
 * come from this order (fit's own shuffling, from Math.random, is off), so a run's batches depend only on the seed.
 */
function shuffledBeats(set: BeatSet, random: () => number, limit: number): BeatSet {
  const n = set.labels.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const kept = order.subarray(0, Math.min(n, limit));
  const perBeat = BEAT_MODEL_CONFIG.windowSamples * 2 * BEAT_MODEL_CONFIG.leads;
  const out: BeatSet = {
    wave: new Float32Array(kept.length * perBeat),
    rr: new Float32Array(kept.length * RR_FEATURE_COUNT),
    labels: new Uint8Array(kept.length),
  };
  kept.forEach((i, k) => {
    out.wave.set(set.wave.subarray(i * perBeat, (i + 1) * perBeat), k * perBeat);
    out.rr.set(set.rr.subarray(i * RR_FEATURE_COUNT, (i + 1) * RR_FEATURE_COUNT), k * RR_FEATURE_COUNT);
    out.labels[k] = set.labels[i] as number;
  });
  return out;
}

function trainingClassWeights(labels: Uint8Array): Record<number, number> {
  return { ...classWeights(labels, TRAIN_CONFIG.classWeightPower, TRAIN_CONFIG.classWeightCap) };
}

function toTensors(set: BeatSet): { x: tf.Tensor[]; y: tf.Tensor } {
  const n = set.labels.length;
  return tf.tidy(() => ({
    x: [
      tf.tensor3d(set.wave, [n, BEAT_MODEL_CONFIG.windowSamples, 2 * BEAT_MODEL_CONFIG.leads]),
      tf.tensor2d(set.rr, [n, RR_FEATURE_COUNT]),
    ],
    y: tf.oneHot(tf.tensor1d(set.labels, 'int32'), AAMI_CLASSES.length),
  }));
}

async function predictProbabilities(model: tf.LayersModel, set: BeatSet): Promise<Float32Array> {
  const { x, y } = toTensors(set);
  const probabilities = model.predict(x, { batchSize: 1024 }) as tf.Tensor;
  const values = Float32Array.from(await probabilities.data());
  tf.dispose([x, y, probabilities]);
  return values;
}

/** The S and V decision weights of the grid (N, F, Q keep 1) whose weighted argmax has the best mean S/V F1 (ties: the first, nearest 1 first). */
function bestDecision(labels: Uint8Array, probabilities: Float32Array): NonNullable<EpochLog['decision']> {
  let best: NonNullable<EpochLog['decision']> | null = null;
  for (const ws of TRAIN_CONFIG.decisionWeightGrid) {
    for (const wv of TRAIN_CONFIG.decisionWeightGrid) {
      const weights = [1, ws, wv, 1, 1];
      const metrics = classMetrics(labels, weightedArgmax(probabilities, weights));
      const score = (metrics.S.f1 + metrics.V.f1) / 2;
      if (best === null || score > best.score) best = { weights, score, metrics };
    }
  }
  return best as NonNullable<EpochLog['decision']>;
}

function weightsPath(dir: string, phase: string): string {
  return join(dir, `${phase}-weights.json`);
}

function saveCheckpoint(dir: string, model: tf.LayersModel, state: CheckpointState): void {
  mkdirSync(dir, { recursive: true });
  const weights = model.getWeights().map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) }));
  writeFileSync(weightsPath(dir, state.phase), JSON.stringify(weights));
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 1));
}

function restoreWeights(dir: string, phase: string, model: tf.LayersModel): void {
  const saved = JSON.parse(readFileSync(weightsPath(dir, phase), 'utf8')) as Array<{ shape: number[]; values: number[] }>;
  model.setWeights(saved.map((w) => tf.tensor(w.values, w.shape)));
}

function formatMetrics(metrics: Record<AamiClass, ClassMetrics>): string {
  return AAMI_CLASSES.map((c) => {
    const m = metrics[c];
    return `${c} Se ${(m.se * 100).toFixed(1)} +P ${(m.ppv * 100).toFixed(1)} F1 ${(m.f1 * 100).toFixed(1)} (${m.support})`;
  }).join(' | ');
}

/** Trains one phase from `state.epoch` to `epochs`, checkpointing after each epoch. */
async function runPhase(
  phase: 'validate' | 'final',
  trainRecords: RecordData[],
  validation: BeatSet | null,
  epochs: number,
  state: CheckpointState,
  startedAt: number,
  noise: readonly Float32Array[],
): Promise<tf.LayersModel> {
  const models = buildBeatModels(BEAT_MODEL_CONFIG, TRAIN_CONFIG.seed + (phase === 'final' ? 1 : 0));
  if (args.resume && state.phase === phase && state.epoch > 0) {
    restoreWeights(args.checkpoints, phase, models.training);
    console.log(`[${phase}] resumed after epoch ${state.epoch}`);
  } else {
    state.phase = phase;
    state.epoch = 0;
  }
  models.training.compile({ optimizer: tf.train.adam(TRAIN_CONFIG.learningRate), loss: 'categoricalCrossentropy' });
  const log = phase === 'validate' ? state.validationHistory : state.history;
  let bestScore = Math.max(-1, ...state.validationHistory.map((e) => e.decision?.score ?? -1));
  let bestEpoch = state.validationHistory.find((e) => e.decision?.score === bestScore)?.epoch ?? 0;
  for (let epoch = state.epoch + 1; epoch <= epochs; epoch++) {
    const t0 = Date.now();
    // tfjs optimizers read their public learningRate field at every step
    (models.training.optimizer as unknown as { learningRate: number }).learningRate =
      TRAIN_CONFIG.learningRate * TRAIN_CONFIG.learningRateDecay ** (epoch - 1);
    const random = seededRandom(TRAIN_CONFIG.seed + epoch * 7919 + (phase === 'final' ? 1 : 0));
    const set = shuffledBeats(gatherBeats(trainRecords, epochSelection(trainRecords, random), random, noise), random, beatLimit);
    const weights = trainingClassWeights(set.labels);
    const { x, y } = toTensors(set);
    const history = await models.training.fit(x, y, {
      epochs: 1,
      batchSize: TRAIN_CONFIG.batchSize,
      shuffle: false,
      classWeight: weights,
      verbose: 0,
    });
    tf.dispose([x, y]);
    const loss = history.history.loss?.[0] as number;
    const entry: EpochLog = { epoch, loss, seconds: (Date.now() - t0) / 1000 };
    let line = `[${phase}] epoch ${epoch}/${epochs} beats ${set.labels.length} loss ${loss.toFixed(4)}`;
    if (validation !== null) {
      const probabilities = await predictProbabilities(models.training, validation);
      entry.metrics = classMetrics(validation.labels, weightedArgmax(probabilities, [1, 1, 1, 1, 1]));
      entry.score = (entry.metrics.S.f1 + entry.metrics.V.f1) / 2;
      entry.decision = bestDecision(validation.labels, probabilities);
      line += ` | val score ${entry.score.toFixed(4)} | ${formatMetrics(entry.metrics)}`;
      line += ` | weighted S×${entry.decision.weights[1]} V×${entry.decision.weights[2]} score ${entry.decision.score.toFixed(4)} | ${formatMetrics(entry.decision.metrics)}`;
      if (entry.decision.score > bestScore) {
        bestScore = entry.decision.score;
        bestEpoch = epoch;
      }
    }
    entry.seconds = (Date.now() - t0) / 1000;
    log.push(entry);
    state.epoch = epoch;
    state.elapsedS += entry.seconds;
    saveCheckpoint(args.checkpoints, models.training, state);
    console.log(`${line} | ${entry.seconds.toFixed(1)} s (total ${((Date.now() - startedAt) / 1000).toFixed(0)} s)`);
    if (validation !== null && epoch - bestEpoch >= TRAIN_CONFIG.patience) {
      console.log(`[${phase}] no better validation score for ${TRAIN_CONFIG.patience} epochs: stopping`);
      break;
    }
  }
  if (phase === 'validate') state.chosenEpochs = Math.max(1, bestEpoch);
  return models.inference;
}

function classCounts(records: RecordData[]): Record<AamiClass, number> {
  const counts = { N: 0, S: 0, V: 0, F: 0, Q: 0 };
  for (const record of records) for (const c of record.classIndex) counts[AAMI_CLASSES[c] as AamiClass]++;
  return counts;
}

async function main(): Promise<void> {
  const backend = await requireTrainingBackend('train-beats');
  const startedAt = Date.now();
  const dataDir = resolve(args.data);
  console.log(`train-beats: backend ${tf.getBackend()}, data ${dataDir}`);
  const records = loadRecords(dataDir);
  console.log(
    `loaded ${records.length} DS1 records in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${JSON.stringify(classCounts(records))}`,
  );
  const held = new Set(TRAIN_CONFIG.validationRecords);
  const trainPart = records.filter((r) => !held.has(r.name));
  const validationPart = records.filter((r) => held.has(r.name));
  const allValidation = gatherBeats(validationPart, allBeats(validationPart), null, []);
  const validation =
    beatLimit < allValidation.labels.length ? shuffledBeats(allValidation, seededRandom(TRAIN_CONFIG.seed), beatLimit) : allValidation;
  const noise = noiseProbability > 0 ? loadNoise(resolve(args.noise)) : [];
  const statePath = join(args.checkpoints, 'state.json');
  const state: CheckpointState =
    args.resume && existsSync(statePath)
      ? (JSON.parse(readFileSync(statePath, 'utf8')) as CheckpointState)
      : { phase: 'validate', epoch: 0, history: [], validationHistory: [], chosenEpochs: null, elapsedS: 0 };
  const maxEpochs = Number(args.maxEpochs ?? TRAIN_CONFIG.maxEpochs);
  if (args.finalEpochs !== undefined) state.chosenEpochs = Number(args.finalEpochs);
  if (state.chosenEpochs === null) {
    (await runPhase('validate', trainPart, validation, maxEpochs, state, startedAt, noise)).dispose();
  }
  const chosenEpochs = state.chosenEpochs ?? 1;
  const chosen = state.validationHistory.find((e) => e.epoch === chosenEpochs);
  const decisionWeights = chosen?.decision?.weights ?? [1, 1, 1, 1, 1];
  console.log(
    `chosen epoch count: ${chosenEpochs}, decision weights ${decisionWeights.join(' ')}${chosen?.decision ? ` (validation: ${formatMetrics(chosen.decision.metrics)})` : ''}`,
  );
  const inference = await runPhase('final', records, null, chosenEpochs, state, startedAt, noise);
  const outDir = resolve(args.out);
  mkdirSync(outDir, { recursive: true });
  rmSync(join(outDir, 'weights.bin'), { force: true });
  await saveLayersModel(inference, outDir);
  const steps = BEAT_MODEL_CONFIG.windowSamples / 2 ** BEAT_MODEL_CONFIG.convFilters.length;
  const startS = BEAT_MODEL_CONFIG.windowStartOffset / BEAT_MODEL_CONFIG.fsHz;
  const endS = (BEAT_MODEL_CONFIG.windowStartOffset + BEAT_MODEL_CONFIG.windowSamples) / BEAT_MODEL_CONFIG.fsHz;
  const meta = {
    name: 'holter-beat-aami',
    version: '1.0.0',
    created: new Date().toISOString(),
    ...metaLayout(),
    rrFeatures: {
      names: [...RR_FEATURE_NAMES],
      definitions: {
        preRrS: 'time from the previous R peak, s (first beat: its post-RR interval)',
        postRrS: 'time to the next R peak, s (last beat: its pre-RR)',
        localRrS: 'mean of the 10 RR intervals joining beats i−5 … i+5 (those that exist), s',
        longRrS: 'mean of the RR intervals ending within ±150 s of the beat (5-min window), s',
        preOverLocal: 'preRrS / localRrS',
        postOverPre: 'postRrS / preRrS',
        preOverLong: 'preRrS / longRrS',
        localOverLong: 'localRrS / longRrS',
        clamping: 'every RR interval clamped to [minRrS, maxRrS] before use, every ratio to [0, maxRatio]; a lone beat gets 1 everywhere',
      },
      config: { ...RR_FEATURE_CONFIG },
    },
    labels: [...AAMI_CLASSES],
    decisionWeights,
    attention: {
      steps,
      windowStartOffsetS: startS,
      windowEndOffsetS: endS,
      description: 'step k covers [windowStartOffsetS + k·w, windowStartOffsetS + (k+1)·w) s relative to R, w = (end − start) / steps',
    },
    architecture: { ...BEAT_MODEL_CONFIG, paramCount: inference.countParams() },
    paramCount: inference.countParams(),
    training: {
      database: 'MIT-BIH Arrhythmia Database 1.0.0 (mitdb), reference annotations (.atr), lead MLII',
      split: 'DS1 of de Chazal et al. 2004 (doi:10.1109/TBME.2004.827359); DS2 never read',
      records: [...DS1_RECORDS],
      beatCounts: classCounts(records),
      aamiMapping: 'de Chazal 2004: N = N L R e j; S = A a J S; V = V E; F = F; Q = / f Q',
      augmentation:
        `R position jitter uniform ±${TRAIN_CONFIG.jitterSamples} model samples; amplitude × exp(U(±${TRAIN_CONFIG.amplitudeLogRange}))` +
        (noiseProbability > 0
          ? `; ${noiseProbability * 100}% of beats get a random stretch of nstdb ${TRAIN_CONFIG.noiseRecords.join('/')} (signal 0) at SNR ${TRAIN_CONFIG.noiseSnrDb.join('/')} dB`
          : '; no noise'),
      imbalance:
        `per epoch all S/V/F/Q beats + ${TRAIN_CONFIG.nBeatsPerEpoch} random N beats; class-weighted cross-entropy, ` +
        `weight_c = min(${TRAIN_CONFIG.classWeightCap}, (n_N / n_c)^${TRAIN_CONFIG.classWeightPower}) over the epoch's beats`,
      finalModel: `re-initialised and trained on all 22 DS1 records for the ${chosenEpochs} epochs chosen in validation`,
    },
    validation: {
      method:
        'patient-held-out (one fold grouped by record): trained on the other 17 DS1 records, scored on these after every epoch; at each epoch the S and V ' +
        'decision weights of decisionWeightGrid with the best mean F1 of S and V; epoch count and decision weights = the best such score',
      records: [...TRAIN_CONFIG.validationRecords],
      beatCounts: classCounts(validationPart),
      chosenEpoch: chosenEpochs,
      metricsAtChosenEpoch: chosen?.decision?.metrics ?? null,
      scoreAtChosenEpoch: chosen?.decision?.score ?? null,
      unweightedMetricsAtChosenEpoch: chosen?.metrics ?? null,
      unweightedScoreAtChosenEpoch: chosen?.score ?? null,
      history: state.validationHistory,
    },
    hyperParameters: {
      ...TRAIN_CONFIG,
      noiseProbability,
      epochs: chosenEpochs,
      optimizer: 'adam',
      loss: 'categoricalCrossentropy (class-weighted)',
    },
    backend: { name: backend.name, package: backend.package, tfVersion: backend.tfVersion },
    trainingTimeS: Math.round(state.elapsedS),
    finalHistory: state.history,
    sha256: { 'model.json': sha256File(join(outDir, 'model.json')), 'weights.bin': sha256File(join(outDir, 'weights.bin')) },
  };
  writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(`wrote ${outDir} (${inference.countParams()} parameters) in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
}

await main();
