import { concatTyped } from '../analysis/concat-typed';
import { chunkAlignment, CHUNK_CONFIG } from '../analysis/chunk-plan';
import { readChunkSignal } from '../analysis/detect-chunk';
import { resample } from '../dsp/resample';
import { RHYTHM_LABELS } from '../rhythm/rhythm-labels';
import type { RhythmModelMeta } from '../rhythm/rhythm-model-meta';
import { writeWindowInput } from '../rhythm/window-input';
import { emptyRhythmCounts, type RhythmCounts, type RhythmTrainingCase } from './rhythm-dataset';

/** Labelled rhythm-model inputs, n windows: what a training step consumes. */
export interface RhythmExamples {
  /** n × windowSamples, each window normalised as the analysis normalises it (writeWindowInput) */
  windows: Float32Array;
  /** class index per window into RHYTHM_LABELS */
  labels: Uint8Array;
}

/** The model's input length, in samples at its rate. */
export function rhythmWindowSamples(meta: Pick<RhythmModelMeta, 'fsHz' | 'windowS'>): number {
  return Math.round(meta.fsHz * meta.windowS);
}

/** Number of windows of a set. */
export function rhythmExampleCount(examples: RhythmExamples): number {
  return examples.labels.length;
}

/** Windows per class of a set. */
export function rhythmExampleCounts(examples: RhythmExamples): RhythmCounts {
  const counts = emptyRhythmCounts();
  for (const c of examples.labels) counts[RHYTHM_LABELS[c] ?? '~']++;
  return counts;
}

/**
 * Joins several sets in order.
 * @param parts - sets of one window length
 * @returns one set
 */
export function concatRhythmExamples(parts: readonly RhythmExamples[]): RhythmExamples {
  return {
    windows: concatTyped(
      parts.map((p) => p.windows),
      Float32Array,
    ),
    labels: concatTyped(
      parts.map((p) => p.labels),
      Uint8Array,
    ),
  };
}

/**
 * The windows at some indices of a set, in the order given.
 * @param examples - the set
 * @param indices - window indices into it
 * @returns a new set
 */
export function pickRhythmExamples(examples: RhythmExamples, indices: ArrayLike<number>): RhythmExamples {
  const n = rhythmExampleCount(examples);
  const size = n > 0 ? examples.windows.length / n : 0;
  const out: RhythmExamples = { windows: new Float32Array(indices.length * size), labels: new Uint8Array(indices.length) };
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    out.windows.set(examples.windows.subarray(i * size, (i + 1) * size), k * size);
    out.labels[k] = examples.labels[i] as number;
  }
  return out;
}

/**
 * The model inputs of windows of one signal already at the model rate: each window normalised as the
 * classifier does it (writeWindowInput with meta.json's normalisation; zero-padded past the end).
 * @param signal - one lead at meta.fsHz, finite values, mV
 * @param starts - first model-rate sample of each window (≥ 0)
 * @param labels - class index of each window into RHYTHM_LABELS
 * @param meta - the rhythm model's meta.json
 * @returns the examples
 */
export function signalRhythmExamples(
  signal: Float32Array,
  starts: readonly number[],
  labels: readonly number[],
  meta: Pick<RhythmModelMeta, 'fsHz' | 'windowS' | 'normalisation'>,
): RhythmExamples {
  const size = rhythmWindowSamples(meta);
  const windows = new Float32Array(starts.length * size);
  starts.forEach((start, k) => writeWindowInput(signal, start, size, windows, k * size, meta.normalisation));
  return { windows, labels: Uint8Array.from(labels) };
}

/**
 * One lead brought to the rhythm model's rate as the classifier brings it (RhythmClassifier.toModelRate):
 * non-finite samples set to 0, then resampled (windowed sinc) to `modelHz`.
 * @param signalMv - one lead, mV
 * @param fsHz - its rate, Hz
 * @param modelHz - the model's rate, Hz
 * @returns the signal at `modelHz`
 */
export function rhythmModelRate(signalMv: Float32Array, fsHz: number, modelHz: number): Float32Array {
  return resample(
    signalMv.map((v) => (Number.isFinite(v) ? v : 0)),
    fsHz,
    modelHz,
  );
}

/**
 * The model inputs of a reviewed case's training windows, built as the analysis builds its rhythm
 * windows: the record's first stored lead (the lead the rhythm stage reads), read around each window
 * from a start aligned to the resampling cycle and CHUNK_CONFIG.marginS before it (so its model-rate
 * samples are those of the whole record, as in a chunked analysis), non-finite samples set to 0,
 * resampled to meta.fsHz, then normalised per window. The window starts at its episode's sample,
 * rounded to the model rate.
 * @param trainingCase - from collectRhythmDataset
 * @param meta - the rhythm model's meta.json
 * @returns the examples, in the case's window order
 * @throws WfdbError naming the file when the record cannot be read
 */
export function caseRhythmExamples(trainingCase: RhythmTrainingCase, meta: RhythmModelMeta): RhythmExamples {
  const { fsHz, nSamples, headerPath } = trainingCase;
  const align = chunkAlignment(fsHz, [meta.fsHz]);
  const toModel = meta.fsHz / fsHz;
  const margin = Math.ceil(CHUNK_CONFIG.marginS * fsHz);
  const windowRecordSamples = Math.ceil(meta.windowS * fsHz);
  const parts = trainingCase.windows.map((w) => {
    const readStartSample = Math.max(0, Math.floor((w.startSample - margin) / align) * align);
    const readEndSample = Math.min(nSamples, w.startSample + windowRecordSamples + margin);
    const { leadsMv } = readChunkSignal(headerPath, { readStartSample, readEndSample });
    const signal = rhythmModelRate(leadsMv[0] as Float32Array, fsHz, meta.fsHz);
    const start = Math.round(w.startSample * toModel) - Math.round(readStartSample * toModel);
    return signalRhythmExamples(signal, [Math.max(0, start)], [RHYTHM_LABELS.indexOf(w.label)], meta);
  });
  return concatRhythmExamples(parts);
}
