/** An input problem at a place in a file: prints as `FILE:LINE: what is wrong`. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = 'ImportError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled by the user; nothing was changed');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
