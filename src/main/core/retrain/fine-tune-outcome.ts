import type { BackendInfo } from '../ml/backend';
import type { TrainedEpoch } from './train-batches';

/** Which layers a run trains: all of them (native TensorFlow), or those after the frozen conv front end (wasm, cpu). */
export type TrainableScope = 'whole-model' | 'recurrent-and-head';

/**
 * What a finished fine-tuning run wrote and measured, for the beat model and the rhythm model alike.
 * @typeParam H - the run's resolved hyper-parameters
 * @typeParam C - class counts (beats per AAMI class, or 30 s windows per CinC 2017 class)
 * @typeParam V - held-out scores per class
 */
export interface FineTuneOutcome<H, C, V> {
  /** the new model folder (model.json, weights.bin, meta.json) */
  modelDir: string;
  scope: TrainableScope;
  /** why the scope is what it is, for the UI */
  scopeReason: string;
  /** names of the layers kept frozen (the conv layers on wasm; empty with the native backend) */
  frozenLayers: string[];
  backend: Pick<BackendInfo, 'name' | 'package' | 'tfVersion'>;
  hyperParameters: H;
  /** training examples per class: the reviewed ones and the replay sample */
  trainCounts: { reviewed: C; replay: C };
  /** held-out reviewed examples per class */
  validationCounts: C;
  /** scores on the held-out reviewed examples before fine-tuning (null: no held-out example), and after each epoch */
  before: V | null;
  history: TrainedEpoch<V>[];
  /** the base model's meta.json `version` */
  parentVersion: string;
  /** wall time of the run, s */
  seconds: number;
}

/** Where a run's data came from, as its input gave it (the fields both models' inputs share). */
export interface FineTuneProvenance {
  /** folder of the base model */
  baseModelDir: string;
  /** why there is no replay (null when there is a replay sample) */
  replayNote: string | null;
  /** whether a replay sample was mixed in */
  replay: unknown;
  /** extra provenance (cases, reviewers, …) */
  dataProvenance?: Record<string, unknown>;
}

/**
 * The `fineTuning` block of a fine-tuned model's meta.json: parent, method, data (provenance, counts, why no
 * replay), scope, backend, hyper-parameters, the held-out scores before and per epoch, and the training time.
 * @param outcome - the finished run
 * @param input - the run's provenance fields
 * @param method - one line saying how the model was made, naming the source file
 * @returns a plain JSON object
 */
export function fineTuningMeta<H, C, V>(
  outcome: FineTuneOutcome<H, C, V>,
  input: FineTuneProvenance,
  method: string,
): Record<string, unknown> {
  return {
    parentVersion: outcome.parentVersion,
    parentDir: input.baseModelDir,
    method,
    data: {
      ...input.dataProvenance,
      trainCounts: outcome.trainCounts,
      validationCounts: outcome.validationCounts,
      replay: input.replay ? null : input.replayNote,
    },
    scope: outcome.scope,
    scopeReason: outcome.scopeReason,
    frozenLayers: outcome.frozenLayers,
    backend: outcome.backend,
    hyperParameters: outcome.hyperParameters,
    validationBefore: outcome.before,
    history: outcome.history,
    trainingTimeS: outcome.seconds,
  };
}
