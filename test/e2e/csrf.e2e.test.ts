/**
 * Cross-port CSRF on 127.0.0.1, in a real browser: the workstation is opened
 * once with its token (so Chromium holds the `SameSite=Strict` token cookie,
 * which every port of 127.0.0.1 receives), then a page served from another
 * local port tries every way a web page can post to `POST /api` or open the
 * WebSocket — simple fetches, keepalive fetches, preflighted fetches, a
 * text/plain form whose body is valid JSON, a WebSocket, a frame. None may
 * change the case, the beat or the case list. The same bodies sent by the
 * app's own page with the bearer header are accepted, so the refusals are not
 * of malformed requests. Uses the committed fixture excerpt of mitdb 100.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BeatView, CaseSummary, LabelEvent, Method, RecordWindow } from '../../src/shared/api';
import { decodeWire, encodeWire } from '../../src/shared/wire';
import { launchChromium, missingForE2e, root, startServe, type ServeProcess } from './serve-process';

const record100 = join(root, 'test/fixtures/wfdb/excerpts/100.hea');
const record418 = join(root, 'test/fixtures/wfdb/excerpts/418.hea');
const missing = missingForE2e();
if (missing.length > 0) console.warn(`e2e skipped: missing ${missing.join(', ')}`);

/** A text/plain form that posts `body` (JSON) to the target's `/api` and submits itself: `{…` + `,"pad":"` = `"}`. */
function formPage(target: string, body: string): string {
  const split = body.lastIndexOf('}');
  const name = `${body.slice(0, split)},"pad":"`.replaceAll('&', '&amp;').replaceAll("'", '&#39;');
  return `<!doctype html><form method="POST" action="${target}/api" enctype="text/plain"><input name='${name}' value='"}'></form><script>document.forms[0].submit()</script>`;
}

/** Serves the attacker's pages on another port of 127.0.0.1: path → HTML (a blank page for any other path). */
function startAttacker(pages: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(pages[req.url ?? ''] ?? '<!doctype html><title>attacker</title>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(missing.length > 0)('cross-port CSRF on 127.0.0.1 (serve transport, Chromium)', () => {
  let server: ServeProcess;
  let attacker: Server;
  let browser: Browser;
  let app: Page;
  let appResponse: Response | null;
  let dir: string;
  let recordId: number;
  let beat: BeatView;
  const token = randomBytes(24).toString('hex');

  const call = async <T>(method: Method, params: object): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${server.port}/api`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: encodeWire({ id: 1, method, params }),
    });
    const reply = decodeWire(await response.text()) as { result?: T; error?: { message: string } };
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  };
  const windowBeats = async (): Promise<BeatView[]> =>
    (await call<RecordWindow>('record:window', { recordId, startSample: 0, endSample: 3600 })).beats;
  const bodies = (reviewer: string): string[] => [
    encodeWire({ id: 1, method: 'review:setStatus', params: { recordId, status: 'reviewed', reviewer } }),
    encodeWire({ id: 2, method: 'beats:relabel', params: { beatId: beat.beatId, label: beat.label === 'V' ? 'N' : 'V', reviewer } }),
    encodeWire({ id: 3, method: 'cases:import', params: { path: record418 } }),
  ];

  const expectUntouched = async (): Promise<void> => {
    const events = await call<LabelEvent[]>('review:events', { recordId });
    expect(events.filter((e) => e.reviewer === 'attacker')).toEqual([]);
    expect((await call<CaseSummary[]>('cases:list', {})).map((c) => c.recordId)).toEqual([recordId]);
    expect((await windowBeats()).find((b) => b.beatId === beat.beatId)).toEqual(beat);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holter-csrf-'));
    server = await startServe(join(dir, 'csrf.sqlite'), token);
    const imported = await call<{ imported: { recordId: number }[] }>('cases:import', { path: record100 });
    recordId = imported.imported[0]?.recordId ?? 0;
    await vi.waitFor(async () => expect((await call<CaseSummary[]>('cases:list', {}))[0]?.analysisState).toBe('done'), {
      timeout: 180_000,
      interval: 500,
    });
    const first = (await windowBeats())[0];
    if (!first) throw new Error('the excerpt of mitdb 100 gave no beats');
    beat = first;
    browser = await launchChromium();
    const context = await browser.newContext();
    app = await context.newPage();
    appResponse = await app.goto(server.url);
    const target = `http://127.0.0.1:${server.port}`;
    attacker = await startAttacker({
      ...Object.fromEntries(bodies('attacker').map((body, i) => [`/form/${i}`, formPage(target, body)])),
      '/frame': `<!doctype html><iframe src="${target}/"></iframe>`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    attacker?.close();
    server?.child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app with its CSP and frame policy as headers, the app runs under them, and the browser holds the token cookie', async () => {
    const headers = appResponse?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    await expect.poll(() => app.getByTestId('backend').textContent(), { timeout: 60_000 }).toMatch(/tensorflow|wasm|cpu/);
    const cookies = await app.context().cookies(`http://127.0.0.1:${server.port}`);
    expect(cookies.map((c) => c.name)).toContain('ecg_token');
  });

  it('accepts none of the requests a page on another port can make, with the cookie in the browser', async () => {
    const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    const page = await app.context().newPage();
    await page.goto(attackerOrigin);
    const outcomes = await page.evaluate(
      async ({ target, bodies }) => {
        const inits: RequestInit[] = [
          { mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' } },
          { mode: 'no-cors', credentials: 'include', keepalive: true },
          { mode: 'cors', credentials: 'include', headers: { 'content-type': 'application/json' } },
          { mode: 'cors', credentials: 'include', headers: { 'content-type': 'application/json', authorization: 'Bearer guess' } },
        ];
        const results: string[] = [];
        for (const body of bodies) {
          for (const init of inits) {
            try {
              const response = await fetch(`${target}/api`, { method: 'POST', body, ...init });
              results.push(`${response.type} ${response.status}`);
            } catch {
              results.push('network error');
            }
          }
        }
        const socket = new WebSocket(`${target.replace('http', 'ws')}/ws`);
        results.push(
          await new Promise<string>((resolve) => {
            socket.onopen = () => {
              for (const body of bodies) socket.send(body);
              resolve('websocket opened');
            };
            socket.onclose = () => resolve('websocket refused');
          }),
        );
        return results;
      },
      { target: `http://127.0.0.1:${server.port}`, bodies: bodies('attacker') },
    );
    expect(outcomes).toHaveLength(13);
    expect(outcomes.at(-1)).toBe('websocket refused');
    await expectUntouched();

    for (let i = 0; i < 3; i++) {
      const posted = page.waitForResponse((r) => r.url() === `http://127.0.0.1:${server.port}/api`);
      await page.goto(`${attackerOrigin}/form/${i}`);
      expect((await posted).request().headers()['content-type']).toBe('text/plain');
      expect((await posted).status()).toBeGreaterThanOrEqual(400);
    }
    await expectUntouched();
  });

  it('cannot be framed by a page on another port', async () => {
    const page = await app.context().newPage();
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/frame`);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    expect(framed).toBeDefined();
    expect(await framed?.locator('#app').count()).toBe(0);
  });

  it('refuses Origin http://evil.example with the cookie', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/api`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', cookie: `ecg_token=${token}`, 'content-type': 'application/json' },
      body: bodies('evil')[0],
    });
    expect(response.status).toBe(403);
    expect((await call<LabelEvent[]>('review:events', { recordId })).filter((e) => e.reviewer === 'evil')).toEqual([]);
  });

  it('refuses the cookie alone from the app page itself, and accepts the same bodies with the bearer header', async () => {
    const statuses = await app.evaluate(
      async ({ bodies, token }) => {
        const post = async (body: string, headers: Record<string, string>): Promise<number> =>
          (await fetch('/api', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })).status;
        const cookieOnly = await post(bodies[0] ?? '', {});
        const withBearer: number[] = [];
        for (const body of bodies) withBearer.push(await post(body, { authorization: `Bearer ${token}` }));
        return { cookieOnly, withBearer };
      },
      { bodies: bodies('e2e-control'), token },
    );
    expect(statuses).toEqual({ cookieOnly: 401, withBearer: [200, 200, 200] });
    const events = await call<LabelEvent[]>('review:events', { recordId });
    expect(events.filter((e) => e.reviewer === 'e2e-control').map((e) => e.kind)).toEqual(
      expect.arrayContaining(['review-status', 'beat-label']),
    );
    expect((await call<CaseSummary[]>('cases:list', {})).length).toBe(2);
  });
});
