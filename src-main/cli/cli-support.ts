/** What every command shares: the service it calls, numbers from flags, JSON and progress output, Ctrl+C. */
import type { ProgressEvent } from '../contract/types.js';
import { RelataService, type ServiceOptions } from '../core/api/handlers.js';

/** The service as the terminal uses it: limit errors name the flags, and rules run until done or Ctrl+C. */
const CLI_SERVICE: ServiceOptions = {
  limitHints: { facts: '--max-facts', seconds: '--max-seconds', memory: '--max-memory-mb' },
  ruleSeconds: null,
};

/** Opens the KG named by --db for one command; `create` lets import make a new file. */
export function openService(db: string | undefined, create = false): RelataService {
  if (!db) throw new Error('--db KG.sqlite is required');
  return new RelataService(db, create, CLI_SERVICE);
}

/** The service with no KG open, for calls on files alone (benchmark folders, model and rule files, endpoints). */
export function fileService(): RelataService {
  return new RelataService(undefined, true, CLI_SERVICE);
}

/** A mistake on the command line: printed as `error: …` with commander's usage-error exit code. */
export class UsageError extends Error {
  readonly exitCode = 1;
}

export interface NumberRange {
  /** Smallest value allowed. */
  min?: number;
  /** Values must be greater than this (for "positive"). */
  above?: number;
  max?: number;
}

/** "5_000_000" and "5,000,000" read as 5000000; "0,5" is not a number. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

function describeRange(kind: string, r: NumberRange): string {
  if (r.min !== undefined && r.max !== undefined) return `${kind} in [${r.min}, ${r.max}]`;
  if (r.above !== undefined) return `${kind} > ${r.above}${r.max !== undefined ? ` and ≤ ${r.max}` : ''}`;
  if (r.min !== undefined) return `${kind} ≥ ${r.min}`;
  return `${kind} ≤ ${r.max}`;
}

/** The one number reader of the CLI: `flag`'s text as a number within `range`, or a UsageError naming the flag. */
export function parseNumber(flag: string, text: string, range: NumberRange & { integer?: boolean } = {}): number {
  const plain = text.trim().replace(/_/g, '');
  const n = NUMBER.test(plain) ? Number(plain) : GROUPED.test(plain) ? Number(plain.replace(/,/g, '')) : Number.NaN;
  if (!Number.isFinite(n) || (range.integer && !Number.isInteger(n))) throw new UsageError(`${flag} must be a ${range.integer ? 'whole number' : 'number'}, got "${text}"`);
  const low = range.min !== undefined && n < range.min;
  const high = range.max !== undefined && n > range.max;
  if (low || high || (range.above !== undefined && n <= range.above)) throw new UsageError(`${flag} must be ${describeRange(range.integer ? 'an integer' : 'a number', range)}, got "${text}"`);
  return n;
}

/** A commander argument parser for a whole-number flag (`.option('--top <n>', '…', wholeNumber('--top', { min: 1 }), 10)`). */
export const wholeNumber = (flag: string, range: NumberRange = {}) => (text: string): number => parseNumber(flag, text, { ...range, integer: true });
/** A commander argument parser for a flag that takes any real number. */
export const realNumber = (flag: string, range: NumberRange = {}) => (text: string): number => parseNumber(flag, text, range);

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const formatAmount = (n: number, unit: ProgressEvent['unit']): string =>
  unit === 'bytes' ? `${(n / 1048576).toFixed(1)} MiB` : n.toLocaleString('en-US');

/** Progress on stderr: a redrawn bar on a terminal, a line every few seconds otherwise (CI logs). */
export function stderrProgress(): (event: ProgressEvent) => void {
  let lastLine = 0;
  return (e) => {
    const pct = e.total ? Math.min(100, Math.floor((100 * e.done) / e.total)) : null;
    // A phase with nothing counted yet ("waiting for another writer…", "asking MODEL") reads best on its own.
    const text = e.done === 0 && e.total === undefined && e.unit === 'items' ? e.phase : `${e.phase}: ${formatAmount(e.done, e.unit)}${e.total ? ` / ${formatAmount(e.total, e.unit)}` : ''}${pct !== null ? ` (${pct}%)` : ''}`;
    if (process.stderr.isTTY) {
      const width = 24;
      const bar = pct === null ? '' : `[${'#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.')}] `;
      process.stderr.write(`\r\x1b[2K${bar}${text}`);
      if (pct === 100) process.stderr.write('\n');
    } else if (Date.now() - lastLine > 5000) {
      lastLine = Date.now();
      process.stderr.write(`${text}\n`);
    }
  };
}

/** An AbortSignal fired by Ctrl+C, so long work is cancelled (and rolled back) instead of killed mid-write. */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ncancelling…\n');
    controller.abort();
  });
  return controller.signal;
}
