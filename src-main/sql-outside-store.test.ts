/**
 * SQL lives in core/store/: outside it, `prepare(` may appear only in the files listed in sql-outside-store.json
 * (a capability that owns its own tables, or SQL still to move), never more often than listed, and never more in
 * all than the recorded ceiling. Production code only: tests may query the KG file directly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/paths.js';

interface SqlBudget {
  /** Most `prepare(` calls outside store/ in all. */
  ceiling: number;
  files: Record<string, { count: number; reason: string }>;
}

const STORE = 'src-main/core/store/';
const PREPARE = /\bprepare\(/g;

/** `prepare(` calls per production source file under src-main/, store/ left out. */
function prepareCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of readdirSync(join(REPO_ROOT, 'src-main'), { recursive: true, encoding: 'utf8' }).sort()) {
    const file = `src-main/${name.split('\\').join('/')}`;
    if (file.startsWith(STORE) || !/\.(ts|mts|js|mjs)$/.test(file) || /\.test\.ts$/.test(file)) continue;
    const n = readFileSync(join(REPO_ROOT, file), 'utf8').match(PREPARE)?.length ?? 0;
    if (n > 0) counts[file] = n;
  }
  return counts;
}

describe('SQL outside core/store/', () => {
  const budget = JSON.parse(readFileSync(join(REPO_ROOT, 'src-main/sql-outside-store.json'), 'utf8')) as SqlBudget;
  const counts = prepareCounts();
  const today = `today's counts: ${JSON.stringify(counts, null, 1)}`;

  it('appears only in listed files, and no more often than listed', () => {
    const over = Object.entries(counts).filter(([file, n]) => n > (budget.files[file]?.count ?? 0));
    expect(over.map(([file, n]) => `${file}: ${n} prepare( (allowed ${budget.files[file]?.count ?? 0})`), today).toEqual([]);
  });

  it('stays within the recorded ceiling', () => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total, today).toBeLessThanOrEqual(budget.ceiling);
  });
});
