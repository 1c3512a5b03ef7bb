import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect as connectTcp } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeWire, encodeWire } from '../../../../src/shared/wire';

const TOKEN = 'frame-test-token';
const root = resolve(import.meta.dirname, '../../../..');

/** Opens an authorised socket from the server's own origin. */
async function connect(port: number): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`, { origin: `http://127.0.0.1:${port}` });
  await new Promise((resolveOpen, reject) => {
    socket.once('open', resolveOpen);
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves with the close code the server sends after a bad frame. */
function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolveClose) => {
    socket.on('error', () => undefined);
    socket.once('close', (code) => resolveClose(code));
  });
}

/** Sends raw bytes and resolves with the status line of the answer ('' when the server closes without one). */
function rawStatusLine(port: number, text: string): Promise<string> {
  return new Promise((resolveLine) => {
    const chunks: Buffer[] = [];
    const socket = connectTcp(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolveLine(Buffer.concat(chunks).toString().split('\r\n')[0] ?? ''));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

async function listCases(port: number): Promise<unknown> {
  const socket = await connect(port);
  const reply = new Promise((resolveReply) => socket.once('message', (data) => resolveReply(decodeWire(data.toString()))));
  socket.send(encodeWire({ id: 5, method: 'cases:list', params: {} }));
  const message = await reply;
  socket.close();
  return message;
}

describe('no client can end the server process: bad frames, reset upgrades, unparsable targets close that connection only (server in a child process)', () => {
  let child: ChildProcess;
  let port: number;
  let dir: string;
  const output: string[] = [];

  beforeEach(async () => {
    output.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'ws-frames-'));
    writeFileSync(join(dir, 'index.html'), '<h1>Holter</h1>');
    child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fake-server-process.ts'), dir, TOKEN], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    port = await new Promise<number>((resolvePort, reject) => {
      const onData = (chunk: Buffer): void => {
        output.push(chunk.toString());
        const match = /port: (\d+)\n/.exec(output.join(''));
        if (match?.[1]) resolvePort(Number(match[1]));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output.join('')}`)));
    });
  });
  afterEach(() => {
    child?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('closes a socket that sends a message over the payload limit with 1009, and keeps serving', async () => {
    const socket = await connect(port);
    const closed = closeCode(socket);
    socket.send(Buffer.alloc(2 << 20, 0x20), { binary: false });
    expect(await closed).toBe(1009);
    expect(await listCases(port)).toEqual({ id: 5, result: [] });
    expect(child.exitCode).toBeNull();
  });

  it('closes a socket that sends a text frame with invalid UTF-8 with 1007, and keeps serving', async () => {
    const socket = await connect(port);
    const closed = closeCode(socket);
    socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await closed).toBe(1007);
    expect(await listCases(port)).toEqual({ id: 5, result: [] });
    expect(child.exitCode).toBeNull();
  });
  it('survives clients that reset the connection while their upgrade is being refused (no token needed)', async () => {
    const request = [
      `GET /ws?token=${TOKEN} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      'Origin: http://evil.example',
      '\r\n',
    ].join('\r\n');
    for (let i = 0; i < 50; i++) {
      await new Promise<void>((resolveSent) => {
        const socket = connectTcp(port, '127.0.0.1', () => {
          socket.write(request);
          socket.resetAndDestroy();
          resolveSent();
        });
        socket.on('error', () => resolveSent());
      });
    }
    expect(await listCases(port)).toEqual({ id: 5, result: [] });
    expect(child.exitCode).toBeNull();
  });
  it('answers 400 to request targets that are not parsable paths, for pages and upgrades, and keeps serving', async () => {
    const host = `Host: 127.0.0.1:${port}`;
    for (const target of ['http://[', '//[', '//evil.example/api', '*']) {
      expect(await rawStatusLine(port, `GET ${target} HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`), target).toBe(
        'HTTP/1.1 400 Bad Request',
      );
      const upgrade = `GET ${target} HTTP/1.1\r\n${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
      expect(await rawStatusLine(port, upgrade), target).toBe('HTTP/1.1 400 Bad Request');
    }
    for (const target of ['/%', '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd', '/assets/%00']) {
      const line = await rawStatusLine(port, `GET ${target}?token=${TOKEN} HTTP/1.1\r\n${host}\r\nConnection: close\r\n\r\n`);
      expect(line, target).toMatch(/^HTTP\/1\.1 (400|404) /);
    }
    expect(await listCases(port)).toEqual({ id: 5, result: [] });
    expect(child.exitCode).toBeNull();
  });
});
