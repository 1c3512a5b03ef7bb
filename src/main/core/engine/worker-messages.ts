import type { MessagePort } from 'node:worker_threads';
import type { BeatContext, ChunkBeatInputs } from '../analysis/beat-context';
import type { AnalysisChunk } from '../analysis/chunk-plan';
import type { ChunkDetection, DetectedChunk } from '../analysis/detect-chunk';
import type { ChunkSummary, FirstPassSummary } from '../analysis/merge-chunks';
import type { SignalEnvelope } from '../analysis/signal-envelope';
import type { DetectedSpan } from '../rhythm/holter-rhythm';
import type { AnalysisPartRows } from '../store/review-store';
import type { BackendPreference } from '../ml/backend-preference';
import type { FineTuneProgress } from '../retrain/fine-tune-beats';
import type { RetrainResult, RetrainTask } from '../retrain/retrain-task';
import { WfdbError } from '../wfdb/errors';
import type { RecordProbe } from '../wfdb/probe-record';
import type { AnalysisSummary, AnalysisTask, EngineInfo, EngineStage } from './analysis-engine';

/** Set once per worker (piscina `workerData`): how it loads its backend and models. */
export interface WorkerSetup {
  backend?: BackendPreference;
  modelsDir?: string;
}

/**
 * A task sent to an analysis worker. One record's analysis is several tasks, so both workers share
 * it: `plan` (probe the header, cut the record into chunks), `detect` per chunk (first pass),
 * `context` once (the record's beat context), `envelope` once (join the chunks' min/max envelopes and store the record's pyramid with the running analysis), `classify` per chunk (second pass; `port` carries
 * progress out and `cancel` in; it returns the chunk's rows as stored), `rows` per chunk in chunk order (append
 * them to the running analysis), `store` once (read the streamed rows back from the store, finish the record: episodes, aggregates, show it). `retrain` is a whole fine-tuning run or version comparison in one
 * worker (progress out and `cancel` in on its port). Each chunk
 * task reads its own stretch of the record from disk: samples never cross threads.
 */
export type WorkerTask = (
  | { kind: 'info' }
  | { kind: 'plan'; headerPath: string; chunkS?: number }
  | { kind: 'detect'; headerPath: string; chunk: AnalysisChunk }
  | { kind: 'context'; record: RecordProbe; detections: ChunkDetection[] }
  | {
      kind: 'classify';
      headerPath: string;
      chunk: AnalysisChunk;
      inputs: ChunkBeatInputs;
      /** the record's unreadable stretches (recordNoiseSpans), for the beats' final labels */
      noiseSpans: DetectedSpan[];
      port: MessagePort;
    }
  | { kind: 'rows'; task: AnalysisTask; rows: AnalysisPartRows }
  | {
      kind: 'envelope';
      task: AnalysisTask;
      record: RecordProbe;
      /** the chunks' min/max envelopes, in chunk order (joined in the worker into the record's) */
      envelopes: SignalEnvelope[];
    }
  | { kind: 'retrain'; task: RetrainTask; port: MessagePort }
  | {
      kind: 'store';
      task: AnalysisTask;
      record: RecordProbe;
      /** every chunk's first pass, its times and spans */
      detections: FirstPassSummary[];
      context: Pick<BeatContext, 'elapsedMs' | 'pacing'>;
      /** chunkRows' summary of every chunk, in chunk order */
      summaries: ChunkSummary[];
      elapsedMs: number;
    }
) & {
  /** beat model folder of the analysis the task belongs to (see AnalysisTask.beatModelDir); default the worker's own */
  beatModelDir?: string;
  /** rhythm model folder of the analysis the task belongs to (see AnalysisTask.rhythmModelDir); default the worker's own */
  rhythmModelDir?: string;
};

/** What each kind of {@link WorkerTask} resolves to. */
export interface WorkerOutputs {
  info: EngineInfo;
  plan: { record: RecordProbe; chunks: AnalysisChunk[] };
  detect: DetectedChunk;
  context: BeatContext;
  classify: { rows: AnalysisPartRows; summary: ChunkSummary };
  rows: null;
  envelope: null;
  store: AnalysisSummary;
  retrain: RetrainResult;
}

/** Last message of a classify task's port, posted before the task returns (whether it succeeded or not). */
export const PORT_END = 'end';

/** Pushed by the worker on a classify task's port. */
export interface WorkerProgress {
  stage: EngineStage;
  fraction: number;
}

/** Pushed by the worker on a fine-tune task's port. */
export interface WorkerFineTuneProgress {
  fineTune: FineTuneProgress;
}

/** An error as it crosses a thread or process boundary (flattened; the class is rebuilt from `name`). */
export interface PlainError {
  name: string;
  message: string;
  /** WfdbError only: the file at fault and the problem. */
  file?: string;
  problem?: string;
}

/** What a worker task resolves to; errors travel as values so their kind survives. */
export type WorkerResult = { ok: true; value: WorkerOutputs[keyof WorkerOutputs] } | { ok: false; error: PlainError };

/**
 * The buffers of every typed array inside a value (objects and arrays walked; shared buffers left
 * out), each once: the transfer list of a message whose sender no longer needs those arrays.
 * @param value - a task or a result
 * @returns the ArrayBuffers to transfer
 */
export function typedArrayBuffers(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const walk = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach(walk);
  };
  walk(value);
  return [...found];
}

/**
 * Flattens an error for a boundary, keeping what the callers branch on
 * (AbortError, WfdbError with its file).
 * @param error - anything thrown
 * @returns its plain form
 */
export function toPlainError(error: unknown): PlainError {
  if (error instanceof WfdbError) return { name: error.name, message: error.message, file: error.file, problem: error.problem };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/**
 * Rebuilds an error flattened by {@link toPlainError}.
 * @returns a WfdbError, an Error named 'AbortError', or a plain Error with the same message
 */
export function fromPlainError(plain: PlainError): Error {
  if (plain.name === 'WfdbError' && plain.file !== undefined && plain.problem !== undefined)
    return new WfdbError(plain.file, plain.problem);
  return Object.assign(new Error(plain.message), { name: plain.name });
}
