/**
 * The contract every transport must keep, as one suite run over each of them
 * (loopback WebSocket with the renderer's client; Electron IPC with the
 * preload, over a fake Electron): request/reply routed by id, params
 * validated before dispatch (bad_request, handler not called), unknown
 * methods refused, handler errors flattened to `{code, message}`, typed
 * arrays intact, pushed events delivered to their listeners only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcgApi, Events, Method } from '../../../../src/shared/api';
import type { AppContext, Emit } from '../../../../src/main/core/api/app-context';
import type { Handlers } from '../../../../src/main/core/api/handlers';
import { NotFoundError } from '../../../../src/main/core/store/review-store';

/** A transport under test, connected: the client API and how to shut it down. */
export interface ConnectedTransport {
  api: EcgApi;
  close(): Promise<void>;
}

/** Starts a transport over these handlers and context and connects a client to it. */
export type ConnectTransport = (ctx: AppContext, handlers: Handlers) => Promise<ConnectedTransport>;

/** The error a client's `invoke` rejects with. */
type ApiError = Error & { code?: string };

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

/**
 * Registers the transport-contract suite for one transport.
 * @param name - the transport, for the suite's title
 * @param connect - starts the transport and connects a client
 */
export function describeTransportContract(name: string, connect: ConnectTransport): void {
  describe(`${name}: transport contract`, () => {
    const listeners = new Set<Emit>();
    const emit: Emit = (event, payload) => {
      for (const listener of listeners) listener(event, payload);
    };
    const ctx = {
      subscribe(listener: Emit) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as AppContext;
    const calls: Method[] = [];
    const trend = Float32Array.from([60, NaN, 72.5, -0]);
    const handlers = {
      async 'cases:list'() {
        calls.push('cases:list');
        return [];
      },
      async 'analysis:cancel'({ jobId }: { jobId: string }) {
        calls.push('analysis:cancel');
        await new Promise((resolve) => setTimeout(resolve, jobId === 'slow' ? 30 : 0));
        return { cancelled: jobId === 'slow' };
      },
      async 'record:overview'({ recordId, binS }: { recordId: number; binS: number }) {
        calls.push('record:overview');
        return { recordId, hrTrend: { binS, hrBpm: trend } };
      },
      async 'beats:find'({ recordId }: { recordId: number }) {
        calls.push('beats:find');
        throw new NotFoundError(`record ${recordId} has no finished analysis yet`);
      },
      async 'review:events'() {
        calls.push('review:events');
        throw Object.assign(new Error('disk I/O error'), { secret: 'stack and fields stay on the server' });
      },
    } as unknown as Handlers;

    let transport: ConnectedTransport;
    beforeAll(async () => {
      transport = await connect(ctx, handlers);
    });
    afterAll(async () => {
      await transport.close();
    });

    it('routes each reply to its request, with schema defaults applied before dispatch', async () => {
      const { api } = transport;
      const [slow, fast, list] = await Promise.all([
        api.invoke('analysis:cancel', { jobId: 'slow' }),
        api.invoke('analysis:cancel', { jobId: 'fast' }),
        api.invoke('cases:list', {}),
      ]);
      expect(slow).toEqual({ cancelled: true });
      expect(fast).toEqual({ cancelled: false });
      expect(list).toEqual([]);
      const overview = await api.invoke('record:overview', { recordId: 4 });
      expect(overview.hrTrend.binS).toBe(10);
    });

    it('carries typed arrays as typed arrays, bit for bit', async () => {
      const overview = await transport.api.invoke('record:overview', { recordId: 4, binS: 60 });
      const hrBpm = overview.hrTrend.hrBpm;
      expect(hrBpm).toBeInstanceOf(Float32Array);
      expect(new Uint8Array(hrBpm.buffer, hrBpm.byteOffset, hrBpm.byteLength)).toEqual(new Uint8Array(trend.buffer));
    });

    it('refuses invalid params with bad_request naming the field, without calling the handler', async () => {
      const before = calls.length;
      const negative = await rejection(transport.api.invoke('record:overview', { recordId: -3 }));
      expect(negative.code).toBe('bad_request');
      expect(negative.message).toMatch(/record:overview[\s\S]*recordId/);
      const tooFine = await rejection(transport.api.invoke('record:overview', { recordId: 1, binS: 0.5 }));
      expect(tooFine.code).toBe('bad_request');
      expect(tooFine.message).toMatch(/binS/);
      const extra = await rejection(transport.api.invoke('cases:list', { path: '/' } as never));
      expect(extra.code).toBe('bad_request');
      expect(calls.length).toBe(before);
    });

    it('refuses an unknown method with bad_request', async () => {
      const error = await rejection(transport.api.invoke('fs:delete' as Method, {} as never));
      expect(error.code).toBe('bad_request');
      expect(error.message).toMatch(/unknown method fs:delete/);
    });

    it('flattens handler errors to a code and a message', async () => {
      const missing = await rejection(transport.api.invoke('beats:find', { recordId: 9, fromSample: 0, label: 'V', direction: 1 }));
      expect(missing).toBeInstanceOf(Error);
      expect(missing.code).toBe('not_found');
      expect(missing.message).toBe('record 9 has no finished analysis yet');
      const broken = await rejection(transport.api.invoke('review:events', { recordId: 9 }));
      expect(broken.code).toBe('internal');
      expect(broken.message).toBe('disk I/O error');
      expect(broken).not.toHaveProperty('secret');
    });

    it('pushes events to the listeners of that event until they unsubscribe', async () => {
      const changed: Events['cases:changed'][] = [];
      const done: Events['job:done'][] = [];
      const offChanged = transport.api.on('cases:changed', (payload) => changed.push(payload));
      const offDone = transport.api.on('job:done', (payload) => done.push(payload));
      emit('cases:changed', { recordIds: [4, 5] });
      emit('job:done', { jobId: 'j1', recordId: 4, state: 'failed', error: 'record 4: bad checksum' });
      await expect.poll(() => done.length).toBe(1);
      expect(changed).toEqual([{ recordIds: [4, 5] }]);
      expect(done).toEqual([{ jobId: 'j1', recordId: 4, state: 'failed', error: 'record 4: bad checksum' }]);
      offChanged();
      emit('cases:changed', { recordIds: [6] });
      emit('job:done', { jobId: 'j2', recordId: 6, state: 'done', error: null });
      await expect.poll(() => done.length).toBe(2);
      expect(changed).toHaveLength(1);
      offDone();
    });
  });
}
