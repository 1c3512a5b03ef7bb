import type {
  AnalysisEngine,
  AnalysisSummary,
  AnalysisTask,
  AnalyzeHooks,
  EngineInfo,
} from '../../../../../src/main/core/engine/analysis-engine';

/** What a fake analysis does, chosen per call by the test. */
export type FakeBehaviour = 'succeed' | 'hang' | Error;

/** The engine info the fakes report. */
export const FAKE_INFO: EngineInfo = {
  backend: { name: 'fake', package: 'test', tfVersion: null },
  models: [{ name: 'beats', version: '0', sha256: '' }],
  detector: 'fake-detector',
  concurrency: 1,
};

/**
 * A test double of the analysis engine: records every task, reports one
 * progress reading per stage, and succeeds, fails with a given error, or
 * hangs until cancelled, as `behaviour(task)` says. It stores nothing.
 */
export class FakeEngine implements AnalysisEngine {
  readonly tasks: AnalysisTask[] = [];
  closed = false;

  constructor(
    private readonly behaviour: (task: AnalysisTask) => FakeBehaviour,
    private readonly concurrency = 1,
  ) {}

  async info(): Promise<EngineInfo> {
    return { ...FAKE_INFO, concurrency: this.concurrency };
  }

  analyze(task: AnalysisTask, hooks: AnalyzeHooks = {}): Promise<AnalysisSummary> {
    this.tasks.push(task);
    const behaviour = this.behaviour(task);
    return new Promise((resolve, reject) => {
      const abort = (): void => reject(Object.assign(new Error('analysis cancelled'), { name: 'AbortError' }));
      if (hooks.signal?.aborted) return abort();
      hooks.signal?.addEventListener('abort', abort, { once: true });
      if (behaviour === 'hang') return;
      for (const stage of ['read', 'qrs', 'beats', 'rhythm', 'store'] as const) hooks.onProgress?.(stage, 1);
      if (behaviour instanceof Error) return reject(behaviour);
      resolve({
        recordName: task.headerPath,
        nBeats: 0,
        beatCounts: { N: 0, S: 0, V: 0, F: 0, Q: 0 },
        elapsedMs: 1,
        stageMs: { read: 1, qrs: 1, beats: 1, rhythm: 1 },
        storeMs: 1,
      });
    });
  }

  /** The fake trains nothing (fine-tuning is tested against the worker pool); a test may replace it. */
  retrain: AnalysisEngine['retrain'] = () => Promise.reject(new Error('the fake engine does not retrain'));

  async close(): Promise<void> {
    this.closed = true;
  }
}
