/**
 * Helpers the end-to-end tests share: the real `npm run serve` entry in a
 * child process, and Debian's Chromium through playwright-core.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The repository root. */
export const root = resolve(import.meta.dirname, '../..');
/** Chromium binary; `$CHROMIUM_PATH` or Debian's. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * What an end-to-end test cannot run without, in words for the skip message:
 * Chromium and the built renderer, plus the given extra files.
 * @param extra - `[path, how to get it]` pairs
 * @returns the missing items (empty when all are there)
 */
export function missingForE2e(extra: [path: string, hint: string][] = []): string[] {
  const needed: [string, string][] = [
    [chromiumPath, 'apt-get install chromium'],
    [join(root, 'out/renderer/index.html'), 'run electron-vite build'],
    ...extra,
  ];
  return needed.filter(([path]) => !existsSync(path)).map(([path, hint]) => `${path} (${hint})`);
}

/** A running `serve.ts` child. */
export interface ServeProcess {
  child: ChildProcess;
  /** The address it printed: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  port: number;
}

/**
 * Starts `src/main/serve.ts` (the code behind `npm run serve`) on a free port,
 * with `--check-responses` so every reply is checked against the contract
 * (unless `checkResponses` is false: timings of the app as users run it).
 * @param dbPath - SQLite file to use
 * @param token - the access token to require
 * @param checkResponses - check every reply against the contract (default true)
 * @returns once it printed its address
 * @throws Error when it exits or prints nothing within 120 s
 */
export async function startServe(dbPath: string, token: string, checkResponses = true): Promise<ServeProcess> {
  const log: string[] = [];
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/serve.ts',
      '--port',
      '0',
      '--db',
      dbPath,
      '--token',
      token,
      ...(checkResponses ? ['--check-responses'] : []),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env },
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('')}`)), 120_000);
    const onData = (chunk: Buffer): void => {
      log.push(chunk.toString());
      const match = /open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(log.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log.join('')}`)));
  });
  return { child, url, port: Number(new URL(url).port) };
}

/**
 * Launches headless Chromium with the flags these machines need.
 * @returns the browser
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Poppler's `pdftotext` and `pdftoppm`, which the report e2e test needs. */
export const popplerTools = ['/usr/bin/pdftotext', '/usr/bin/pdftoppm'] as const;

/**
 * The text of each page of a PDF file, through poppler's `pdftotext -layout`.
 * @param path - the PDF file
 * @returns one string per page
 */
export function pdfPageTexts(path: string): string[] {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  return Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), path, '-'], { encoding: 'utf8' }),
  );
}

/**
 * SIGKILLs a server (no shutdown handling runs) and resolves once it is gone.
 * @param server - a server from {@link startServe}
 */
export async function killServe(server: ServeProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const gone = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGKILL');
  await gone;
}
