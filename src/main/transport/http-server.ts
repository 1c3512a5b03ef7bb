import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeWire, decodeWire } from '../../shared/wire';
import type { AppContext, Emit } from '../core/api/app-context';
import { dispatch } from '../core/api/dispatch';
import type { Handlers } from '../core/api/handlers';
import { createLoopbackGuard, TOKEN_COOKIE, type GuardedRequest, type Refusal } from './loopback-guard';
import { securityHeaders } from './security-headers';

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

const MAX_BODY_BYTES = 1 << 20;

const BASE_URL = 'http://127.0.0.1';
const badTarget: Refusal = { status: 400, message: 'request target must be a path' };

/** The request as the guard sees it, or null when its target is not a parsable path (`/…`, not `//…` or absolute). */
function guarded(req: IncomingMessage): GuardedRequest | null {
  const target = req.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//') || !URL.canParse(target, BASE_URL)) return null;
  return { method: req.method ?? '', headers: req.headers, url: new URL(target, BASE_URL) };
}

/**
 * Serves the built renderer and the API on 127.0.0.1 only: static files, a
 * WebSocket at `/ws` (requests, replies and pushed events, typed arrays as
 * base64 via `wire.ts`), and `POST /api` for one-off calls. Admission follows
 * {@link createLoopbackGuard}: the per-run token on every request, a Host
 * naming this loopback address, the exact Origin of this server for the
 * WebSocket, and for `POST /api` a bearer header (never the cookie alone), no
 * foreign Origin and a JSON body of at most 1 MiB (413 beyond). Every
 * response carries {@link securityHeaders}. A WebSocket frame the protocol
 * layer rejects (over 1 MiB, invalid UTF-8) closes that socket only, and so
 * does a socket error during a refused upgrade: no client can end the process.
 * @returns the running server; its `url` carries the token
 * @throws Error when the port cannot be bound
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const serveStatic = sirv(options.rendererDir, { etag: true, single: false, dev: false });
  let port = options.port ?? 0;
  const guard = createLoopbackGuard(token, () => port);

  const deny = (res: ServerResponse, refusal: Refusal): void => {
    res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' }).end(refusal.message);
  };
  const tooLarge: Refusal = { status: 413, message: `request body over ${MAX_BODY_BYTES} bytes` };

  const answerApi = (req: IncomingMessage, res: ServerResponse): void => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return deny(res, tooLarge);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        deny(res, tooLarge);
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      let request: unknown;
      try {
        request = decodeWire(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return deny(res, { status: 400, message: 'body is not JSON' });
      }
      void dispatch(options.handlers, request).then((reply) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(encodeWire(reply));
      });
    });
  };

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders(port))) res.setHeader(name, value);
    const request = guarded(req);
    if (!request) return deny(res, badTarget);
    if (request.url.pathname === '/api') {
      const refusal = guard.api(request);
      return refusal ? deny(res, refusal) : answerApi(req, res);
    }
    const refusal = guard.page(request);
    if (refusal) return deny(res, refusal);
    res.setHeader('set-cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    serveStatic(req, res, () => deny(res, { status: 404, message: 'not found' }));
  });

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  const push: Emit = (event, payload) => {
    const text = encodeWire({ event, payload });
    for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  };
  const unsubscribe = options.ctx.subscribe(push);

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const request = guarded(req);
    const refusal = request ? guard.upgrade(request) : badTarget;
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
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
