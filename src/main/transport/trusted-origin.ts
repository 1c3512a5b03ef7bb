import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the Electron window loads the app's own page from: the built
 * renderer's `index.html` (`file://…/out/renderer/index.html`), or the
 * electron-vite dev server (`ELECTRON_RENDERER_URL`, e.g. `http://localhost:5173`).
 */
export type AppPage = { kind: 'file'; path: string } | { kind: 'dev'; url: string };

/**
 * Whether a URL is the app's own page, for the IPC sender check and the
 * navigation guards. A file page matches only that one file (any `?query` or
 * `#hash` of it; no other file, no other `file://` host, no longer name that
 * merely starts with it); a dev page matches only the dev server's exact
 * origin (scheme, host and port). Unparsable URLs do not match.
 * @param page - the app's page
 * @param url - the URL to check (a frame's URL, a navigation target)
 * @returns true only for the app's own page
 */
export function isAppPage(page: AppPage, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (page.kind === 'dev') {
    const origin = new URL(page.url).origin;
    return origin !== 'null' && parsed.origin === origin;
  }
  if (parsed.protocol !== 'file:') return false;
  parsed.search = '';
  parsed.hash = '';
  try {
    return fileURLToPath(parsed) === resolve(page.path);
  } catch {
    return false;
  }
}
