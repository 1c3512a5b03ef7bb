import { contextBridge, ipcRenderer } from 'electron';
import type { EcgApi, EventName, Events, Method, ParamsIn, Results } from '../shared/api';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/ipc-channels';

let nextId = 1;

const api: EcgApi = {
  async invoke<M extends Method>(method: M, params: ParamsIn<M>): Promise<Results[M]> {
    const reply = (await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { id: nextId++, method, params })) as
      { result: Results[M] } | { error: { code: string; message: string } };
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply.result;
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const handler = (_e: unknown, message: { event: string; payload: unknown }): void => {
      if (message.event === event) listener(message.payload as Events[E]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('ecg', Object.freeze(api));
