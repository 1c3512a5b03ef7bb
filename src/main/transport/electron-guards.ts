/**
 * What {@link confineToAppPage} needs of an Electron `WebContents` (its
 * navigation events and window-open handler), so the guards run against
 * fakes in tests as well as against Electron.
 */
export interface ConfinableContents {
  on(event: 'will-navigate', listener: (details: { url: string; preventDefault(): void }) => void): unknown;
  on(event: 'will-frame-navigate', listener: (details: { url: string; preventDefault(): void }) => void): unknown;
  on(event: 'will-redirect', listener: (details: { url: string; preventDefault(): void }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** What {@link denyAllPermissions} needs of an Electron `Session`. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

/**
 * Keeps a window's contents on the app's own page (Electron security
 * checklist: limit navigation, limit new windows, verify webview creation): a navigation or redirect of any frame to another
 * URL is prevented, `window.open` is always denied (the app opens no windows;
 * a child window would escape the options `createWindow` sets), and
 * `<webview>` is never attached.
 * @param contents - a `WebContents` (from `app.on('web-contents-created')`)
 * @param isAppPage - the app-page test, e.g. `(url) => isAppPage(page, url)`
 */
export function confineToAppPage(contents: ConfinableContents, isAppPage: (url: string) => boolean): void {
  const stayOnAppPage = (details: { url: string; preventDefault(): void }): void => {
    if (!isAppPage(details.url)) details.preventDefault();
  };
  contents.on('will-navigate', stayOnAppPage);
  contents.on('will-frame-navigate', stayOnAppPage);
  contents.on('will-redirect', stayOnAppPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Denies every permission (camera, microphone, notifications, geolocation,
 * clipboard, …) a page of this session asks for or checks: the workstation
 * needs none (Electron security checklist: handle session permission requests).
 * @param session - `session.defaultSession`
 */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
