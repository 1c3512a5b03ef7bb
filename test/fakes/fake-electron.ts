/**
 * An in-process fake of the parts of Electron the IPC transport and the
 * preload use: `ipcMain.handle/removeHandler`, `ipcRenderer.invoke/on/
 * removeListener`, `contextBridge.exposeInMainWorld` and a window's
 * `webContents.send`. Everything that crosses the fake process boundary goes
 * through `structuredClone`, as Electron's IPC serialises with the structured
 * clone algorithm: typed arrays survive, class instances and functions do not.
 * Like Electron, a second handler on one channel throws, an invoke with no
 * handler rejects, and a handler that throws rejects the invoke with
 * "Error invoking remote method …"; pushed messages arrive asynchronously.
 */

type InvokeHandler = (event: { senderFrame: { url: string } }, ...args: unknown[]) => unknown;
type RendererListener = (event: { sender: unknown }, ...args: unknown[]) => void;

/** The fake `electron` module plus the handles a test needs. */
export interface FakeElectron {
  ipcMain: {
    handle(channel: string, handler: InvokeHandler): void;
    removeHandler(channel: string): void;
  };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: RendererListener): unknown;
    removeListener(channel: string, listener: RendererListener): unknown;
  };
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  /** What the preload exposed, by key (the renderer's `window`). */
  mainWorld: Record<string, unknown>;
  /** URL of the renderer frame that sends invokes (what `event.senderFrame.url` reports). */
  frameUrl: string;
  /** The one window, whose `webContents.send` delivers to the renderer's listeners. */
  window: { webContents: { send(channel: string, ...args: unknown[]): void } };
  /** Channels with a registered main-side handler. */
  handledChannels(): string[];
}

/**
 * Builds a fresh fake with one renderer frame at `file:///app/index.html`.
 * @returns the fake, to return from `vi.mock('electron', …)` and to drive from the test
 */
export function createFakeElectron(): FakeElectron {
  const handlers = new Map<string, InvokeHandler>();
  const listeners = new Map<string, Set<RendererListener>>();
  const fake: FakeElectron = {
    frameUrl: 'file:///app/index.html',
    mainWorld: {},
    ipcMain: {
      handle(channel, handler) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      },
      removeHandler(channel) {
        handlers.delete(channel);
      },
    },
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        try {
          return structuredClone(await handler({ senderFrame: { url: fake.frameUrl } }, ...structuredClone(args)));
        } catch (error) {
          throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
        }
      },
      on(channel, listener) {
        const set = listeners.get(channel) ?? new Set();
        set.add(listener);
        listeners.set(channel, set);
        return fake.ipcRenderer;
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
        return fake.ipcRenderer;
      },
    },
    contextBridge: {
      exposeInMainWorld(key, api) {
        if (key in fake.mainWorld) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
        fake.mainWorld[key] = api;
      },
    },
    window: {
      webContents: {
        send(channel, ...args) {
          const cloned = structuredClone(args);
          setImmediate(() => {
            for (const listener of listeners.get(channel) ?? []) listener({ sender: fake.ipcRenderer }, ...cloned);
          });
        },
      },
    },
    handledChannels: () => [...handlers.keys()],
  };
  return fake;
}
