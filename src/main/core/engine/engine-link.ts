import type { AnalysisSummary, AnalysisTask, EngineInfo, EngineOptions, EngineStage } from './analysis-engine';
import type { FineTuneProgress } from '../retrain/fine-tune-beats';
import type { RetrainResult, RetrainTask } from '../retrain/retrain-task';
import type { PlainError } from './worker-messages';

/** A message from the serving process to an engine host. */
export type EngineRequest =
  | { type: 'info'; id: number }
  | { type: 'analyze'; id: number; task: AnalysisTask }
  | { type: 'retrain'; id: number; task: RetrainTask }
  | { type: 'cancel'; id: number }
  | { type: 'close'; id: number };

/** A message from an engine host back to the serving process. */
export type EngineReply =
  | { type: 'progress'; id: number; stage: EngineStage; fraction: number }
  | { type: 'retrain-progress'; id: number; progress: FineTuneProgress }
  | { type: 'result'; id: number; ok: true; value: EngineInfo | AnalysisSummary | RetrainResult | null }
  | { type: 'result'; id: number; ok: false; error: PlainError };

/** Settings an engine host is started with (its first message, or its argv). */
export type EngineHostSetup = EngineOptions;

/**
 * One end of a message channel between processes (an Electron utility
 * process and its parent, or a `MessageChannel` in tests): structured-clone
 * messages, in order.
 */
export interface EngineLink<Out, In> {
  post(message: Out): void;
  /** @returns unsubscribe */
  onMessage(listener: (message: In) => void): () => void;
}
