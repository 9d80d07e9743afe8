// The Electron face's wire between the sandboxed preload script and the main process: channel names and the shape of
// `window.relata`. Plain types and constants, so the renderer, the preload script and the main process share them.
import type { CallName, CallResult, CallInput, WireResponse } from './api.js';
import type { ProgressEvent } from './types.js';

/** IPC channels between the preload script and the main process. */
export const CHANNELS = {
  call: 'relata:call',
  cancel: 'relata:cancel',
  progress: 'relata:progress',
  dialog: 'relata:dialog',
  secretGet: 'relata:secret-get',
  secretSet: 'relata:secret-set',
  /** The preload script tells the main process the path of a file the user dropped or picked in the page. */
  grantPath: 'relata:grant-path',
} as const;

export type DialogKind = 'open-kg' | 'new-kg' | 'import-files';

/** What `relata:call` resolves to: the WebSocket face's final messages, so errors keep their one line and kind. */
export type IpcCallReply = Extract<WireResponse, { result: unknown } | { error: unknown }>;
export type IpcProgress = Extract<WireResponse, { progress: unknown }>;

export interface PendingCall<T> {
  promise: Promise<T>;
  cancel(): void;
}

/**
 * A call's outcome as plain data: contextBridge copies an Error's message but not its other fields, so a failure
 * crosses the bridge as `{error}` and the renderer's client turns it back into an error with its kind.
 */
export type BridgeReply<T> = { result: T } | { error: { message: string; kind: string } };

/** `window.relata`, exposed by the preload script through contextBridge. */
export interface RelataBridge {
  call<N extends CallName>(name: N, input: CallInput<N>, onProgress?: (event: ProgressEvent) => void): PendingCall<BridgeReply<CallResult<N>>>;
  /** The file-system path of a File picked in an `<input type="file">` ('' when it has none), so imports stream from disk. */
  pathForFile(file: File): string;
  /** Native file dialogs; resolve to the chosen paths ([] when cancelled). */
  pickPaths(kind: DialogKind): Promise<string[]>;
  /** A secret (e.g. an LLM API key) kept encrypted by the OS (Electron safeStorage); null when none is stored. */
  getSecret(name: string): Promise<string | null>;
  /** Stores (or, with null, forgets) a secret; false when the OS offers no encryption (nothing is stored then). */
  setSecret(name: string, value: string | null): Promise<boolean>;
}
