import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { AppContext, Emit } from '../../../../src/main/core/api/app-context';
import type { Handlers } from '../../../../src/main/core/api/handlers';
import { startHttpServer, type RunningServer } from '../../../../src/main/transport/http-server';
import { createWsClient, wsUrl } from '../../../../src/renderer/src/api/ws-client';
import { decodeWire, encodeWire } from '../../../../src/shared/wire';
import { describeTransportContract } from './transport-contract';

function get(port: number, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('loopback HTTP/WebSocket transport', () => {
  let server: RunningServer;
  let dir: string;
  const listeners = new Set<Emit>();
  const ctx = {
    subscribe(listener: Emit) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as AppContext;
  const handlers = {
    'cases:list': async () => [],
    'record:overview': async ({ recordId }: { recordId: number }) => ({
      recordId,
      hrTrend: { binS: 10, hrBpm: Float32Array.from([60, NaN]) },
    }),
  } as unknown as Handlers;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'renderer-'));
    writeFileSync(join(dir, 'index.html'), '<h1>Holter</h1>');
    server = await startHttpServer({ ctx, handlers, rendererDir: dir, token: 'secret-token' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 and prints the token in the URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=secret-token`);
  });

  it('needs the token and a loopback Host header', async () => {
    const host = { host: `127.0.0.1:${server.port}` };
    expect((await get(server.port, '/', host)).status).toBe(401);
    expect((await get(server.port, '/?token=wrong', host)).status).toBe(401);
    const ok = await get(server.port, '/?token=secret-token', host);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Holter');
    expect((await get(server.port, '/?token=secret-token', { host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('validates params on POST /api before dispatch', async () => {
    const headers = { host: `127.0.0.1:${server.port}`, authorization: 'Bearer secret-token', 'content-type': 'application/json' };
    const good = await get(server.port, '/api', headers, encodeWire({ id: 1, method: 'cases:list', params: {} }));
    expect(decodeWire(good.text)).toEqual({ id: 1, result: [] });
    const bad = decodeWire(
      (await get(server.port, '/api', headers, encodeWire({ id: 2, method: 'record:overview', params: { recordId: -3 } }))).text,
    ) as {
      error: { code: string };
    };
    expect(bad.error.code).toBe('bad_request');
    const unknown = decodeWire((await get(server.port, '/api', headers, encodeWire({ id: 3, method: 'fs:delete', params: {} }))).text) as {
      error: { message: string };
    };
    expect(unknown.error.message).toMatch(/unknown method/);
  });

  it('refuses a WebSocket from another origin, serves one from its own with typed arrays and pushed events', async () => {
    const wsUrl = `ws://127.0.0.1:${server.port}/ws?token=secret-token`;
    const foreign = new WebSocket(wsUrl, { origin: 'http://evil.example' });
    await expect(
      new Promise((resolve, reject) => {
        foreign.on('open', resolve);
        foreign.on('error', reject);
      }),
    ).rejects.toThrow(/401/);

    const socket = new WebSocket(wsUrl, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((resolve) => socket.on('open', resolve));
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(decodeWire(data.toString())));
    socket.send(encodeWire({ id: 7, method: 'record:overview', params: { recordId: 4 } }));
    for (const listener of listeners) listener('cases:changed', { recordIds: [4] });
    await expect.poll(() => messages.length).toBe(2);
    const reply = messages.find((m) => (m as { id?: number }).id === 7) as { result: { hrTrend: { hrBpm: Float32Array } } };
    expect(reply.result.hrTrend.hrBpm).toBeInstanceOf(Float32Array);
    expect(messages).toContainEqual({ event: 'cases:changed', payload: { recordIds: [4] } });
    socket.close();
  });
});

describeTransportContract('loopback WebSocket + renderer client', async (ctx, handlers) => {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  const server = await startHttpServer({ ctx, handlers, rendererDir: dir, token: 'contract-token' });
  const origin = `http://127.0.0.1:${server.port}`;
  vi.stubGlobal(
    'WebSocket',
    class BrowserLikeWebSocket extends WebSocket {
      constructor(url: string) {
        super(url, { origin });
      }
    },
  );
  const api = createWsClient(wsUrl(new URL(origin), server.token));
  return {
    api,
    async close() {
      vi.unstubAllGlobals();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
