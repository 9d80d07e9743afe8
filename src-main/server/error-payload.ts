import { ApiError } from '../core/api/handlers.js';
import { CancelledError, ImportError } from '../core/import/import-error.js';

export interface ErrorPayload {
  message: string;
  kind: string;
}

/** The one-line error every face shows; internal errors keep their message but are marked as such. */
export function errorPayload(err: unknown): ErrorPayload {
  if (err instanceof ApiError) return { message: err.message, kind: err.kind };
  if (err instanceof ImportError) return { message: err.message, kind: 'bad-input' };
  if (err instanceof CancelledError) return { message: err.message, kind: 'cancelled' };
  if (err instanceof SyntaxError) return { message: `invalid JSON: ${err.message}`, kind: 'invalid-input' };
  const message = err instanceof Error ? err.message : String(err);
  return { message, kind: /^\S+: /.test(message) ? 'bad-input' : 'internal' };
}
