import { ApiError } from '../core/api/api-error.js';
import { ImportError } from '../core/import/import-error.js';
import { CancelledError } from '../core/run/cancelled-error.js';

export interface ErrorPayload {
  message: string;
  kind: string;
}

/**
 * The one-line error every face shows, and its kind. Relata's own refusals are plain `Error`s with a message written
 * for the user ("no entity with key …", "FILE:LINE: …"): those are the caller's to fix. What else escapes a call — a
 * TypeError, RangeError, a database fault — is a bug or an environment failure, marked `internal` (HTTP 500).
 */
export function errorPayload(err: unknown): ErrorPayload {
  if (err instanceof ApiError) return { message: err.message, kind: err.kind };
  if (err instanceof ImportError) return { message: err.message, kind: 'bad-input' };
  if (err instanceof CancelledError) return { message: err.message, kind: 'cancelled' };
  if (err instanceof SyntaxError) return { message: `invalid JSON: ${err.message}`, kind: 'invalid-input' };
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (err as Error | null)?.name === 'WriterBusyError') {
    return { message: /another/.test(message) ? message : `the KG is busy: another process is writing to it; try again when it has finished (${message})`, kind: 'busy' };
  }
  if (code === 'SQLITE_TOOBIG') return { message: `a value is too large to store (${message})`, kind: 'invalid-input' };
  if (err instanceof Error && err.constructor === Error && code === undefined) {
    if (/^\S+: /.test(message)) return { message, kind: 'bad-input' };
    if (/^no \S|\bnot found\b|^unknown /.test(message)) return { message, kind: 'not-found' };
    return { message, kind: 'invalid-input' };
  }
  return { message, kind: /^\S+: /.test(message) && err instanceof Error && err.constructor === Error ? 'bad-input' : 'internal' };
}
