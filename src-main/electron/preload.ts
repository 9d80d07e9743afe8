import { contextBridge, ipcRenderer } from 'electron';
import type { CallName, CallInput, CallResult } from '../contract/api.js';
import type { ProgressEvent } from '../contract/types.js';
import { CHANNELS, type DialogKind, type IpcCallReply, type IpcProgress, type PendingCall, type RelataBridge } from './bridge.js';

// Sandboxed preload: only `electron` may be required here; everything else is types.
let nextId = 1;
const listeners = new Map<number, (event: ProgressEvent) => void>();

ipcRenderer.on(CHANNELS.progress, (_event, msg: IpcProgress) => listeners.get(msg.id)?.(msg.progress));

/** Error objects lose their fields across contextBridge; keep the kind in the name so the client can read it. */
function replyError(error: { message: string; kind: string }): Error {
  const err = new Error(error.message);
  err.name = error.kind;
  return err;
}

const bridge: RelataBridge = {
  call<N extends CallName>(name: N, input: CallInput<N>, onProgress?: (event: ProgressEvent) => void): PendingCall<CallResult<N>> {
    const id = nextId++;
    if (onProgress) listeners.set(id, onProgress);
    const promise = (ipcRenderer.invoke(CHANNELS.call, { id, call: name, input }) as Promise<IpcCallReply>)
      .then((reply) => {
        if ('error' in reply) throw replyError(reply.error);
        return reply.result as CallResult<N>;
      })
      .finally(() => listeners.delete(id));
    return { promise, cancel: () => ipcRenderer.send(CHANNELS.cancel, id) };
  },
  pickPaths: (kind: DialogKind) => ipcRenderer.invoke(CHANNELS.dialog, kind) as Promise<string[]>,
};

contextBridge.exposeInMainWorld('relata', bridge);
