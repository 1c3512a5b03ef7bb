import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
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

interface Sent {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One HTTP request; a string body is sent with Content-Length, an array of chunks with chunked encoding. */
function send(port: number, path: string, headers: Record<string, string> = {}, body?: string | Buffer[]): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
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
  let dispatched = 0;
  const handlers = {
    'cases:list': async () => {
      dispatched++;
      return [];
    },
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
    expect((await send(server.port, '/', host)).status).toBe(401);
    expect((await send(server.port, '/?token=wrong', host)).status).toBe(401);
    const ok = await send(server.port, '/?token=secret-token', host);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Holter');
    expect((await send(server.port, '/?token=secret-token', { host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('validates params on POST /api before dispatch', async () => {
    const headers = { host: `127.0.0.1:${server.port}`, authorization: 'Bearer secret-token', 'content-type': 'application/json' };
    const good = await send(server.port, '/api', headers, encodeWire({ id: 1, method: 'cases:list', params: {} }));
    expect(decodeWire(good.text)).toEqual({ id: 1, result: [] });
    const bad = decodeWire(
      (await send(server.port, '/api', headers, encodeWire({ id: 2, method: 'record:overview', params: { recordId: -3 } }))).text,
    ) as {
      error: { code: string };
    };
    expect(bad.error.code).toBe('bad_request');
    const unknown = decodeWire((await send(server.port, '/api', headers, encodeWire({ id: 3, method: 'fs:delete', params: {} }))).text) as {
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
    ).rejects.toThrow(/403/);

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
  describe('POST /api admits only bearer-authorised JSON from no or this exact Origin (CSRF)', () => {
    const body = encodeWire({ id: 1, method: 'cases:list', params: {} });
    const base = (): Record<string, string> => ({ host: `127.0.0.1:${server.port}`, 'content-type': 'application/json' });
    const bearer = { authorization: 'Bearer secret-token' };
    const cookie = { cookie: 'ecg_token=secret-token' };

    async function refused(headers: Record<string, string>, status: number, path = '/api'): Promise<void> {
      const before = dispatched;
      const reply = await send(server.port, path, { ...base(), ...headers }, body);
      expect(reply.status).toBe(status);
      expect(dispatched).toBe(before);
    }

    it('refuses the cookie alone, with or without a foreign Origin', async () => {
      await refused(cookie, 401);
      await refused({ ...cookie, origin: `http://127.0.0.1:${server.port}` }, 401);
      await refused({ ...cookie, origin: 'http://evil.example' }, 403);
      await refused({}, 401, '/api?token=secret-token');
    });

    it('refuses a foreign Origin even with the bearer token: another port, another host, null', async () => {
      await refused({ ...bearer, origin: `http://127.0.0.1:${server.port + 1}` }, 403);
      await refused({ ...bearer, origin: `http://localhost:${server.port + 1}` }, 403);
      await refused({ ...bearer, origin: 'http://evil.example' }, 403);
      await refused({ ...bearer, origin: `http://127.0.0.1:${server.port}.evil.example` }, 403);
      await refused({ ...bearer, origin: 'null' }, 403);
    });

    it('refuses the content types an HTML form or a simple fetch can send', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-seq']) {
        await refused({ ...bearer, 'content-type': type }, 415);
      }
    });

    it('admits the bearer token with no Origin or this exact Origin, JSON with a charset', async () => {
      for (const origin of [undefined, `http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
        const headers = { ...base(), ...bearer, 'content-type': 'application/json; charset=utf-8', ...(origin ? { origin } : {}) };
        const before = dispatched;
        const reply = await send(server.port, '/api', headers, body);
        expect(reply.status).toBe(200);
        expect(decodeWire(reply.text)).toEqual({ id: 1, result: [] });
        expect(dispatched).toBe(before + 1);
      }
    });

    it('answers 413 to a body over 1 MiB, declared or chunked, and keeps serving', async () => {
      const big = Buffer.alloc((1 << 20) + 1, 0x20);
      const headers = { ...base(), ...bearer };
      expect((await send(server.port, '/api', headers, big.toString())).status).toBe(413);
      expect((await send(server.port, '/api', headers, [big.subarray(0, 1 << 19), big.subarray(1 << 19)])).status).toBe(413);
      expect((await send(server.port, '/api', headers, body)).status).toBe(200);
    });

    it('does not answer a CORS preflight with any permission', async () => {
      const reply = await new Promise<Sent>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api',
            method: 'OPTIONS',
            headers: { ...base(), origin: 'http://evil.example', 'access-control-request-method': 'POST' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('serves pages to GET only and sends the CSP, frame and resource policies as headers on every response', async () => {
    const host = { host: `127.0.0.1:${server.port}` };
    const page = await send(server.port, '/?token=secret-token', host);
    const denied = await send(server.port, '/', host);
    for (const reply of [page, denied]) {
      const csp = String(reply.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`);
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
    expect(page.headers['set-cookie']?.[0]).toMatch(/^ecg_token=secret-token; HttpOnly; SameSite=Strict/);
    expect((await send(server.port, '/?token=secret-token', host, 'x')).status).toBe(405);
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
