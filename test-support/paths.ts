import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The shared real datasets (../shared/datasets beside the checkout, as in CI). Missing data is an error, never a skip. */
export function datasetPath(...parts: string[]): string {
  const root = process.env.RELATA_DATASETS ?? resolve(REPO_ROOT, '../shared/datasets');
  const path = join(root, ...parts);
  if (!existsSync(path)) throw new Error(`dataset not found: ${path} (set RELATA_DATASETS to the shared datasets folder)`);
  return path;
}

export function fixturePath(...parts: string[]): string {
  return join(REPO_ROOT, 'test-fixtures', ...parts);
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'relata-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
