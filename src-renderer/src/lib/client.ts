import type { CallInput, CallName, CallOptions, CallResult, RelataClient, WireRequest, WireResponse } from '../../../src-main/contract/api';
import type { ProgressEvent } from '../../../src-main/contract/types';
import type { DialogKind, RelataBridge } from '../../../src-main/contract/bridge';

/**
 * The renderer's one way to reach Relata: Electron IPC through `window.relata` when the preload script exposed it,
 * otherwise the WebSocket of `relata serve` on this page's origin, authenticated by the `?token=` of the page URL.
 */
declare global {
  interface Window {
    relata?: RelataBridge;
  }
}

/** A failed call: the service's one-line message and its kind ('bad-input', 'cancelled', 'no-kg', ...). */
export class CallError extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
    this.name = 'CallError';
  }
}

function ipcClient(bridge: RelataBridge): RelataClient {
  return {
    call<N extends CallName>(name: N, input: CallInput<N>, options: CallOptions = {}): Promise<CallResult<N>> {
      const pending = bridge.call(name, input, options.onProgress);
      options.signal?.addEventListener('abort', () => pending.cancel(), { once: true });
      return pending.promise.then((reply) => {
        if ('error' in reply) throw new CallError(reply.error.message, reply.error.kind);
        return reply.result;
      });
    },
  };
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress?: (event: ProgressEvent) => void;
}

function webSocketClient(token: string): RelataClient {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onmessage = (event) => {
        const msg = JSON.parse(String(event.data)) as WireResponse;
        const p = pending.get(msg.id);
        if (!p) return;
        if ('progress' in msg) return p.onProgress?.(msg.progress);
        pending.delete(msg.id);
        if ('error' in msg) p.reject(new CallError(msg.error.message, msg.error.kind));
        else p.resolve(msg.result);
      };
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const p of pending.values()) p.reject(new CallError('the connection to Relata was lost', 'disconnected'));
        pending.clear();
        reject(new CallError('cannot connect to Relata (is `relata serve` running, and is the token in the URL right?)', 'disconnected'));
      };
    });
    return opened;
  };
  const send = (msg: WireRequest): void => socket?.send(JSON.stringify(msg));

  return {
    async call<N extends CallName>(name: N, input: CallInput<N>, options: CallOptions = {}): Promise<CallResult<N>> {
      const ws = await connect();
      const id = nextId++;
      const result = new Promise<CallResult<N>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      });
      options.signal?.addEventListener('abort', () => send({ id, cancel: true }), { once: true });
      ws.send(JSON.stringify({ id, call: name, input } satisfies WireRequest));
      return result;
    },
  };
}

function pageToken(): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem('relata-token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('relata-token') ?? '';
}

export const transport: 'ipc' | 'websocket' = window.relata ? 'ipc' : 'websocket';
export const client: RelataClient = window.relata ? ipcClient(window.relata) : webSocketClient(pageToken());

/** Native file dialogs exist only in Electron; the browser face asks for a path instead. */
export const pickPaths: ((kind: DialogKind) => Promise<string[]>) | null = window.relata ? (kind) => window.relata!.pickPaths(kind) : null;

/** Where a picked file lies on disk, when the desktop app can say (then imports read it in place); null in a browser. */
export function filePath(file: File): string | null {
  return window.relata?.pathForFile(file) || null;
}
