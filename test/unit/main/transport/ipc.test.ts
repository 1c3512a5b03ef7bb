import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../../../src/main/core/api/app-context';
import type { Handlers } from '../../../../src/main/core/api/handlers';
import { registerIpc } from '../../../../src/main/transport/ipc';
import type { EcgApi } from '../../../../src/shared/api';
import { IPC_INVOKE_CHANNEL } from '../../../../src/shared/ipc-channels';
import type { FakeElectron } from '../../../fakes/fake-electron';
import { describeTransportContract } from './transport-contract';

vi.mock('electron', async () => (await import('../../../fakes/fake-electron')).createFakeElectron());

/** The mocked `electron` module, shared by this file and the preload it imports. */
async function fakeElectron(): Promise<FakeElectron> {
  return (await import('electron')) as unknown as FakeElectron;
}

const trustedOrigin = (url: string): boolean => url.startsWith('file://');

/**
 * Registers the IPC transport on the fake `ipcMain` and loads the real
 * preload against the fake `ipcRenderer`/`contextBridge`, once per file: the
 * preload exposes `window.ecg` once, as in a real renderer.
 */
async function connectIpc(ctx: AppContext, handlers: Handlers): Promise<{ api: EcgApi; electron: FakeElectron; unregister: () => void }> {
  const electron = await fakeElectron();
  const unregister = registerIpc(electron.ipcMain as never, ctx, handlers, () => [electron.window as never], trustedOrigin);
  if (!('ecg' in electron.mainWorld)) await import('../../../../src/preload/index');
  return { api: electron.mainWorld.ecg as EcgApi, electron, unregister };
}

describeTransportContract('Electron IPC + preload (fake Electron)', async (ctx, handlers) => {
  const { api, unregister } = await connectIpc(ctx, handlers);
  return { api, close: async () => unregister() };
});

describe('Electron IPC + preload specifics', () => {
  const ctx = { subscribe: () => () => undefined } as unknown as AppContext;
  const handlers = { 'cases:list': async () => [] } as unknown as Handlers;
  let connection: Awaited<ReturnType<typeof connectIpc>>;
  beforeAll(async () => {
    connection = await connectIpc(ctx, handlers);
  });
  afterAll(() => connection.unregister());

  it('exposes one frozen window.ecg with only invoke and on', () => {
    expect(Object.keys(connection.electron.mainWorld)).toEqual(['ecg']);
    expect(Object.isFrozen(connection.api)).toBe(true);
    expect(Object.keys(connection.api).sort()).toEqual(['invoke', 'on']);
  });

  it('refuses calls from a frame the app did not load', async () => {
    connection.electron.frameUrl = 'https://evil.example/';
    try {
      await expect(connection.api.invoke('cases:list', {})).rejects.toMatchObject({ code: 'unauthorized' });
    } finally {
      connection.electron.frameUrl = 'file:///app/index.html';
    }
    await expect(connection.api.invoke('cases:list', {})).resolves.toEqual([]);
  });

  it('removes its handler when unregistered', () => {
    expect(connection.electron.handledChannels()).toEqual([IPC_INVOKE_CHANNEL]);
    connection.unregister();
    expect(connection.electron.handledChannels()).toEqual([]);
  });
});
