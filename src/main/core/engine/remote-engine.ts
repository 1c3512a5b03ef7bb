import type { AnalysisEngine, AnalysisSummary, AnalysisTask, AnalyzeHooks, EngineInfo, FineTuneEngineHooks } from './analysis-engine';
import type { RetrainResult, RetrainTask } from '../retrain/retrain-task';
import type { EngineLink, EngineReply, EngineRequest } from './engine-link';
import { fromPlainError } from './worker-messages';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: AnalyzeHooks['onProgress'];
  onFineTuneProgress?: FineTuneEngineHooks['onProgress'];
}

/**
 * An analysis engine that runs in another process: every call becomes a
 * request on the link, answered by `serveEngine` on the other side (in the
 * app, an Electron utility process). It only relays: requests out, progress
 * and results in.
 */
export class RemoteEngine implements AnalysisEngine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly unsubscribe: () => void;
  private infoPromise: Promise<EngineInfo> | null = null;
  /** Set by {@link RemoteEngine.fail}: the host is gone, calls fail at once and close needs no reply. */
  private deadReason: string | null = null;

  /** @param link - the channel to the engine host */
  constructor(private readonly link: EngineLink<EngineRequest, EngineReply>) {
    this.unsubscribe = link.onMessage((reply) => this.receive(reply));
  }

  info(): Promise<EngineInfo> {
    this.infoPromise ??= this.request<EngineInfo>((id) => ({ type: 'info', id }));
    return this.infoPromise;
  }

  analyze(task: AnalysisTask, hooks: AnalyzeHooks = {}): Promise<AnalysisSummary> {
    return this.cancellable<AnalysisSummary>(hooks.signal, (id) => ({ type: 'analyze', id, task }), { onProgress: hooks.onProgress });
  }

  retrain<T extends RetrainTask>(task: T, hooks: FineTuneEngineHooks = {}): Promise<RetrainResult<T['kind']>> {
    return this.cancellable<RetrainResult<T['kind']>>(hooks.signal, (id) => ({ type: 'retrain', id, task }), {
      onFineTuneProgress: hooks.onProgress,
    });
  }

  async close(): Promise<void> {
    if (this.deadReason === null) await this.request((id) => ({ type: 'close', id }));
    this.unsubscribe();
  }

  /**
   * Fails every pending call and every later one, e.g. when the host process exited.
   * @param reason - why, for the error messages
   */
  fail(reason: string): void {
    this.deadReason = reason;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Error(`analysis engine: ${reason}`));
    }
  }

  /** A request that a `cancel` message stops when `signal` aborts. */
  private cancellable<T>(
    signal: AbortSignal | undefined,
    make: (id: number) => EngineRequest,
    listeners: Pick<Pending, 'onProgress' | 'onFineTuneProgress'>,
  ): Promise<T> {
    let requestId = 0;
    const onAbort = (): void => this.link.post({ type: 'cancel', id: requestId });
    signal?.addEventListener('abort', onAbort, { once: true });
    return this.request<T>((id) => {
      requestId = id;
      return make(id);
    }, listeners).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  private request<T>(make: (id: number) => EngineRequest, listeners: Pick<Pending, 'onProgress' | 'onFineTuneProgress'> = {}): Promise<T> {
    const id = this.nextId++;
    if (this.deadReason !== null) return Promise.reject(new Error(`analysis engine: ${this.deadReason}`));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, ...listeners });
      this.link.post(make(id));
    });
  }

  private receive(reply: EngineReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === 'progress') {
      pending.onProgress?.(reply.stage, reply.fraction);
      return;
    }
    if (reply.type === 'retrain-progress') {
      pending.onFineTuneProgress?.(reply.progress);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(fromPlainError(reply.error));
  }
}
