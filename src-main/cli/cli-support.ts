import type { ProgressEvent } from '../contract/types.js';
import { RelataService } from '../core/api/handlers.js';

/** Opens the KG named by --db for one command; `create` lets import make a new file. */
export function openService(db: string | undefined, create = false): RelataService {
  if (!db) throw new Error('--db KG.sqlite is required');
  return new RelataService(db, create);
}

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
