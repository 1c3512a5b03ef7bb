/**
 * `npm run train:beats` — trains the AAMI beat classifier (N/S/V/F/Q) on MIT-BIH DS1 only and writes
 * `resources/models/beats/` (model.json, weights.bin, meta.json).
 *
 * Two phases, both on DS1 (de Chazal et al. 2004 inter-patient split, doi:10.1109/TBME.2004.827359):
 * 1. validate: cross-validation grouped by record (`validationFolds`, 4 folds covering DS1): per fold, train on the
 *    other DS1 records for `foldEpochs` epochs and score the fold's records after every epoch (logged per fold and
 *    per record: S and V found, false S and V calls, and on which true class the false S fall); then, per epoch, pool
 *    the folds (every DS1 beat scored by the model that did not see its patient) and search the S and V decision
 *    weights (`decisionWeightGrid`, label = argmax of probability × weight) for the best pooled mean of the S and V
 *    F1 scores; the epoch count and decision weights are those of the best pooled score;
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
 * noise 0.555 (epoch 8), nstdb noise on 30% of the beats 0.569 (epoch 4), so noise is on. With the two
 * recent-rhythm RR features (rr-features.ts) on that first fold: 0.597 (epoch 7) against 0.574 by epoch 8 without
 * them (run stopped there), noise-level apart; decision weights up to 8 added to the grid because S and V sat at the
 * former top weight 4 on that fold. The 4-fold pooled choice (this file): 0.545 at epoch 11 (S F1 0.33, +P 28; V F1 0.76);
 * per-fold best weights range from 0.25 to 8, i.e. the calibration of S and V differs between patients. Rejected:
 * taking every N beat with preOverRecentMedian < 0.9 each epoch as a hard negative: pooled 0.471 (epoch 7; S F1 0.21).
 *
 * Per epoch: every S, V, F, Q beat of the training records plus a fresh random sample of N beats
 * (`nBeatsPerEpoch`), each at its reference R position jittered by ±`jitterSamples` model samples
 * (so the model tolerates the detector's placement), scaled by a random amplitude factor, and with
 * probability `noiseProbability` given a random stretch of nstdb bw/em/ma noise at a random SNR; loss:
 * categorical cross-entropy weighted per class by min(cap, (n_N / n_c)^power) over the epoch's beats.
 *
 * Usage: npx tsx scripts/train-beats.ts [--data DIR] [--out DIR] [--checkpoints DIR] [--resume]
 *        [--fold-epochs N] [--folds N] [--final-epochs N] [--noise DIR] [--noise-probability P] [--limit N]
 * Needs a backend that can train (native 'tensorflow': `npm run setup:native`). A killed run resumes
 * with `--resume` from the last epoch checkpointed in `--checkpoints` (weights, and each fold's validation
 * probabilities in fold-<k>.f32; the Adam moments and the dropout mask sequence restart, so a resumed run is not
 * the uninterrupted one).
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
import { requireTrainingBackend, type BackendInfo } from '../src/main/core/ml/backend';
import { saveLayersModel, sha256File } from '../src/main/core/ml/save-model';
import { seededRandom } from '../src/main/core/ml/seeded-random';
import { AAMI_CLASSES, type AamiClass } from '../src/shared/labels';
import { beatInputWindows, prepareBeatRecord, type BeatInputLayout, type PreparedBeatRecord } from '../src/main/core/beats/beat-inputs';
import { BEAT_MODEL_CONFIG, buildBeatModels, type BeatModels } from '../src/main/core/beats/beat-model';
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
  /**
   * patient-held-out validation folds grouped by record, covering DS1 (S/V beats per fold: 328/1,254; 392/571;
   * 206/1,647; 18/316); the first is the single fold of model 1.0.0; the second holds the AF record 203 and the
   * SVTA record 209, the third the F-rich 208
   */
  validationFolds: [
    ['106', '118', '124', '201', '223'],
    ['108', '112', '116', '122', '203', '209'],
    ['101', '119', '207', '208', '220', '230'],
    ['109', '114', '115', '205', '215'],
  ] as ReadonlyArray<readonly string[]>,
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
  decisionWeightGrid: [1, 0.7, 1.4, 0.5, 2, 0.35, 2.8, 0.25, 4, 5.6, 8] as readonly number[],
  /** epochs per validation fold; the final model's epoch count is the one with the best pooled score */
  foldEpochs: 12,
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
  /** the decision weights that maximise the mean S/V F1 at this epoch, with that score, its metrics and its S/V calls per record */
  decision?: { weights: number[]; score: number; metrics: Record<AamiClass, ClassMetrics>; byRecord?: Record<string, RecordCalls> };
}

/** S and V calls on one validation record: reference beats, those found, and false calls (beats of another class called so). */
interface RecordCalls {
  sBeats: number;
  sFound: number;
  falseS: number;
  /** of the false S calls, those on N beats and on V beats */
  falseSOnN: number;
  falseSOnV: number;
  vBeats: number;
  vFound: number;
  falseV: number;
}

interface CheckpointState {
  phase: 'validate' | 'final';
  /** validation fold being trained (0-based; folds before it are done), −1 in the final phase */
  fold: number;
  /** last epoch done in the current fold or phase */
  epoch: number;
  history: EpochLog[];
  /** per validation fold, its epochs scored on its own records (decision weights chosen on that fold alone) */
  folds: EpochLog[][];
  chosenEpochs: number | null;
  elapsedS: number;
}

/** One epoch of the validation folds pooled: every DS1 record scored by the fold model that did not see it. */
interface PooledEpoch {
  epoch: number;
  /** mean S/V F1 of the plain argmax over all folds' records */
  score: number;
  metrics: Record<AamiClass, ClassMetrics>;
  decision: NonNullable<EpochLog['decision']>;
  /** per fold, the metrics and score with the pooled decision weights */
  folds: Array<{ score: number; metrics: Record<AamiClass, ClassMetrics> }>;
}

const args = new Command()
  .name('npm run train:beats --')
  .description('Train the AAMI beat classifier on MIT-BIH DS1 (validate phase, then final phase); needs native TensorFlow.')
  .option('--data <dir>', 'mitdb folder', '../shared/data/mitdb')
  .option('--out <dir>', 'where the trained model is written', 'resources/models/beats')
  .option('--checkpoints <dir>', 'checkpoint folder', 'checkpoints/beats')
  .option('--resume', 'resume from the last checkpoint', false)
  .option('--fold-epochs <n>', `epochs per validation fold (default ${TRAIN_CONFIG.foldEpochs})`)
  .option('--folds <n>', `validation folds run, the first n of ${TRAIN_CONFIG.validationFolds.length} (fewer: a cheaper, noisier choice)`)
  .option('--final-epochs <n>', 'epochs of the final phase (default: the best validate epoch)')
  .option('--noise <dir>', 'nstdb folder (noise augmentation)', '../shared/data/nstdb')
  .option('--noise-probability <p>', `share of training beats given nstdb noise (default ${TRAIN_CONFIG.noiseProbability})`)
  .option('--limit <n>', 'at most n beats per epoch and n validation beats, a seeded subset (smoke runs)')
  .option(
    '--fold-models <dir>',
    "also save each validation fold's model after its last epoch to DIR/fold-<k> with a meta.json (its training records, the pooled decision weights of that epoch): models that never saw the fold's records, for choosing patient-adaptation settings on DS1 (eval-adapt --model)",
  )
  .parse()
  .opts<{
    data: string;
    out: string;
    checkpoints: string;
    resume: boolean;
    foldEpochs?: string;
    folds?: string;
    finalEpochs?: string;
    noise: string;
    noiseProbability?: string;
    limit?: string;
    foldModels?: string;
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
  /** index of each beat's record in the records the set was gathered from */
  recordIndex: Uint8Array;
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
    recordIndex: new Uint8Array(total),
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
      set.recordIndex[at + b] = r;
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
    recordIndex: new Uint8Array(kept.length),
  };
  kept.forEach((i, k) => {
    out.wave.set(set.wave.subarray(i * perBeat, (i + 1) * perBeat), k * perBeat);
    out.rr.set(set.rr.subarray(i * RR_FEATURE_COUNT, (i + 1) * RR_FEATURE_COUNT), k * RR_FEATURE_COUNT);
    out.labels[k] = set.labels[i] as number;
    out.recordIndex[k] = set.recordIndex[i] as number;
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

/** Per validation record, the S and V beats, how many of them `predicted` found, and its false S and V calls. */
function callsByRecord(
  set: Pick<BeatSet, 'labels' | 'recordIndex'>,
  predicted: Uint8Array,
  names: readonly string[],
): Record<string, RecordCalls> {
  const calls = names.map(() => ({ sBeats: 0, sFound: 0, falseS: 0, falseSOnN: 0, falseSOnV: 0, vBeats: 0, vFound: 0, falseV: 0 }));
  const [n, s, v] = [AAMI_CLASSES.indexOf('N'), AAMI_CLASSES.indexOf('S'), AAMI_CLASSES.indexOf('V')];
  set.labels.forEach((label, i) => {
    const c = calls[set.recordIndex[i] as number] as RecordCalls;
    const call = predicted[i] as number;
    c.sBeats += Number(label === s);
    c.vBeats += Number(label === v);
    c.sFound += Number(call === s && label === s);
    c.falseS += Number(call === s && label !== s);
    c.falseSOnN += Number(call === s && label === n);
    c.falseSOnV += Number(call === s && label === v);
    c.vFound += Number(call === v && label === v);
    c.falseV += Number(call === v && label !== v);
  });
  return Object.fromEntries(names.map((name, r) => [name, calls[r] as RecordCalls]));
}

function formatCalls(byRecord: Record<string, RecordCalls>): string {
  return Object.entries(byRecord)
    .map(
      ([name, c]) =>
        `${name} S ${c.sFound}/${c.sBeats} +${c.falseS} (N ${c.falseSOnN} V ${c.falseSOnV}) V ${c.vFound}/${c.vBeats} +${c.falseV}`,
    )
    .join(', ');
}

function weightsPath(dir: string, phase: string): string {
  return join(dir, `${phase}-weights.json`);
}

/** Writes the run state and, when given, the current phase's weights to the checkpoint folder `dir`. */
function saveCheckpoint(dir: string, model: tf.LayersModel | null, state: CheckpointState): void {
  mkdirSync(dir, { recursive: true });
  if (model !== null) {
    const weights = model.getWeights().map((w) => ({ shape: w.shape, values: Array.from(w.dataSync()) }));
    writeFileSync(weightsPath(dir, state.phase), JSON.stringify(weights));
  }
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

/** Trains `models` one epoch on a fresh seeded selection of `trainRecords`' beats; returns the loss and the number of beats. */
async function trainEpoch(
  models: BeatModels,
  trainRecords: RecordData[],
  epoch: number,
  seedOffset: number,
  noise: readonly Float32Array[],
): Promise<{ loss: number; beats: number }> {
  // tfjs optimizers read their public learningRate field at every step
  (models.training.optimizer as unknown as { learningRate: number }).learningRate =
    TRAIN_CONFIG.learningRate * TRAIN_CONFIG.learningRateDecay ** (epoch - 1);
  const random = seededRandom(TRAIN_CONFIG.seed + epoch * 7919 + seedOffset);
  const set = shuffledBeats(gatherBeats(trainRecords, epochSelection(trainRecords, random), random, noise), random, beatLimit);
  const { x, y } = toTensors(set);
  const history = await models.training.fit(x, y, {
    epochs: 1,
    batchSize: TRAIN_CONFIG.batchSize,
    shuffle: false,
    classWeight: trainingClassWeights(set.labels),
    verbose: 0,
  });
  tf.dispose([x, y]);
  return { loss: history.history.loss?.[0] as number, beats: set.labels.length };
}

/** Builds and compiles the models of a fold (fold index ≥ 0) or of the final phase (fold −1), resuming from the checkpoint when asked. */
function phaseModels(phase: 'validate' | 'final', fold: number, state: CheckpointState): BeatModels {
  const models = buildBeatModels(BEAT_MODEL_CONFIG, TRAIN_CONFIG.seed + (phase === 'final' ? 1 : 2 + fold));
  if (args.resume && state.phase === phase && state.fold === fold && state.epoch > 0) {
    restoreWeights(args.checkpoints, phase, models.training);
    console.log(`[${phase}${fold >= 0 ? ` fold ${fold + 1}` : ''}] resumed after epoch ${state.epoch}`);
  } else {
    state.phase = phase;
    state.fold = fold;
    state.epoch = 0;
  }
  models.training.compile({ optimizer: tf.train.adam(TRAIN_CONFIG.learningRate), loss: 'categoricalCrossentropy' });
  return models;
}

/**
 * Validation fold `fold`: trains on the DS1 records outside it for `epochs` epochs and, after each, scores the
 * fold's records; their class probabilities per epoch go to `fold-<k>.f32` in the checkpoint folder (epoch-major).
 */
async function runFold(
  fold: number,
  trainRecords: RecordData[],
  validation: { set: BeatSet; names: readonly string[] },
  epochs: number,
  state: CheckpointState,
  startedAt: number,
  noise: readonly Float32Array[],
): Promise<void> {
  const models = phaseModels('validate', fold, state);
  const log = (state.folds[fold] ??= []);
  const perEpoch = validation.set.labels.length * AAMI_CLASSES.length;
  const probabilitiesFile = join(args.checkpoints, `fold-${fold + 1}.f32`);
  const all = new Float32Array(epochs * perEpoch);
  if (state.epoch > 0) all.set(new Float32Array(readFileSync(probabilitiesFile).buffer).subarray(0, state.epoch * perEpoch));
  for (let epoch = state.epoch + 1; epoch <= epochs; epoch++) {
    const t0 = Date.now();
    const { loss, beats } = await trainEpoch(models, trainRecords, epoch, 2 + fold, noise);
    const probabilities = await predictProbabilities(models.training, validation.set);
    all.set(probabilities, (epoch - 1) * perEpoch);
    const entry: EpochLog = { epoch, loss, seconds: 0 };
    entry.metrics = classMetrics(validation.set.labels, weightedArgmax(probabilities, [1, 1, 1, 1, 1]));
    entry.score = (entry.metrics.S.f1 + entry.metrics.V.f1) / 2;
    entry.decision = bestDecision(validation.set.labels, probabilities);
    entry.decision.byRecord = callsByRecord(validation.set, weightedArgmax(probabilities, entry.decision.weights), validation.names);
    entry.seconds = (Date.now() - t0) / 1000;
    log.push(entry);
    state.epoch = epoch;
    state.elapsedS += entry.seconds;
    mkdirSync(args.checkpoints, { recursive: true });
    writeFileSync(probabilitiesFile, all.subarray(0, epoch * perEpoch));
    saveCheckpoint(args.checkpoints, models.training, state);
    console.log(
      `[validate fold ${fold + 1}] epoch ${epoch}/${epochs} beats ${beats} loss ${loss.toFixed(4)} | score ${entry.score.toFixed(4)} | ` +
        `own best S×${entry.decision.weights[1]} V×${entry.decision.weights[2]} ${entry.decision.score.toFixed(4)} | ${formatMetrics(entry.decision.metrics)} | ` +
        `per record (found/beats +false): ${formatCalls(entry.decision.byRecord)} | ${entry.seconds.toFixed(1)} s (total ${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
    );
  }
  if (args.foldModels !== undefined) await saveModelFiles(models.inference, foldModelDir(fold));
  models.training.dispose();
  state.fold = fold + 1;
  state.epoch = 0;
  saveCheckpoint(args.checkpoints, null, state);
}

/** Final phase: trains on all DS1 records for `epochs` epochs, checkpointing after each; returns the inference model. */
async function runFinal(records: RecordData[], epochs: number, state: CheckpointState, startedAt: number, noise: readonly Float32Array[]) {
  const models = phaseModels('final', -1, state);
  for (let epoch = state.epoch + 1; epoch <= epochs; epoch++) {
    const t0 = Date.now();
    const { loss, beats } = await trainEpoch(models, records, epoch, 1, noise);
    const entry: EpochLog = { epoch, loss, seconds: (Date.now() - t0) / 1000 };
    state.history.push(entry);
    state.epoch = epoch;
    state.elapsedS += entry.seconds;
    saveCheckpoint(args.checkpoints, models.training, state);
    console.log(
      `[final] epoch ${epoch}/${epochs} beats ${beats} loss ${loss.toFixed(4)} | ${entry.seconds.toFixed(1)} s (total ${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
    );
  }
  return models.inference;
}

/** The class probabilities of fold `fold` saved by runFold, epoch-major. */
function readFoldProbabilities(fold: number): Float32Array {
  const bytes = readFileSync(join(args.checkpoints, `fold-${fold + 1}.f32`));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/**
 * Per epoch, the folds' held-out beats scored together (each by the fold model that did not see it): the plain
 * argmax metrics, the decision weights with the best mean S/V F1, and each fold's score with those weights.
 */
function poolFolds(
  folds: ReadonlyArray<{ set: BeatSet; names: readonly string[] }>,
  probabilities: readonly Float32Array[],
  epochs: number,
): PooledEpoch[] {
  const sets = folds.map((fold) => fold.set);
  const names = folds.flatMap((fold) => fold.names);
  const classes = AAMI_CLASSES.length;
  const labels = new Uint8Array(sets.reduce((n, set) => n + set.labels.length, 0));
  const recordIndex = new Uint8Array(labels.length);
  let at = 0;
  let recordBase = 0;
  folds.forEach(({ set, names: foldNames }) => {
    labels.set(set.labels, at);
    set.recordIndex.forEach((r, i) => (recordIndex[at + i] = recordBase + r));
    recordBase += foldNames.length;
    at += set.labels.length;
  });
  const out: PooledEpoch[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const pooled = new Float32Array(labels.length * classes);
    let offset = 0;
    const perFold = sets.map((set, f) => {
      const n = set.labels.length * classes;
      const part = (probabilities[f] as Float32Array).subarray((epoch - 1) * n, epoch * n);
      pooled.set(part, offset);
      offset += n;
      return part;
    });
    const metrics = classMetrics(labels, weightedArgmax(pooled, [1, 1, 1, 1, 1]));
    const decision = bestDecision(labels, pooled);
    decision.byRecord = callsByRecord({ labels, recordIndex }, weightedArgmax(pooled, decision.weights), names);
    const folds = sets.map((set, f) => {
      const m = classMetrics(set.labels, weightedArgmax(perFold[f] as Float32Array, decision.weights));
      return { score: (m.S.f1 + m.V.f1) / 2, metrics: m };
    });
    out.push({ epoch, score: (metrics.S.f1 + metrics.V.f1) / 2, metrics, decision, folds });
  }
  return out;
}

function classCounts(records: RecordData[]): Record<AamiClass, number> {
  const counts = { N: 0, S: 0, V: 0, F: 0, Q: 0 };
  for (const record of records) for (const c of record.classIndex) counts[AAMI_CLASSES[c] as AamiClass]++;
  return counts;
}

/** Saves a model's model.json and weights.bin to `dir` (created), replacing those there. */
async function saveModelFiles(model: tf.LayersModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, 'weights.bin'), { force: true });
  await saveLayersModel(model, dir);
}

/** Folder of validation fold `fold`'s model (0-based) under --fold-models. */
function foldModelDir(fold: number): string {
  return join(resolve(args.foldModels as string), `fold-${fold + 1}`);
}

/** What differs between the meta.json of the final model and of a validation fold's model. */
interface ModelProvenance {
  /** the records the model was trained on */
  records: RecordData[];
  decisionWeights: number[];
  epochs: number;
  /** how the model was trained (training.finalModel) */
  description: string;
  validation: Record<string, unknown>;
  /** its epochs */
  history: EpochLog[];
  /** training time, s (the final model's includes the validation phase) */
  elapsedS: number;
}

/** Writes `outDir`/meta.json for the model saved there: the input layout, the training record and the hashes of its files. */
function writeMeta(outDir: string, paramCount: number, backend: BackendInfo, provenance: ModelProvenance): void {
  const steps = BEAT_MODEL_CONFIG.windowSamples / 2 ** BEAT_MODEL_CONFIG.convFilters.length;
  const startS = BEAT_MODEL_CONFIG.windowStartOffset / BEAT_MODEL_CONFIG.fsHz;
  const endS = (BEAT_MODEL_CONFIG.windowStartOffset + BEAT_MODEL_CONFIG.windowSamples) / BEAT_MODEL_CONFIG.fsHz;
  const meta = {
    name: 'holter-beat-aami',
    version: '1.1.0',
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
        preOverRecentMedian:
          'preRrS / m, m = upper median of the recentIntervals RR intervals before the pre-RR (causal; those that exist; none: m = preRrS)',
        recentMadOverMedian: 'upper median of |RR − m| over those intervals / m (0 when there is none): irregularity of the recent rhythm',
        clamping: 'every RR interval clamped to [minRrS, maxRrS] before use, every ratio to [0, maxRatio]; a lone beat gets 1 everywhere',
      },
      config: { ...RR_FEATURE_CONFIG },
    },
    labels: [...AAMI_CLASSES],
    decisionWeights: provenance.decisionWeights,
    attention: {
      steps,
      windowStartOffsetS: startS,
      windowEndOffsetS: endS,
      description: 'step k covers [windowStartOffsetS + k·w, windowStartOffsetS + (k+1)·w) s relative to R, w = (end − start) / steps',
    },
    architecture: { ...BEAT_MODEL_CONFIG, paramCount },
    paramCount,
    training: {
      database: 'MIT-BIH Arrhythmia Database 1.0.0 (mitdb), reference annotations (.atr), lead MLII',
      split: 'DS1 of de Chazal et al. 2004 (doi:10.1109/TBME.2004.827359); DS2 never read',
      records: provenance.records.map((r) => r.name),
      beatCounts: classCounts(provenance.records),
      aamiMapping: 'de Chazal 2004: N = N L R e j; S = A a J S; V = V E; F = F; Q = / f Q',
      augmentation:
        `R position jitter uniform ±${TRAIN_CONFIG.jitterSamples} model samples; amplitude × exp(U(±${TRAIN_CONFIG.amplitudeLogRange}))` +
        (noiseProbability > 0
          ? `; ${noiseProbability * 100}% of beats get a random stretch of nstdb ${TRAIN_CONFIG.noiseRecords.join('/')} (signal 0) at SNR ${TRAIN_CONFIG.noiseSnrDb.join('/')} dB`
          : '; no noise'),
      imbalance:
        `per epoch all S/V/F/Q beats + ${TRAIN_CONFIG.nBeatsPerEpoch} random N beats; class-weighted cross-entropy, ` +
        `weight_c = min(${TRAIN_CONFIG.classWeightCap}, (n_N / n_c)^${TRAIN_CONFIG.classWeightPower}) over the epoch's beats`,
      finalModel: provenance.description,
    },
    validation: provenance.validation,
    hyperParameters: {
      ...TRAIN_CONFIG,
      noiseProbability,
      epochs: provenance.epochs,
      optimizer: 'adam',
      loss: 'categoricalCrossentropy (class-weighted)',
    },
    backend: { name: backend.name, package: backend.package, tfVersion: backend.tfVersion },
    trainingTimeS: Math.round(provenance.elapsedS),
    finalHistory: provenance.history,
    sha256: { 'model.json': sha256File(join(outDir, 'model.json')), 'weights.bin': sha256File(join(outDir, 'weights.bin')) },
  };
  writeFileSync(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

/**
 * Writes the meta.json of every fold model saved under --fold-models (after its last epoch, `last`): trained on the DS1
 * records outside its fold, with the decision weights pooled over all folds at that epoch. `paramCount`: the final
 * model's (same architecture).
 */
function writeFoldMetas(
  folds: ReadonlyArray<{ names: readonly string[]; train: RecordData[] }>,
  last: PooledEpoch,
  backend: BackendInfo,
  state: CheckpointState,
  paramCount: number,
): void {
  const epochs = last.epoch;
  folds.forEach((fold, f) => {
    const dir = foldModelDir(f);
    if (!existsSync(join(dir, 'model.json'))) return;
    const history = state.folds[f] ?? [];
    writeMeta(dir, paramCount, backend, {
      records: fold.train,
      decisionWeights: last.decision.weights,
      epochs,
      description: `validation fold ${f + 1}'s model after ${epochs} epochs on the DS1 records outside the fold; it never saw ${fold.names.join(' ')}`,
      validation: {
        method: 'none: a validation fold model (train-beats --fold-models)',
        heldOutRecords: [...fold.names],
        decisionWeights: `pooled over all folds at epoch ${epochs}`,
      },
      history: history.map(({ epoch, loss, seconds }) => ({ epoch, loss, seconds })),
      elapsedS: history.reduce((t, e) => t + e.seconds, 0),
    });
  });
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
  const foldCount = Number(args.folds ?? TRAIN_CONFIG.validationFolds.length);
  if (!(Number.isInteger(foldCount) && foldCount >= 1 && foldCount <= TRAIN_CONFIG.validationFolds.length)) {
    throw new RangeError(`--folds must be an integer in 1…${TRAIN_CONFIG.validationFolds.length}, got ${args.folds}`);
  }
  const folds = TRAIN_CONFIG.validationFolds.slice(0, foldCount).map((names, f) => {
    const held = new Set(names);
    const part = records.filter((r) => held.has(r.name));
    const all = gatherBeats(part, allBeats(part), null, []);
    const set = beatLimit < all.labels.length ? shuffledBeats(all, seededRandom(TRAIN_CONFIG.seed + f), beatLimit) : all;
    return { names: part.map((r) => r.name), counts: classCounts(part), train: records.filter((r) => !held.has(r.name)), set };
  });
  const noise = noiseProbability > 0 ? loadNoise(resolve(args.noise)) : [];
  const statePath = join(args.checkpoints, 'state.json');
  const state: CheckpointState =
    args.resume && existsSync(statePath)
      ? (JSON.parse(readFileSync(statePath, 'utf8')) as CheckpointState)
      : { phase: 'validate', fold: 0, epoch: 0, history: [], folds: [], chosenEpochs: null, elapsedS: 0 };
  const foldEpochs = Number(args.foldEpochs ?? TRAIN_CONFIG.foldEpochs);
  if (state.phase === 'validate') {
    for (let f = state.fold; f < folds.length; f++) {
      const fold = folds[f] as (typeof folds)[number];
      await runFold(f, fold.train, { set: fold.set, names: fold.names }, foldEpochs, state, startedAt, noise);
    }
  }
  const pooled = poolFolds(
    folds,
    folds.map((_, f) => readFoldProbabilities(f)),
    foldEpochs,
  );
  for (const p of pooled) {
    console.log(
      `[validate pooled] epoch ${p.epoch} score ${p.score.toFixed(4)} | S×${p.decision.weights[1]} V×${p.decision.weights[2]} ${p.decision.score.toFixed(4)} | ` +
        `${formatMetrics(p.decision.metrics)} | per fold ${p.folds.map((f) => f.score.toFixed(3)).join(' ')}`,
    );
  }
  const best = pooled.reduce((a, b) => (b.decision.score > a.decision.score ? b : a));
  state.chosenEpochs = Number(args.finalEpochs ?? best.epoch);
  const chosen = pooled.find((p) => p.epoch === state.chosenEpochs) ?? best;
  const decisionWeights = chosen.decision.weights;
  console.log(
    `chosen epoch count: ${state.chosenEpochs}, decision weights ${decisionWeights.join(' ')} (pooled validation: ${formatMetrics(chosen.decision.metrics)})`,
  );
  console.log(`per record at the chosen epoch (found/beats +false): ${formatCalls(chosen.decision.byRecord ?? {})}`);
  const chosenEpochs = state.chosenEpochs;
  const inference = await runFinal(records, chosenEpochs, state, startedAt, noise);
  const outDir = resolve(args.out);
  await saveModelFiles(inference, outDir);
  writeMeta(outDir, inference.countParams(), backend, {
    records,
    decisionWeights,
    epochs: chosenEpochs,
    description: `re-initialised and trained on all 22 DS1 records for the ${chosenEpochs} epochs chosen in validation`,
    validation: {
      method:
        `patient-held-out cross-validation grouped by record over DS1 (${folds.length} folds): each fold model trained on the other DS1 records ` +
        'for foldEpochs epochs, its records scored after every epoch; per epoch the folds pooled (each beat scored by the model that did not see ' +
        'its record) and the S and V decision weights of decisionWeightGrid with the best pooled mean F1 of S and V; epoch count and decision ' +
        'weights = the best such pooled score',
      folds: folds.map((fold, f) => ({
        records: fold.names,
        beatCounts: fold.counts,
        scoreAtChosenEpoch: chosen.folds[f]?.score ?? null,
        metricsAtChosenEpoch: chosen.folds[f]?.metrics ?? null,
      })),
      chosenEpoch: chosenEpochs,
      metricsAtChosenEpoch: chosen.decision.metrics,
      scoreAtChosenEpoch: chosen.decision.score,
      unweightedMetricsAtChosenEpoch: chosen.metrics,
      unweightedScoreAtChosenEpoch: chosen.score,
      callsByRecordAtChosenEpoch: chosen.decision.byRecord,
      history: pooled.map((p) => ({
        epoch: p.epoch,
        score: p.score,
        decisionWeights: p.decision.weights,
        decisionScore: p.decision.score,
        foldScores: p.folds.map((f) => f.score),
      })),
      foldHistories: state.folds,
    },
    history: state.history,
    elapsedS: state.elapsedS,
  });
  if (args.foldModels !== undefined) writeFoldMetas(folds, pooled[foldEpochs - 1] as PooledEpoch, backend, state, inference.countParams());
  console.log(`wrote ${outDir} (${inference.countParams()} parameters) in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
}

await main();
