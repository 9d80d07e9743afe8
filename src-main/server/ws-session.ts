import type { WebSocket } from 'ws';
import type { RelataService } from '../core/api/handlers.js';
import { createWireDispatcher } from './wire-dispatcher.js';

/** One browser connection: runs calls, streams their progress, and cancels a call when asked or on disconnect. */
export function handleSocket(ws: WebSocket, service: RelataService): void {
  const dispatcher = createWireDispatcher(service, (msg) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  });
  ws.on('message', (data) => void dispatcher.handle(String(data)));
  ws.on('close', () => dispatcher.cancelAll());
}
