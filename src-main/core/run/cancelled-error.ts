// The one cancellation error: every run stopped by its AbortSignal throws this, and the faces report it as
// `kind: 'cancelled'` rather than as a failure.

export class CancelledError extends Error {
  constructor() {
    super('cancelled by the user; nothing was changed');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
