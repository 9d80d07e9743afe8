import { existsSync, statSync } from 'node:fs';
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

/** The split files of a link-prediction benchmark folder (train.txt required; valid/test when present). */
export function benchmarkFiles(dir: string): Array<{ split: Split; file: string }> {
  if (!isBenchmarkFolder(dir)) throw new ImportError(dir, null, 'not a benchmark folder: it needs train.txt (and usually valid.txt, test.txt)');
  return SPLIT_FILES.filter(([, name]) => existsSync(join(dir, name))).map(([split, name]) => ({ split, file: join(dir, name) }));
}
