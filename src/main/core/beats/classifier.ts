import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadLayersModel } from '../ml/load-model';
import { padBatch } from '../ml/pad-batch';
import { AAMI_CLASSES } from '../../../shared/labels';
import './attention-pooling';
import '../ml/seeded-dropout';
import { parseBeatModelMeta, type BeatModelMeta } from './beat-model-meta';
import { beatInputWindows, prepareBeatRecord, type PreparedBeatRecord } from './beat-inputs';
import { computeRrFeatures, RR_FEATURE_COUNT } from './rr-features';
import { weightedArgmax } from './weighted-argmax';

/** Tunable parameters of beat classification at inference. */
export const BEAT_CLASSIFIER_CONFIG = Object.freeze({
  /**
   * beats per forward pass; the event loop gets a turn between batches. A batch's tensors peak at about
   * 25 kB per beat (tf.profile, native: 151 MB at 6144, 101 MB at 4096, 51 MB at 2048), and each engine worker holds one
   * batch: at 3072 a worker's beat batch needs less than its rhythm batch (98 MB at 128 windows), which
   * cut the 2-worker engine's peak RSS on the 24 h concatenation from 1.16 to 1.04 GB (native). It costs
   * CPU against 6144 (one pass per 1 h chunk of about 4,600 beats, the BiLSTM's per-step ops being paid per
   * batch): 320 against 269 ms per 4,600 beats (native, medians of 6, loaded machine), about 1.2 s over the
   * 24 h record's 24 chunks. A beat's outputs do not depend on the batch it is in (the same bits at
   * 256…6144 beats per batch native, 1024…6144 wasm; the 24 h analysis' hashes equal at 3072 and 6144).
   * At 2048 (51 MB), with the rhythm batch at 64 windows (about 49 MB), the 2-worker engine's peak RSS
   * on the 24 h concatenation went from 1.15, 1.17 to 1.06, 1.06 GB (native, `scripts/measure-engine.ts`,
   * A/B back to back at load 1.6–1.8; one run at load 4–5 gave 0.99 GB, so it varies by about ±0.05 GB),
   * for wall 12.4, 12.5 → 13.4, 13.1 s and process CPU 24.6, 24.8 → 26.4, 25.9 s. Below 2048 the batch no
   * longer sets the peak: at 1024 the 7-day record's native engine peak was 1.08 GB (1.06–1.09 GB at 2048)
   * and its beat stage took 78 s of worker time against 65–82 s (2026-12-03)
   */
  batchSize: 2048,
  /** a shorter batch (a chunk's last) is padded to a power of two up to this, else to a multiple of it, in
   *  beats (padBatch: a bounded set of input shapes keeps native TensorFlow's memory bounded). At 512 the
   *  beat model sees at most 13 shapes (10 up to 512, then 1024, 1536, 2048), at the cost of ≤ 511 padded beats per
   *  chunk of about 4,600; at 64 it saw up to 54, and a 7-day analysis, whose 169 chunks meet most of them,
   *  grew its 2 native workers by about 100 MB more than the 24 h one (engine peak RSS while classifying
   *  about 1.25 against 1.15 GB at 512, scratch RSS sampler, 2026-12-02) */
  shapeQuantum: 512,
});

/** Per-beat output of {@link BeatClassifier.classify}, for n beats. */
export interface BeatClassification {
  /** class of each beat as an index into AAMI_CLASSES (0 N, 1 S, 2 V, 3 F, 4 Q): argmax of its row
   *  weighted by meta.json's decisionWeights (weightedArgmax) */
  labels: Uint8Array;
  /** class probabilities, n × 5 row-major, columns in AAMI_CLASSES order; each row sums to 1 */
  probabilities: Float32Array;
  /** the probability of each beat's label */
  confidence: Float32Array;
  /** attention weights, n × attentionSteps row-major; each row sums to 1. Step k covers the time
   *  span [start + k·w, start + (k+1)·w) around the R peak, with start = meta.attention.windowStartOffsetS
   *  and w = (windowEndOffsetS − windowStartOffsetS) / attentionSteps, in seconds */
  attention: Float32Array;
  /** number of attention steps T per beat */
  attentionSteps: number;
}

/** Options of {@link BeatClassifier.classify}. */
export interface ClassifyOptions {
  /** aborts between batches: classify then rejects with an Error named 'AbortError' */
  signal?: AbortSignal;
  /** called after each batch with the number of beats done and the total */
  onProgress?: (done: number, total: number) => void;
  /** beats per forward pass (default {@link BEAT_CLASSIFIER_CONFIG}.batchSize) */
  batchSize?: number;
}

/** Options of {@link BeatClassifier.classifyPrepared}. */
export interface ClassifyPreparedOptions extends ClassifyOptions {
  /** classify only beats from … to − 1 of the prepared beat list (the others are the running
   *  normalisation's context); default all */
  owned?: { from: number; to: number };
}

/**
 * AAMI beat classifier (N, S, V, F, Q) with per-beat attention over the waveform, running a model
 * trained by `scripts/train-beats.ts` (model.json + weights + meta.json) on the active tfjs backend
 * (wasm, cpu or native tensorflow).
 */
export class BeatClassifier {
  /** the model's meta.json (input layout, training record) */
  readonly meta: BeatModelMeta;
  private readonly model: tf.LayersModel;
  private readonly decisionWeights: readonly number[];
  /** names of the model's output tensors (probabilities, attention), for execute */
  private readonly outputNames: string[];

  private constructor(model: tf.LayersModel, meta: BeatModelMeta) {
    this.model = model;
    this.meta = meta;
    this.decisionWeights = meta.decisionWeights ?? AAMI_CLASSES.map(() => 1);
    this.outputNames = model.outputs.map((o) => o.name);
  }

  /**
   * Loads a beat model directory: `meta.json`, `model.json` and its weight files.
   *
   * @param dir - model directory, e.g. resources/models/beats
   * @returns the classifier
   * @throws Error naming the file when meta.json is missing or invalid, or the model's outputs do
   *   not match meta.json (5 class probabilities and `attention.steps` weights)
   */
  static async load(dir: string): Promise<BeatClassifier> {
    const metaPath = join(dir, 'meta.json');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(metaPath, 'utf8'));
    } catch (error) {
      throw new Error(`${metaPath}: cannot read beat model meta: ${(error as Error).message}`, { cause: error });
    }
    const meta = parseBeatModelMeta(json, metaPath);
    const model = await loadLayersModel(dir);
    const shapes = model.outputs.map((o) => o.shape);
    if (shapes.length !== 2 || shapes[0]?.[1] !== AAMI_CLASSES.length || shapes[1]?.[1] !== meta.attention.steps) {
      throw new Error(`${join(dir, 'model.json')}: expected outputs [n,5] and [n,${meta.attention.steps}], got ${JSON.stringify(shapes)}`);
    }
    return new BeatClassifier(model, meta);
  }

  /**
   * Classifies beats at given R-peak positions (typically from the QRS detector).
   *
   * The model's leads are resampled to the model rate once; RR features come from `rPeaks`
   * (see computeRrFeatures); windows are normalised by each beat's running QRS amplitude and paired
   * with their difference to the beat's running median beat (see prepareBeatRecord, beatInputWindows). Beats are processed in
   * batches, yielding to the event loop between batches.
   *
   * @param leadsMv - record leads at `fsHz`, mV (NaN for invalid samples); the model uses the first
   *   `meta.leads.count` (MLII first for mitdb-like records)
   * @param fsHz - sampling frequency of `leadsMv` and `rPeaks`, Hz
   * @param rPeaks - R-peak sample indices, 0-based, increasing
   * @param options - abort signal, progress callback, batch size
   * @returns labels, probabilities, confidence and attention per beat (empty arrays for no beats)
   * @throws Error named 'AbortError' when `options.signal` is aborted; Error when there are too
   *   few leads or `fsHz` is invalid
   */
  async classify(leadsMv: Float32Array[], fsHz: number, rPeaks: Int32Array, options: ClassifyOptions = {}): Promise<BeatClassification> {
    throwIfAborted(options.signal);
    if (rPeaks.length === 0) return this.classifyPrepared(null, new Float32Array(0), options);
    const prepared = prepareBeatRecord(leadsMv, fsHz, rPeaks, this.meta, 'classify');
    return this.classifyPrepared(prepared, computeRrFeatures(rPeaks, fsHz, this.meta.rrFeatures.config), options);
  }

  /**
   * Classifies the beats of a record already brought to the model's input layout: beats
   * `owned.from … owned.to − 1` of `prepared.rPeaksModel` (default all), with their RR features.
   * {@link classify} is this after prepareBeatRecord and computeRrFeatures; a chunked analysis builds
   * `prepared` from a stretch of the record holding its owned beats and halfBeats context beats on
   * each side, with the record's per-beat running amplitudes, so each owned beat gets the inputs of
   * the whole-record run.
   *
   * @param prepared - model-rate leads, R peaks into them, per-beat amplitudes; null for no beats
   * @param rr - RR features of the owned beats, (to − from) × RR_FEATURE_COUNT (see computeRrFeatures)
   * @param options - owned range, abort signal, progress callback, batch size
   * @returns labels, probabilities, confidence and attention per owned beat
   * @throws Error named 'AbortError' when `options.signal` is aborted; RangeError when the owned
   *   range is outside the beat list or `rr` does not hold one row per owned beat
   */
  async classifyPrepared(
    prepared: PreparedBeatRecord | null,
    rr: Float32Array,
    options: ClassifyPreparedOptions = {},
  ): Promise<BeatClassification> {
    const total = prepared?.rPeaksModel.length ?? 0;
    const { from: ownedFrom, to: ownedTo } = options.owned ?? { from: 0, to: total };
    if (!(ownedFrom >= 0 && ownedFrom <= ownedTo && ownedTo <= total)) {
      throw new RangeError(`classifyPrepared: owned beats ${ownedFrom}…${ownedTo} outside 0…${total}`);
    }
    const n = ownedTo - ownedFrom;
    if (rr.length !== n * RR_FEATURE_COUNT) throw new RangeError(`classifyPrepared: ${rr.length} RR features for ${n} beats`);
    const classes = AAMI_CLASSES.length;
    const steps = this.meta.attention.steps;
    const result: BeatClassification = {
      labels: new Uint8Array(n),
      probabilities: new Float32Array(n * classes),
      confidence: new Float32Array(n),
      attention: new Float32Array(n * steps),
      attentionSteps: steps,
    };
    throwIfAborted(options.signal);
    if (prepared === null || n === 0) return result;
    const samples = this.meta.window.samples;
    const channels = 2 * this.meta.leads.count;
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? BEAT_CLASSIFIER_CONFIG.batchSize));
    for (let from = 0; from < n; from += batchSize) {
      const to = Math.min(n, from + batchSize);
      const beats = Int32Array.from({ length: to - from }, (_, k) => ownedFrom + from + k);
      const shape = { batchSize, quantum: BEAT_CLASSIFIER_CONFIG.shapeQuantum };
      const windows = padBatch(beatInputWindows(prepared, beats, this.meta), samples * channels, shape);
      const rrRows = padBatch(rr.subarray(from * RR_FEATURE_COUNT, to * RR_FEATURE_COUNT), RR_FEATURE_COUNT, shape);
      const [probabilities, attention] = tf.tidy(() => {
        const wave = tf.tensor3d(windows.values, [windows.rows, samples, channels]);
        const rrBatch = tf.tensor2d(rrRows.values, [rrRows.rows, RR_FEATURE_COUNT]);
        // execute runs the graph on the batch as it is (predict would first slice it into a copy and concatenate the outputs)
        return this.model.execute([wave, rrBatch], this.outputNames) as tf.Tensor[];
      }) as [tf.Tensor, tf.Tensor];
      try {
        result.probabilities.set((await probabilities.data<'float32'>()).subarray(0, (to - from) * classes), from * classes);
        result.attention.set((await attention.data<'float32'>()).subarray(0, (to - from) * steps), from * steps);
      } finally {
        probabilities.dispose();
        attention.dispose();
      }
      const labels = weightedArgmax(result.probabilities.subarray(from * classes, to * classes), this.decisionWeights);
      result.labels.set(labels, from);
      labels.forEach((label, k) => (result.confidence[from + k] = result.probabilities[(from + k) * classes + label] as number));
      options.onProgress?.(to, n);
      await new Promise<void>((resolve) => setImmediate(resolve));
      throwIfAborted(options.signal);
    }
    return result;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) {
    const error = new Error('beat classification aborted');
    error.name = 'AbortError';
    throw error;
  }
}
