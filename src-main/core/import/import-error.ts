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
