import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  confineToAppPage,
  denyAllPermissions,
  type ConfinableContents,
  type PermissionSession,
} from '../../../../src/main/transport/electron-guards';

const APP_URL = 'file:///app/out/renderer/index.html';

/** A fake WebContents: an EventEmitter that keeps the window-open handler. */
class FakeContents extends EventEmitter {
  windowOpen: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpen = handler;
  }
}

/** Emits a navigation event and says whether the guard prevented it. */
function prevented(contents: FakeContents, event: string, url: string): boolean {
  let wasPrevented = false;
  contents.emit(event, { url, preventDefault: () => (wasPrevented = true) });
  return wasPrevented;
}

function confined(): FakeContents {
  const contents = new FakeContents();
  confineToAppPage(contents as unknown as ConfinableContents, (url) => url === APP_URL);
  return contents;
}

describe('confineToAppPage', () => {
  it('prevents navigation and redirects of any frame away from the app page, and lets the app page load', () => {
    const contents = confined();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(prevented(contents, event, 'https://evil.example/'), event).toBe(true);
      expect(prevented(contents, event, 'file:///tmp/other.html'), event).toBe(true);
      expect(prevented(contents, event, APP_URL), event).toBe(false);
    }
  });

  it('denies every window.open, the app page included, and refuses webviews', () => {
    const contents = confined();
    expect(contents.windowOpen?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpen?.({ url: APP_URL })).toEqual({ action: 'deny' });
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  it('answers every permission request with false and every permission check with false', () => {
    const installed: {
      request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
      check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
    } = {};
    const session: PermissionSession = {
      setPermissionRequestHandler: (handler) => (installed.request = handler),
      setPermissionCheckHandler: (handler) => (installed.check = handler),
    };
    denyAllPermissions(session);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const answers: boolean[] = [];
      installed.request?.(null, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(installed.check?.(null, permission), permission).toBe(false);
    }
  });
});
