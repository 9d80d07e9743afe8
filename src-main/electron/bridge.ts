import type { CallName, CallResult, CallInput, WireResponse } from '../contract/api.js';
import type { ProgressEvent } from '../contract/types.js';

/** IPC channels between the preload script and the main process. */
export const CHANNELS = {
  call: 'relata:call',
  cancel: 'relata:cancel',
  progress: 'relata:progress',
  dialog: 'relata:dialog',
} as const;

export type DialogKind = 'open-kg' | 'new-kg' | 'import-files';

/** What `relata:call` resolves to: the WebSocket face's final messages, so errors keep their one line and kind. */
export type IpcCallReply = Extract<WireResponse, { result: unknown } | { error: unknown }>;
export type IpcProgress = Extract<WireResponse, { progress: unknown }>;

export interface PendingCall<T> {
  promise: Promise<T>;
  cancel(): void;
}

/** `window.relata`, exposed by the preload script through contextBridge. */
export interface RelataBridge {
  call<N extends CallName>(name: N, input: CallInput<N>, onProgress?: (event: ProgressEvent) => void): PendingCall<CallResult<N>>;
  /** Native file dialogs; resolve to the chosen paths ([] when cancelled). */
  pickPaths(kind: DialogKind): Promise<string[]>;
}
