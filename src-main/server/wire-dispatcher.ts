import { CALL_NAMES, type CallName, type WireResponse } from '../contract/api.js';
import type { ProgressEvent } from '../contract/types.js';
import type { RelataService } from '../core/api/handlers.js';
import { errorPayload } from './error-payload.js';
import { checkNesting, formatBytes } from './input-guards.js';

export interface WireDispatcher {
  /** Handles one raw message (a JSON text): runs a call, streaming progress, or cancels a running one. Never rejects. */
  handle(raw: string): Promise<void>;
  /** Cancels every running call (the connection went away). */
  cancelAll(): void;
  /** Settles when no call is running any more (after cancelAll, before the service is closed). */
  idle(): Promise<void>;
}

export interface WireOptions {
  /** Longest message accepted, in characters (the WebSocket face also caps frames). */
  maxMessageChars?: number;
  /**
   * Sends a result from its JSON text (or UTF-8 bytes from a read worker) without parsing it again; where given, calls
   * run through service.callJson, so plain reads are answered off this thread (the read pool).
   */
  sendResult?: (id: number, json: Uint8Array | string) => void;
}

type Checked = { ok: true; id: number; cancel: true } | { ok: true; id: number; call: CallName; input: unknown } | { ok: false; id: number; message: string; kind: string };

/** Shape-checks one parsed message before anything reads its fields: any JSON value may arrive. */
function checkMessage(msg: unknown): Checked {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    const what = msg === null ? 'null' : Array.isArray(msg) ? 'an array' : `a ${typeof msg}`;
    return { ok: false, id: -1, message: `message must be a JSON object {id, call, input} or {id, cancel: true}, not ${what}`, kind: 'invalid-input' };
  }
  const m = msg as Record<string, unknown>;
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return { ok: false, id: -1, message: 'message needs an integer "id"', kind: 'invalid-input' };
  if (m.cancel === true) return { ok: true, id: m.id, cancel: true };
  if (typeof m.call !== 'string') return { ok: false, id: m.id, message: 'message needs a "call" name (or "cancel": true)', kind: 'invalid-input' };
  if (!CALL_NAMES.includes(m.call as CallName)) return { ok: false, id: m.id, message: `unknown call "${m.call.slice(0, 100)}"`, kind: 'not-found' };
  const nesting = checkNesting(m.input);
  if (nesting) return { ok: false, id: m.id, message: nesting, kind: 'invalid-input' };
  return { ok: true, id: m.id, call: m.call as CallName, input: m.input };
}

/** The wire protocol shared by the WebSocket face and the Electron core host (JSON lines over a pipe). */
export function createWireDispatcher(service: RelataService, sendRaw: (msg: WireResponse) => void, options: WireOptions = {}): WireDispatcher {
  const maxChars = options.maxMessageChars ?? 64 * 1024 * 1024;
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  /** A reply that cannot be sent (closed pipe, unserialisable result) is answered with an error, never thrown. */
  const send = (msg: WireResponse): void => {
    try {
      sendRaw(msg);
    } catch (err) {
      if (!('error' in msg)) {
        try {
          sendRaw({ id: msg.id, error: { message: `cannot send the reply: ${err instanceof Error ? err.message : String(err)}`, kind: 'internal' } });
        } catch {
          // The connection is gone; nothing left to tell.
        }
      }
    }
  };

  const run = async (id: number, call: CallName, input: unknown, controller: AbortController): Promise<void> => {
    try {
      const callOptions = { signal: controller.signal, onProgress: (progress: ProgressEvent) => send({ id, progress }) };
      if (options.sendResult) {
        const json = await service.callJson(call, input, callOptions);
        try {
          options.sendResult(id, json);
        } catch (err) {
          send({ id, error: { message: `cannot send the reply: ${err instanceof Error ? err.message : String(err)}`, kind: 'internal' } });
        }
        return;
      }
      const result = await service.call(call, input, callOptions);
      send({ id, result });
    } catch (err) {
      send({ id, error: errorPayload(err) });
    }
  };

  return {
    async handle(raw) {
      try {
        if (raw.length > maxChars) {
          // Answered under the call's own id where it leads the message, so the caller sees which call was refused.
          const id = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*,/.exec(raw.slice(0, 100))?.[1];
          return send({
            id: id ? Number(id) : -1,
            error: { message: `message of ${formatBytes(raw.length)} is larger than the ${formatBytes(maxChars)} limit: import big files by path, or raise the limit (relata serve --max-body-mib)`, kind: 'too-large' },
          });
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          return send({ id: -1, error: { message: 'message is not JSON', kind: 'invalid-input' } });
        }
        const msg = checkMessage(parsed);
        if (!msg.ok) return send({ id: msg.id, error: { message: msg.message, kind: msg.kind } });
        if ('cancel' in msg) {
          running.get(msg.id)?.controller.abort();
          return;
        }
        if (running.has(msg.id)) return send({ id: msg.id, error: { message: `a call with id ${msg.id} is still running`, kind: 'invalid-input' } });
        const controller = new AbortController();
        const done = run(msg.id, msg.call, msg.input, controller);
        running.set(msg.id, { controller, done });
        try {
          await done;
        } finally {
          running.delete(msg.id);
        }
      } catch (err) {
        send({ id: -1, error: errorPayload(err) });
      }
    },
    cancelAll() {
      for (const r of running.values()) r.controller.abort();
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}
