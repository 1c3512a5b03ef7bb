import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineLink } from '../../../../../src/main/core/engine/engine-link';
import { RemoteEngine } from '../../../../../src/main/core/engine/remote-engine';
import { serveEngine } from '../../../../../src/main/core/engine/serve-engine';
import { WfdbError } from '../../../../../src/main/core/wfdb/errors';
import { FAKE_INFO, FakeEngine } from './fake-engine';

/** One end of a MessageChannel as an engine link (what the utility process's parentPort gives in the app). */
function link<Out, In>(port: MessagePort): EngineLink<Out, In> {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => {
      const onMessage = (message: In): void => listener(message);
      port.on('message', onMessage);
      return () => port.off('message', onMessage);
    },
  };
}

describe('remote engine over a message link (the utility-process protocol)', () => {
  const ports: MessagePort[] = [];
  afterEach(() => ports.splice(0).forEach((p) => p.close()));

  function connect(engine: FakeEngine): RemoteEngine {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    serveEngine(link(port2), engine);
    return new RemoteEngine(link(port1));
  }

  const task = (headerPath: string) => ({ headerPath, databasePath: '/tmp/x.sqlite', analysisId: 1 });

  it('relays info, progress and the summary', async () => {
    const remote = connect(new FakeEngine(() => 'succeed'));
    expect(await remote.info()).toEqual(FAKE_INFO);
    const stages: string[] = [];
    const summary = await remote.analyze(task('/r/100.hea'), { onProgress: (stage) => stages.push(stage) });
    expect(stages).toEqual(['read', 'qrs', 'beats', 'rhythm', 'store']);
    expect(summary.recordName).toBe('/r/100.hea');
  });

  it('rebuilds a WfdbError with its file on this side', async () => {
    const remote = connect(new FakeEngine(() => new WfdbError('/r/bad.dat', 'signal file too short')));
    const error = await remote.analyze(task('/r/bad.hea')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WfdbError);
    expect(error).toMatchObject({ file: '/r/bad.dat', message: '/r/bad.dat: signal file too short' });
  });

  it('carries a cancel to the other side, which rejects with an AbortError', async () => {
    const engine = new FakeEngine(() => 'hang');
    const remote = connect(engine);
    const controller = new AbortController();
    const work = remote.analyze(task('/r/long.hea'), { signal: controller.signal });
    await expect.poll(() => engine.tasks.length).toBe(1);
    controller.abort();
    await expect(work).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('relays fine-tuning progress out and its cancel in', async () => {
    const progress = {
      epoch: 1,
      epochs: 2,
      batch: 1,
      batches: 3,
      loss: 0.5,
      validation: null,
      elapsedMs: 10,
      etaMs: 50,
      scope: 'whole-model' as const,
      backend: 'tensorflow',
      model: 'beats' as const,
    };
    const engine = new FakeEngine(() => 'succeed');
    engine.retrain = (_task, hooks = {}) =>
      new Promise((_resolve, reject) => {
        hooks.onProgress?.(progress);
        hooks.signal?.addEventListener('abort', () => reject(Object.assign(new Error('fine-tuning cancelled'), { name: 'AbortError' })));
      });
    const remote = connect(engine);
    const controller = new AbortController();
    const seen: unknown[] = [];
    const task = {
      kind: 'beats' as const,
      databasePath: '/tmp/x.sqlite',
      baseModelDir: '/m',
      outDir: '/o',
      version: 'v',
      includeModelLabels: false,
      replayDataDir: null,
      hyperParameters: {},
    };
    const work = remote.retrain(task, { signal: controller.signal, onProgress: (p) => seen.push(p) });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual(progress);
    controller.abort();
    await expect(work).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails pending and later calls when the host dies, and closes without waiting for it', async () => {
    const engine = new FakeEngine(() => 'hang');
    const remote = connect(engine);
    const work = remote.analyze(task('/r/long.hea'));
    await expect.poll(() => engine.tasks.length).toBe(1);
    remote.fail('the analysis process exited with code 9');
    await expect(work).rejects.toThrow('analysis engine: the analysis process exited with code 9');
    await expect(remote.analyze(task('/r/next.hea'))).rejects.toThrow('exited with code 9');
    await remote.close();
    expect(engine.tasks).toHaveLength(1);
  });

  it('closes the engine on the other side', async () => {
    const engine = new FakeEngine(() => 'succeed');
    await connect(engine).close();
    expect(engine.closed).toBe(true);
  });
});
