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

/** The split files of a link-prediction benchmark folder (train.txt required; valid/test when present). */
export function benchmarkFiles(dir: string): Array<{ split: Split; file: string }> {
  if (!isBenchmarkFolder(dir)) throw new ImportError(dir, null, 'not a benchmark folder: it needs train.txt (and usually valid.txt, test.txt)');
  return SPLIT_FILES.filter(([, name]) => existsSync(join(dir, name))).map(([split, name]) => ({ split, file: join(dir, name) }));
}
