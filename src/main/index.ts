import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { createAppContext } from './core/api/app-context';
import { createHandlers } from './core/api/handlers';
import { registerIpc } from './transport/ipc';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1600,
    height: 1000,
    title: 'Holter review workstation',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererFile);
  return window;
}

await app.whenReady();
const ctx = await createAppContext({ databasePath: join(app.getPath('userData'), 'holter.sqlite') });
registerIpc(
  ipcMain,
  ctx,
  createHandlers(ctx),
  () => BrowserWindow.getAllWindows(),
  (url) => (devServerUrl ? url.startsWith(devServerUrl) : url.startsWith('file://')),
);
createWindow();
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});
app.on('window-all-closed', () => {
  void ctx.close().then(() => app.quit());
});
