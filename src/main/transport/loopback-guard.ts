import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Name of the cookie that lets the app's own page load its assets without the token in every URL. */
export const TOKEN_COOKIE = 'ecg_token';

/** Why a request is refused: the HTTP status to answer and a message for the caller. */
export interface Refusal {
  status: number;
  message: string;
}

/** What the guard looks at in a request: its method, headers and parsed URL (query included). */
export interface GuardedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  url: URL;
}

/**
 * The loopback server's admission rules, one function per kind of request.
 * Each returns `null` to admit, or the {@link Refusal} to answer.
 */
export interface LoopbackGuard {
  /** `GET`/`HEAD` of the built renderer: token by query, cookie or bearer header. */
  page(request: GuardedRequest): Refusal | null;
  /** `POST /api`: bearer header only (never the cookie), no foreign `Origin`, a JSON body. */
  api(request: GuardedRequest): Refusal | null;
  /** Upgrade to the WebSocket at `/ws`: the exact `Origin` of this server and the token. */
  upgrade(request: GuardedRequest): Refusal | null;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(headers: IncomingHttpHeaders): string | null {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === TOKEN_COOKIE) return value.join('=');
  }
  return null;
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
}

function isJsonMediaType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * Builds the rules that keep the loopback server to the page it served. The
 * per-run token is the only credential; coming from 127.0.0.1 grants nothing.
 * Every request needs a `Host` naming this server (against DNS rebinding).
 * The token cookie is sent by the browser to any port of 127.0.0.1 (cookies
 * do not separate ports, so `SameSite` does not either), so it only opens
 * pages and the WebSocket from this server's own `Origin`; `POST /api` needs
 * `Authorization: Bearer` — which a foreign page cannot send without a CORS
 * preflight this server never grants — an `Origin` that is absent or exactly
 * this server's, and `Content-Type: application/json` (not one of the types
 * an HTML form can post).
 * @param token - the per-run token
 * @param port - returns the TCP port the server listens on (known once bound)
 * @returns the guard; its functions are pure in the request
 */
export function createLoopbackGuard(token: string, port: () => number): LoopbackGuard {
  const hosts = (): string[] => [`127.0.0.1:${port()}`, `localhost:${port()}`];
  const hostRefusal = (request: GuardedRequest): Refusal | null =>
    hosts().includes(request.headers.host ?? '') ? null : { status: 421, message: 'wrong host: use the address `npm run serve` printed' };
  const ownOrigin = (origin: string | undefined): boolean => hosts().some((host) => origin === `http://${host}`);
  const anyToken = (request: GuardedRequest): boolean =>
    sameToken(request.url.searchParams.get('token'), token) ||
    sameToken(cookieToken(request.headers), token) ||
    sameToken(bearerToken(request.headers), token);
  const missingToken: Refusal = { status: 401, message: 'missing or wrong token: open the address `npm run serve` printed' };

  return {
    page(request) {
      const wrongHost = hostRefusal(request);
      if (wrongHost) return wrongHost;
      if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, message: 'GET only' };
      return anyToken(request) ? null : missingToken;
    },
    api(request) {
      const wrongHost = hostRefusal(request);
      if (wrongHost) return wrongHost;
      if (request.method !== 'POST') return { status: 405, message: 'POST only' };
      const origin = request.headers.origin;
      if (origin !== undefined && !ownOrigin(origin)) return { status: 403, message: `requests from ${origin} are refused` };
      if (!sameToken(bearerToken(request.headers), token)) {
        return {
          status: 401,
          message: 'POST /api needs the header `Authorization: Bearer <token>` (the cookie does not authorise the API)',
        };
      }
      if (!isJsonMediaType(request.headers['content-type']))
        return { status: 415, message: 'POST /api needs Content-Type: application/json' };
      return null;
    },
    upgrade(request) {
      const wrongHost = hostRefusal(request);
      if (wrongHost) return wrongHost;
      if (request.url.pathname !== '/ws') return { status: 404, message: 'not found' };
      if (!ownOrigin(request.headers.origin)) return { status: 403, message: 'WebSocket from a foreign origin refused' };
      return anyToken(request) ? null : missingToken;
    },
  };
}
