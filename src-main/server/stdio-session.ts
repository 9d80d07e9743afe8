import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RelataService } from '../core/api/handlers.js';
import { createWireDispatcher } from './wire-dispatcher.js';

/**
 * The WebSocket face's protocol as JSON lines over a pipe. The Electron main process runs the core in a plain Node
 * child through this, so native modules (better-sqlite3) stay built for Node rather than for Electron's ABI.
 * Every line gets an answer (a bad one an error line); the host keeps serving until its input closes, then cancels
 * what is still running and waits for it to roll back before resolving.
 */
export function serveStdio(service: RelataService, input: Readable, output: Writable): Promise<void> {
  output.on('error', () => undefined); // a closed pipe: replies have nowhere to go, calls are cancelled on close
  const dispatcher = createWireDispatcher(service, (msg) => {
    if (output.writable) output.write(`${JSON.stringify(msg)}\n`);
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim()) void dispatcher.handle(line);
  });
  return new Promise((resolve) =>
    lines.once('close', () => {
      dispatcher.cancelAll();
      void dispatcher.idle().then(resolve);
    }),
  );
}
