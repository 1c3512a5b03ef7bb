import type { BrowserWindow, IpcMain } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/ipc-channels';
import type { AppContext } from '../core/api/app-context';
import { dispatch } from '../core/api/dispatch';
import type { Handlers } from '../core/api/handlers';

/**
 * The Electron IPC transport: one invoke channel that validates and
 * dispatches `{id, method, params}` like every other transport, and pushes
 * events to the app's windows. Only frames whose URL `trustedOrigin`
 * accepts may call; others get an `unauthorized` error.
 * @param ipcMain - Electron's ipcMain
 * @param windows - returns the windows to push events to
 * @param trustedOrigin - the sender-frame test: in the app, `isAppPage` from
 *   `trusted-origin.ts` (the app's exact file URL or the dev server's exact
 *   origin, never any `file://` frame or a URL prefix)
 * @returns unregister
 */
export function registerIpc(
  ipcMain: IpcMain,
  ctx: AppContext,
  handlers: Handlers,
  windows: () => BrowserWindow[],
  trustedOrigin: (url: string) => boolean,
): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, request: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!trustedOrigin(frameUrl)) return { id: -1, error: { code: 'unauthorized', message: `IPC from untrusted frame ${frameUrl}` } };
    return dispatch(handlers, request);
  });
  const unsubscribe = ctx.subscribe((event, payload) => {
    for (const window of windows()) window.webContents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    unsubscribe();
  };
}
