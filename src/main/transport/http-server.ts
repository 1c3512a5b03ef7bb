import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeWire, decodeWire } from '../../shared/wire';
import type { AppContext, Emit } from '../core/api/app-context';
import { dispatch } from '../core/api/dispatch';
import type { Handlers } from '../core/api/handlers';

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  ctx: AppContext;
  handlers: Handlers;
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** Per-run access token; a random 32-byte one by default. */
  token?: string;
}

/** A running loopback server. */
export interface RunningServer {
  /** Address to open, with the token: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'ecg_token';
const MAX_BODY_BYTES = 1 << 20;

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === TOKEN_COOKIE) return value.join('=');
  }
  return null;
}

/**
 * Serves the built renderer and the API on 127.0.0.1 only: static files, a
 * WebSocket at `/ws` (requests, replies and pushed events, typed arrays as
 * base64 via `wire.ts`), and `POST /api` for one-off calls. Every request
 * needs the per-run token (query `token`, the cookie set when the page is
 * first opened with it, or `Authorization: Bearer`), and a Host header naming
 * this loopback address (against DNS rebinding); WebSocket upgrades also need
 * an Origin of this server. Coming from localhost grants nothing by itself.
 * @returns the running server; its `url` carries the token
 * @throws Error when the port cannot be bound
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const serveStatic = sirv(options.rendererDir, { etag: true, single: false, dev: false });
  let port = options.port ?? 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const authorised = (req: IncomingMessage, url: URL): boolean =>
    sameToken(url.searchParams.get('token'), token) ||
    sameToken(cookieToken(req), token) ||
    sameToken(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1], token);

  const deny = (res: ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 421, 'wrong host');
    if (!authorised(req, url)) return deny(res, 401, 'missing or wrong token: open the address `npm run serve` printed');
    res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (url.pathname === '/api') {
      if (req.method !== 'POST') return deny(res, 405, 'POST only');
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy();
        else chunks.push(chunk);
      });
      req.on('end', () => {
        let request: unknown;
        try {
          request = decodeWire(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return deny(res, 400, 'body is not JSON');
        }
        void dispatch(options.handlers, request).then((reply) => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(encodeWire(reply));
        });
      });
      return;
    }
    serveStatic(req, res, () => deny(res, 404, 'not found'));
  });

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const push: Emit = (event, payload) => {
    const text = encodeWire({ event, payload });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const unsubscribe = options.ctx.subscribe(push);

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin ?? '';
    const originOk = [...allowedHosts()].some((host) => origin === `http://${host}`);
    if (url.pathname !== '/ws' || !allowedHosts().has(req.headers.host ?? '') || !originOk || !authorised(req, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let request: unknown;
        try {
          request = decodeWire(data.toString());
        } catch {
          ws.send(encodeWire({ id: -1, error: { code: 'bad_request', message: 'message is not JSON' } }));
          return;
        }
        void dispatch(options.handlers, request).then((reply) => ws.send(encodeWire(reply)));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
