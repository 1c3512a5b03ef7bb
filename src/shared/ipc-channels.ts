/** Electron IPC channel carrying `{id, method, params}` requests and their replies. */
export const IPC_INVOKE_CHANNEL = 'ecg:invoke';
/** Electron IPC channel carrying pushed `{event, payload}` messages to every window. */
export const IPC_EVENT_CHANNEL = 'ecg:event';
