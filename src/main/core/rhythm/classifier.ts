import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { windowStarts } from './window-starts';
import * as tf from '@tensorflow/tfjs';
import { resample } from '../dsp/resample';
import { loadLayersModel } from '../ml/load-model';
import { padBatch } from '../ml/pad-batch';
import './multi-head-self-attention';
import { mostProbableLabel, RHYTHM_LABELS, type RhythmLabel } from './rhythm-labels';
import type { RhythmModelMeta } from './rhythm-model-meta';
import { MULTI_LABELS } from '../retrain/window-label-set';
import { stripClassesOfLabelSets } from './strip-classes-of-label-sets';
import { writeWindowInput } from './window-input';

/** Tunables of window classification. */
export const CLASSIFIER_CONFIG = Object.freeze({
  /**
   * windows per forward pass: a 1 h analysis chunk's 120 windows in two (64 + 56). A batch's tensors
   * take about 0.77 MB per window (98 MB at 128), and each of the engine's two workers holds one: at
   * 64, with the beat batch at 2048, the 24 h analysis' peak RSS (2 workers, native) went from about
   * 1.16 to 1.06 GB (see BEAT_CLASSIFIER_CONFIG). It costs CPU: the BiLSTM's per-step ops cost
   * about the same whatever the batch (on native TF, 4.2–4.9 ms of CPU per window at 64, 3.1–3.2 ms at
   * 128 and 2.5 ms at 256, measured on the loaded 2-core machine; 3.4–3.6 ms at 64 against 4.8–5.7 ms
   * at 32 in an earlier measurement). A window's output does not depend on the
   * batch it is in on wasm (chunked-analysis.test.ts compares chunked and whole-record windows bit for
   * bit); native TensorFlow's kernels can round it differently at another batch size, by 1–2 units in
   * the last place (≤ 1.2e-7 on the 24 h concatenation).
   */
  batchSize: 64,
  /** a shorter batch is padded to a power of two up to this, else to a multiple of it, in windows (padBatch:
   *  a bounded set of input shapes keeps native TensorFlow's memory bounded; a 1 h chunk's 64 + 56 windows need none) */
  shapeQuantum: 8,
});

/** Window-by-window output of {@link RhythmClassifier.classifyWindows}. */
export interface RhythmWindows {
  /** window length, in seconds */
  readonly windowS: number;
  /** nominal stride between window starts, in seconds (the last window may start closer to its predecessor) */
  readonly strideS: number;
  /** first sample of each window, in samples of the input's fsHz, ascending */
  readonly startSample: Int32Array;
  /** class probabilities, n × 4 row-major in the order of RHYTHM_LABELS (N, A, O, ~) */
  readonly probabilities: Float32Array;
  /** most probable class of each window */
  readonly labels: RhythmLabel[];
  /** attention over the model's time steps, n × attentionSteps row-major; each row sums to 1 */
  readonly attention: Float32Array;
  /** time steps per window in `attention` (step k covers [k, k+1) · windowS / attentionSteps seconds) */
  readonly attentionSteps: number;
}

/** Options of {@link RhythmClassifier.classifyWindows}. */
export interface ClassifyWindowsOptions {
  /** stride between window starts, in seconds (default: meta.strideS) */
  strideS?: number;
  /** aborts between batches; the promise then rejects with the signal's reason */
  signal?: AbortSignal;
  /** called after each batch with the number of windows done and the total */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The CinC 2017 rhythm classifier (N, A, O, ~) applied to 30 s windows of one ECG lead: a compact
 * ResNet → BiLSTM → multi-head self-attention network (see buildRhythmModel) with the window and
 * normalisation settings of its meta.json. Runs on whatever tfjs backend is active.
 */
export class RhythmClassifier {
  /** the model's meta.json */
  readonly meta: RhythmModelMeta;
  private readonly model: tf.LayersModel;

  /**
   * Wraps an inference model already in memory (training uses this to score the tune split).
   * @param model - inputs [n, fsHz·windowS, 1] → [probabilities [n, 4], attention [n, T]]
   * @param meta - its meta (fsHz, windowS, strideS, normalisation, attention.steps)
   */
  constructor(model: tf.LayersModel, meta: RhythmModelMeta) {
    this.model = model;
    this.meta = meta;
  }

  /**
   * Loads the model (`model.json` + weights) and `meta.json` from a folder.
   * @param dir - folder such as resources/models/rhythm
   * @throws Error naming the folder when meta.json is missing or does not match the model's shapes
   */
  static async load(dir: string): Promise<RhythmClassifier> {
    let meta: RhythmModelMeta;
    try {
      meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as RhythmModelMeta;
    } catch (error) {
      throw new Error(`RhythmClassifier: cannot read ${join(dir, 'meta.json')}: ${(error as Error).message}`);
    }
    const model = await loadLayersModel(dir);
    const inputSamples = model.inputs[0]?.shape[1];
    const steps = model.outputs[1]?.shape[1];
    if (inputSamples !== Math.round(meta.fsHz * meta.windowS) || steps !== meta.attention.steps) {
      throw new Error(
        `RhythmClassifier: model in ${dir} takes ${inputSamples} samples and gives ${steps} attention steps; meta.json says ${meta.fsHz} Hz × ${meta.windowS} s and ${meta.attention.steps} steps`,
      );
    }
    return new RhythmClassifier(model, meta);
  }

  /**
   * Brings one lead to the network's rate: non-finite samples are set to 0, then the whole signal is
   * resampled once to meta.fsHz.
   * @param signalMv - one lead, in mV
   * @param fsHz - its sampling rate, in Hz (> 0)
   * @returns the signal at meta.fsHz (the input itself when the rates match and all samples are finite)
   * @throws RangeError for a non-positive rate
   */
  toModelRate(signalMv: Float32Array, fsHz: number): Float32Array {
    if (!(fsHz > 0)) throw new RangeError(`RhythmClassifier: invalid sampling rate ${fsHz} Hz`);
    const finite = signalMv.every((v) => Number.isFinite(v)) ? signalMv : signalMv.map((v) => (Number.isFinite(v) ? v : 0));
    return resample(finite, fsHz, this.meta.fsHz);
  }

  /**
   * Runs the network on windows of signals already at the model's rate, in batches of
   * CLASSIFIER_CONFIG.batchSize (a shorter one zero-padded, see padBatch), yielding to the event loop
   * between batches.
   * @param windows - each a signal at meta.fsHz and the first sample of its window (zero-padded past the end)
   * @param options - AbortSignal and progress callback
   * @returns probabilities (n × 4; a multi-label model's sigmoid outputs as strip classes, stripClassesOfLabelSets)
   *   and attention (n × meta.attention.steps), row-major
   * @throws the AbortSignal's reason when aborted
   */
  async predictWindows(
    windows: readonly { readonly signal: Float32Array; readonly startSample: number }[],
    options: Pick<ClassifyWindowsOptions, 'signal' | 'onProgress'> = {},
  ): Promise<{ probabilities: Float32Array; attention: Float32Array }> {
    const n = windows.length;
    const windowSamples = Math.round(this.meta.windowS * this.meta.fsHz);
    const steps = this.meta.attention.steps;
    const multiLabel = this.meta.output?.activation === 'sigmoid';
    const classes = multiLabel ? MULTI_LABELS.length : RHYTHM_LABELS.length;
    const probabilities = new Float32Array(n * classes);
    const attention = new Float32Array(n * steps);
    const { batchSize } = CLASSIFIER_CONFIG;
    const batch = new Float32Array(batchSize * windowSamples);
    for (let first = 0; first < n; first += batchSize) {
      options.signal?.throwIfAborted();
      const count = Math.min(batchSize, n - first);
      for (let k = 0; k < count; k++) {
        const w = windows[first + k] as { signal: Float32Array; startSample: number };
        writeWindowInput(w.signal, w.startSample, windowSamples, batch, k * windowSamples, this.meta.normalisation);
      }
      const padded = padBatch(batch.subarray(0, count * windowSamples), windowSamples, {
        batchSize,
        quantum: CLASSIFIER_CONFIG.shapeQuantum,
      });
      const input = tf.tensor3d(padded.values, [padded.rows, windowSamples, 1]);
      const outputs = this.model.predict(input, { batchSize: padded.rows }) as tf.Tensor[];
      try {
        probabilities.set((await (outputs[0] as tf.Tensor).data()).subarray(0, count * classes), first * classes);
        attention.set((await (outputs[1] as tf.Tensor).data()).subarray(0, count * steps), first * steps);
      } finally {
        tf.dispose([input, ...outputs]);
      }
      options.onProgress?.(first + count, n);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    options.signal?.throwIfAborted();
    return { probabilities: multiLabel ? stripClassesOfLabelSets(probabilities) : probabilities, attention };
  }

  /**
   * Classifies sliding windows of one ECG lead. The signal is brought to the model rate once
   * (toModelRate), then windows of meta.windowS start every `strideS` seconds; when they leave a
   * tail, one more window is aligned to the record end; a signal shorter than one window gives one
   * zero-padded window; an empty signal gives no windows.
   *
   * @param signalMv - one lead, in mV
   * @param fsHz - its sampling rate, in Hz (> 0)
   * @param options - stride, AbortSignal, progress callback
   * @returns per-window start samples (at `fsHz`), probabilities, labels and attention
   * @throws RangeError for a non-positive rate or stride; the AbortSignal's reason when aborted
   */
  async classifyWindows(signalMv: Float32Array, fsHz: number, options: ClassifyWindowsOptions = {}): Promise<RhythmWindows> {
    const { fsHz: modelHz, windowS } = this.meta;
    const strideS = options.strideS ?? this.meta.strideS;
    if (!(strideS > 0)) throw new RangeError(`RhythmClassifier: invalid stride ${strideS} s`);
    const signal = this.toModelRate(signalMv, fsHz);
    const starts = windowStarts(signal.length, Math.round(windowS * modelHz), Math.max(1, Math.round(strideS * modelHz)));
    return this.classifyWindowsAt(signal, 0, starts, fsHz, { ...options, strideS });
  }

  /**
   * Classifies windows of a stretch of a record already at the model's rate (from toModelRate),
   * at start positions given in model-rate samples of the whole record: the form a chunked
   * analysis needs, since each window's input depends only on its own samples.
   *
   * @param signal - the stretch at meta.fsHz; its sample 0 is model-rate sample `offset` of the record
   * @param offset - model-rate position of the stretch in the record, in samples (≥ 0)
   * @param starts - window starts in model-rate samples of the record, ascending, each ≥ `offset`
   *   (windows reaching past the stretch's end are zero-padded, as at the end of a record)
   * @param fsHz - the record's sampling rate, in Hz, to which the returned start samples are converted
   * @param options - stride (reported in the result), AbortSignal, progress callback
   * @returns per-window start samples (at `fsHz`), probabilities, labels and attention
   * @throws RangeError when a start lies before `offset`; the AbortSignal's reason when aborted
   */
  async classifyWindowsAt(
    signal: Float32Array,
    offset: number,
    starts: readonly number[],
    fsHz: number,
    options: ClassifyWindowsOptions = {},
  ): Promise<RhythmWindows> {
    const { fsHz: modelHz, windowS } = this.meta;
    if (starts.some((s) => s < offset)) throw new RangeError(`RhythmClassifier: a window starts before the stretch at ${offset}`);
    const { probabilities, attention } = await this.predictWindows(
      starts.map((s) => ({ signal, startSample: s - offset })),
      options,
    );
    const toInput = fsHz / modelHz;
    return {
      windowS,
      strideS: options.strideS ?? this.meta.strideS,
      startSample: Int32Array.from(starts, (s) => Math.round(s * toInput)),
      probabilities,
      labels: starts.map((_, i) => mostProbableLabel(probabilities, i)),
      attention,
      attentionSteps: this.meta.attention.steps,
    };
  }
}
