import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Split } from '../../contract/types.js';
import { ImportError } from './import-error.js';

export const SPLIT_FILES: ReadonlyArray<[Split, string]> = [
  ['train', 'train.txt'],
  ['valid', 'valid.txt'],
  ['test', 'test.txt'],
];

export function isBenchmarkFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, 'train.txt'));
}

/** Optional names files that label a benchmark's ids (FB15k-237's Freebase MIDs, WN18RR's synset offsets). */
export const ENTITY_NAME_FILES = ['entity_names.tsv', 'entity2text.txt'];
export const RELATION_NAME_FILES = ['relation_names.tsv', 'relation2text.txt'];

export function namesFile(dir: string, candidates: string[]): string | null {
  const found = candidates.map((f) => join(dir, f)).find((p) => existsSync(p));
  return found ?? null;
}

/**
 * The split files of a link-prediction benchmark folder: train.txt, valid.txt and test.txt, all three. A folder
 * missing one is refused by name (a half-copied benchmark would otherwise train and evaluate on the wrong splits).
 */
export function benchmarkFiles(dir: string): Array<{ split: Split; file: string }> {
  if (!isBenchmarkFolder(dir)) throw new ImportError(dir, null, notABenchmark(dir));
  const missing = SPLIT_FILES.filter(([, name]) => !existsSync(join(dir, name))).map(([, name]) => name);
  if (missing.length) {
    const present = SPLIT_FILES.filter(([, name]) => existsSync(join(dir, name))).map(([, name]) => name);
    throw new ImportError(dir, null, `benchmark folder without ${missing.join(' and ')} (it has ${present.join(', ')}): add the missing split, or import the files one by one as TSV`);
  }
  return SPLIT_FILES.map(([split, name]) => ({ split, file: join(dir, name) }));
}

/** Why a folder is not importable: what it lacks and what it holds. */
export function notABenchmark(dir: string): string {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir).filter((f) => !f.startsWith('.'));
  } catch {
    // unreadable: say what is needed anyway
  }
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  return `a folder, but not a benchmark folder: it needs train.txt, valid.txt and test.txt (${entries.length ? `found ${shown}` : 'it is empty'}); import its files one by one instead`;
}
