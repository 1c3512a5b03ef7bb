import type { AnalysisEngine } from './analysis-engine';
import type { EngineLink, EngineReply, EngineRequest } from './engine-link';
import { toPlainError } from './worker-messages';

type ResultValue = Extract<EngineReply, { ok: true }>['value'];

/**
 * Serves an engine to a {@link RemoteEngine} on the other end of a link (the
 * engine host side: in the app, the utility process running the worker pool).
 * @param link - the channel to the serving process
 * @param engine - the engine that does the work (a `WorkerPoolEngine`)
 * @param onClosed - called after a `close` request has closed the engine
 * @returns unsubscribe
 */
export function serveEngine(link: EngineLink<EngineReply, EngineRequest>, engine: AnalysisEngine, onClosed?: () => void): () => void {
  const running = new Map<number, AbortController>();
  const answer = (id: number, work: Promise<unknown>): void => {
    work.then(
      (value) => link.post({ type: 'result', id, ok: true, value: (value ?? null) as ResultValue }),
      (error: unknown) => link.post({ type: 'result', id, ok: false, error: toPlainError(error) }),
    );
  };
  const cancellable = (id: number, work: (signal: AbortSignal) => Promise<unknown>): void => {
    const controller = new AbortController();
    running.set(id, controller);
    answer(
      id,
      work(controller.signal).finally(() => running.delete(id)),
    );
  };
  return link.onMessage((request) => {
    switch (request.type) {
      case 'info':
        answer(request.id, engine.info());
        return;
      case 'analyze':
        cancellable(request.id, (signal) =>
          engine.analyze(request.task, {
            signal,
            onProgress: (stage, fraction) => link.post({ type: 'progress', id: request.id, stage, fraction }),
          }),
        );
        return;
      case 'retrain':
        cancellable(request.id, (signal) =>
          engine.retrain(request.task, {
            signal,
            onProgress: (progress) => link.post({ type: 'retrain-progress', id: request.id, progress }),
          }),
        );
        return;
      case 'cancel':
        running.get(request.id)?.abort();
        return;
      case 'close':
        answer(
          request.id,
          engine.close().then(() => onClosed?.()),
        );
        return;
    }
  });
}
