import type { MessagePort } from 'node:worker_threads';
import type { BackendPreference } from '../ml/backend';
import { WfdbError } from '../wfdb/errors';
import type { AnalysisSummary, AnalysisTask, EngineInfo, EngineStage } from './analysis-engine';

/** Set once per worker (piscina `workerData`): how it loads its backend and models. */
export interface WorkerSetup {
  backend?: BackendPreference;
  modelsDir?: string;
}

/** A task sent to an analysis worker; `port` carries progress out and `cancel` in. */
export type WorkerTask = { kind: 'info' } | { kind: 'analyze'; task: AnalysisTask; port: MessagePort };

/** Last message of an analyze task's port, posted before the task returns (whether it succeeded or not). */
export const PORT_END = 'end';

/** Pushed by the worker on the task's port. */
export interface WorkerProgress {
  stage: EngineStage;
  fraction: number;
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
export type WorkerResult = { ok: true; info: EngineInfo | null; summary: AnalysisSummary | null } | { ok: false; error: PlainError };

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
