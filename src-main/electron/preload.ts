import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CallName, CallInput, CallResult } from '../contract/api.js';
import type { ProgressEvent } from '../contract/types.js';
import { CHANNELS, type BridgeReply, type DialogKind, type IpcCallReply, type IpcProgress, type PendingCall, type RelataBridge } from '../contract/bridge.js';

// Sandboxed preload: only `electron` may be required here; everything else is types.
let nextId = 1;
const listeners = new Map<number, (event: ProgressEvent) => void>();

ipcRenderer.on(CHANNELS.progress, (_event, msg: IpcProgress) => listeners.get(msg.id)?.(msg.progress));

const bridge: RelataBridge = {
  call<N extends CallName>(name: N, input: CallInput<N>, onProgress?: (event: ProgressEvent) => void): PendingCall<BridgeReply<CallResult<N>>> {
    const id = nextId++;
    if (onProgress) listeners.set(id, onProgress);
    const promise = (ipcRenderer.invoke(CHANNELS.call, { id, call: name, input }) as Promise<IpcCallReply>)
      .then((reply): BridgeReply<CallResult<N>> => ('error' in reply ? { error: reply.error } : { result: reply.result as CallResult<N> }))
      .catch((err: unknown): BridgeReply<CallResult<N>> => ({ error: { message: String((err as Error)?.message ?? err), kind: 'internal' } }))
      .finally(() => listeners.delete(id));
    return { promise, cancel: () => ipcRenderer.send(CHANNELS.cancel, id) };
  },
  // The path comes from the File itself (a page cannot make one with a path), and the main process is told that the
  // user chose it, so a later kg.import may name it.
  pathForFile: (file: File) => {
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send(CHANNELS.grantPath, path);
    return path;
  },
  pickPaths: (kind: DialogKind) => ipcRenderer.invoke(CHANNELS.dialog, kind) as Promise<string[]>,
  getSecret: (name: string) => ipcRenderer.invoke(CHANNELS.secretGet, name) as Promise<string | null>,
  setSecret: (name: string, value: string | null) => ipcRenderer.invoke(CHANNELS.secretSet, name, value) as Promise<boolean>,
};

contextBridge.exposeInMainWorld('relata', bridge);
