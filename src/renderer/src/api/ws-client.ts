import type { EcgApi, EventName, Events, Method, ParamsIn, Results } from '../../../shared/api';
import { decodeWire, encodeWire } from '../../../shared/wire';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The renderer's client for the loopback server transport (`npm run serve`):
 * one WebSocket carrying the same contract as Electron IPC.
 * @param url - the server's `ws://HOST/ws?token=…` address (see {@link wsUrl})
 * @returns the typed API; calls made before the socket opens are queued
 */
export function createWsClient(url: string): EcgApi {
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('cannot connect to the analysis server')), { once: true });
  });
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event: { data: string }) => {
    const message = decodeWire(event.data) as {
      id?: number;
      result?: unknown;
      error?: { code: string; message: string };
      event?: string;
      payload?: unknown;
    };
    if (typeof message.event === 'string') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    if (typeof message.id !== 'number') return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    else waiter.resolve(message.result);
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('connection to the analysis server closed'));
    pending.clear();
  });

  return {
    async invoke<M extends Method>(method: M, params: ParamsIn<M>): Promise<Results[M]> {
      await opened;
      const id = nextId++;
      return new Promise<Results[M]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        socket.send(encodeWire({ id, method, params }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}

/**
 * The WebSocket address of the loopback server that served a page.
 * @param page - the page's location (protocol and host are used)
 * @param token - the per-run token the server printed in the page URL
 * @returns `ws://HOST/ws?token=…` (`wss` for an https page)
 */
export function wsUrl(page: { protocol: string; host: string }, token: string): string {
  return `${page.protocol === 'https:' ? 'wss' : 'ws'}://${page.host}/ws?token=${encodeURIComponent(token)}`;
}
