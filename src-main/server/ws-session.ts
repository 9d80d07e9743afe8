import type { WebSocket } from 'ws';
import { CALL_NAMES, type CallName, type WireRequest, type WireResponse } from '../contract/api.js';
import type { RelataService } from '../core/api/handlers.js';
import { errorPayload } from './error-payload.js';

/** One browser connection: runs calls, streams their progress, and cancels a call when asked or on disconnect. */
export function handleSocket(ws: WebSocket, service: RelataService): void {
  const running = new Map<number, AbortController>();
  const send = (msg: WireResponse): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  ws.on('message', async (data) => {
    let msg: WireRequest;
    try {
      msg = JSON.parse(String(data)) as WireRequest;
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
      const result = await service.call(msg.call, msg.input, {
        signal: controller.signal,
        onProgress: (progress) => send({ id: msg.id, progress }),
      });
      send({ id: msg.id, result });
    } catch (err) {
      send({ id: msg.id, error: errorPayload(err) });
    } finally {
      running.delete(msg.id);
    }
  });
  ws.on('close', () => {
    for (const c of running.values()) c.abort();
  });
}
