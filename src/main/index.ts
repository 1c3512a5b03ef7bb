import { app, BrowserWindow, ipcMain, session } from 'electron';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createAppContext } from './core/api/app-context';
import { createHandlers } from './core/api/handlers';
import { confineToAppPage, denyAllPermissions } from './transport/electron-guards';
import { registerIpc } from './transport/ipc';
import { isAppPage, type AppPage } from './transport/trusted-origin';
import { startUtilityProcessEngine } from './transport/utility-process-engine';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
const appPage: AppPage = devServerUrl ? { kind: 'dev', url: devServerUrl } : { kind: 'file', path: rendererFile };
const onAppPage = (url: string): boolean => isAppPage(appPage, url);

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
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererFile);
  return window;
}

app.on('web-contents-created', (_event, contents) => confineToAppPage(contents, onAppPage));
await app.whenReady();
denyAllPermissions(session.defaultSession);
// A packaged app has no console: its log lines (backend choice, analyses) also go to a file.
const logFile = join(app.getPath('logs'), 'main.log');
mkdirSync(app.getPath('logs'), { recursive: true });
const log = (line: string): void => {
  console.log(line);
  try {
    appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  } catch (error) {
    console.error(`cannot write ${logFile}: ${(error as Error).message}`);
  }
};
// ECG_DB names a database shared by every account of the PC (README, "Standalone install").
const databasePath = process.env.ECG_DB ? resolve(process.env.ECG_DB) : join(app.getPath('userData'), 'holter.sqlite');
mkdirSync(dirname(databasePath), { recursive: true });
const engine = startUtilityProcessEngine(join(import.meta.dirname, 'engine-host.js'), {}, log);
const ctx = await createAppContext({ databasePath, engine, log });
registerIpc(ipcMain, ctx, createHandlers(ctx), () => BrowserWindow.getAllWindows(), onAppPage);
createWindow();
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});
app.on('window-all-closed', () => {
  void ctx.close().then(() => app.quit());
});
