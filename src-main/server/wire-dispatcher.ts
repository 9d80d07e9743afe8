import { CALL_NAMES, type CallName, type WireRequest, type WireResponse } from '../contract/api.js';
import type { RelataService } from '../core/api/handlers.js';
import { errorPayload } from './error-payload.js';

export interface WireDispatcher {
  /** Handles one raw message (a JSON text): runs a call, streaming progress, or cancels a running one. */
  handle(raw: string): Promise<void>;
  /** Cancels every running call (the connection went away). */
  cancelAll(): void;
}

/** The wire protocol shared by the WebSocket face and the Electron core host (JSON lines over a pipe). */
export function createWireDispatcher(service: RelataService, send: (msg: WireResponse) => void): WireDispatcher {
  const running = new Map<number, AbortController>();
  return {
    async handle(raw) {
      let msg: WireRequest;
      try {
        msg = JSON.parse(raw) as WireRequest;
      } catch {
        return send({ id: -1, error: { message: 'message is not JSON', kind: 'invalid-input' } });
      }
      if ('cancel' in msg) {
        running.get(msg.id)?.abort();
        return;
      }
      if (!CALL_NAMES.includes(msg.call as CallName)) return send({ id: msg.id, error: { message: `unknown call "${msg.call}"`, kind: 'not-found' } });
      const controller = new AbortController();
      running.set(msg.id, controller);
      try {
        const result = await service.call(msg.call, msg.input, { signal: controller.signal, onProgress: (progress) => send({ id: msg.id, progress }) });
        send({ id: msg.id, result });
      } catch (err) {
        send({ id: msg.id, error: errorPayload(err) });
      } finally {
        running.delete(msg.id);
      }
    },
    cancelAll() {
      for (const c of running.values()) c.abort();
    },
  };
}
