import type { WebSocket } from 'ws';
import type { RelataService } from '../core/api/handlers.js';
import { createWireDispatcher, type WireOptions } from './wire-dispatcher.js';

const RESULT_CLOSE = Buffer.from('}');

/** One browser connection: runs calls, streams their progress, and cancels a call when asked or on disconnect. */
export function handleSocket(ws: WebSocket, service: RelataService, options: WireOptions = {}): void {
  const dispatcher = createWireDispatcher(
    service,
    (msg) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    },
    {
      ...options,
      // `{"id":N,"result":` + the result's JSON + `}` as one text frame: a read worker's bytes go out as they came.
      sendResult: (id, json) => {
        if (ws.readyState !== ws.OPEN) return;
        const body = typeof json === 'string' ? Buffer.from(json) : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
        ws.send(Buffer.concat([Buffer.from(`{"id":${id},"result":`), body, RESULT_CLOSE]), { binary: false });
      },
    },
  );
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: -1, error: { message: 'binary frames are not part of the protocol: send JSON text', kind: 'invalid-input' } }));
      return;
    }
    void dispatcher.handle(String(data));
  });
  // A bad frame (invalid UTF-8, oversized, bad opcode) makes ws close the connection with a status code; the error
  // itself must be listened for, or it would be thrown and end the process.
  ws.on('error', () => ws.terminate());
  ws.on('close', () => dispatcher.cancelAll());
}
