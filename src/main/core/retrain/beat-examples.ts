import { AAMI_CLASSES } from '../../../shared/labels';
import type { ClassCounts } from '../../../shared/api';
import { concatTyped } from '../analysis/concat-typed';
import { readChunkSignal } from '../analysis/detect-chunk';
import { lowerBound } from '../analysis/lower-bound';
import { beatInputWindows, prepareBeatRecord, type PreparedBeatRecord } from '../beats/beat-inputs';
import type { BeatModelMeta } from '../beats/beat-model-meta';
import { computeRrFeatures, RR_FEATURE_COUNT } from '../beats/rr-features';
import type { TrainingCase } from './review-dataset';

/** Labelled beat-model inputs, n beats: what a training step consumes. */
export interface BeatExamples {
  /** n × samples × 2L, the model's `wave` input (see beatInputWindows) */
  wave: Float32Array;
  /** n × RR_FEATURE_COUNT, the model's `rr` input */
  rr: Float32Array;
  /** class index per beat into AAMI_CLASSES */
  labels: Uint8Array;
}

/** Number of beats of a set. */
export function exampleCount(examples: BeatExamples): number {
  return examples.labels.length;
}

/**
 * Joins several sets in order.
 * @param parts - the sets (same model layout)
 * @returns one set
 */
export function concatExamples(parts: readonly BeatExamples[]): BeatExamples {
  return {
    wave: concatTyped(
      parts.map((p) => p.wave),
      Float32Array,
    ),
    rr: concatTyped(
      parts.map((p) => p.rr),
      Float32Array,
    ),
    labels: concatTyped(
      parts.map((p) => p.labels),
      Uint8Array,
    ),
  };
}

/**
 * The beats at some indices of a set, in the order given.
 * @param examples - the set
 * @param indices - beat indices into it
 * @returns a new set
 */
export function pickExamples(examples: BeatExamples, indices: ArrayLike<number>): BeatExamples {
  const n = exampleCount(examples);
  const perBeat = n > 0 ? examples.wave.length / n : 0;
  const out: BeatExamples = {
    wave: new Float32Array(indices.length * perBeat),
    rr: new Float32Array(indices.length * RR_FEATURE_COUNT),
    labels: new Uint8Array(indices.length),
  };
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    out.wave.set(examples.wave.subarray(i * perBeat, (i + 1) * perBeat), k * perBeat);
    out.rr.set(examples.rr.subarray(i * RR_FEATURE_COUNT, (i + 1) * RR_FEATURE_COUNT), k * RR_FEATURE_COUNT);
    out.labels[k] = examples.labels[i] as number;
  }
  return out;
}

/** Beats per AAMI class of a set. */
export function exampleCounts(examples: BeatExamples): ClassCounts {
  const counts: ClassCounts = { N: 0, S: 0, V: 0, F: 0, Q: 0 };
  for (const c of examples.labels) counts[AAMI_CLASSES[c] ?? 'Q']++;
  return counts;
}

/**
 * Model inputs of some beats of a prepared record, with their RR rows and labels.
 * @param prepared - the record at the model rate (prepareBeatRecord over its whole beat list)
 * @param rr - RR features of that whole beat list
 * @param indices - the chosen beats, indices into that beat list
 * @param labels - class index of each chosen beat
 * @param meta - the model's input layout
 * @returns the examples
 */
export function preparedExamples(
  prepared: PreparedBeatRecord,
  rr: Float32Array,
  indices: Int32Array,
  labels: Uint8Array,
  meta: BeatModelMeta,
): BeatExamples {
  const rows = new Float32Array(indices.length * RR_FEATURE_COUNT);
  indices.forEach((i, k) => rows.set(rr.subarray(i * RR_FEATURE_COUNT, (i + 1) * RR_FEATURE_COUNT), k * RR_FEATURE_COUNT));
  return { wave: beatInputWindows(prepared, indices, meta), rr: rows, labels };
}

/**
 * The model inputs of a reviewed case's training beats, built exactly as the analysis builds them:
 * the record's stored leads (the first `meta.leads.count`) resampled to the model rate, the running
 * QRS amplitude and running median beat over the case's whole beat list (`contextSamples`: every beat
 * not deleted, as reviewed), the RR features over that list, then each training beat's window and its
 * difference to its running median beat (prepareBeatRecord, computeRrFeatures, beatInputWindows: the code
 * classification runs).
 * @param trainingCase - from collectReviewDataset
 * @param meta - the beat model's meta (input layout)
 * @returns the examples, in the case's beat order
 * @throws WfdbError naming the file when the record cannot be read; Error naming the record when a
 *   training beat is not in its beat list or it has too few leads
 */
export function caseExamples(trainingCase: TrainingCase, meta: BeatModelMeta): BeatExamples {
  const { headerPath, contextSamples, recordName } = trainingCase;
  const { record, leadsMv } = readChunkSignal(headerPath, { readStartSample: 0, readEndSample: trainingCase.nSamples });
  const prepared = prepareBeatRecord(leadsMv, record.fsHz, contextSamples, meta, recordName);
  const rr = computeRrFeatures(contextSamples, record.fsHz, meta.rrFeatures.config);
  const indices = Int32Array.from(trainingCase.beats, (beat) => {
    const i = lowerBound(contextSamples, beat.sample);
    if (contextSamples[i] !== beat.sample) throw new Error(`${recordName}: training beat at sample ${beat.sample} is not in its beat list`);
    return i;
  });
  const labels = Uint8Array.from(trainingCase.beats, (beat) => AAMI_CLASSES.indexOf(beat.label));
  return preparedExamples(prepared, rr, indices, labels, meta);
}
