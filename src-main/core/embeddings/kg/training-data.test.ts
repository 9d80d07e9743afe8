import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { loadKgDataset } from './training-data.js';
import { datasetPath, REPO_ROOT, tempDir } from '../../../../test-support/paths.js';

const tmp = tempDir('relata-kg-dataset-');
afterAll(() => tmp.cleanup());
const importInto = (db: string, ...args: string[]) => execFileSync('node', [`${REPO_ROOT}/bin/relata.mjs`, 'import', ...args, '--db', db], { stdio: 'ignore' });

describe('KG file as a link-prediction dataset', () => {
  it('uses the stored split of a benchmark import', () => {
    const db = join(tmp.dir, 'stored.sqlite');
    importInto(db, datasetPath('nations'), '--format', 'benchmark');
    const { dataset, split } = loadKgDataset(db, 0);
    expect(split).toBe('stored');
    expect([dataset.train.heads.length, dataset.valid.heads.length, dataset.test.heads.length]).toEqual([1592, 199, 201]);
    expect(dataset.entities).toHaveLength(14);
  }, 30_000);

  it('makes a seeded 90/5/5 split when no triple has one', () => {
    const db = join(tmp.dir, 'plain.sqlite');
    importInto(db, join(datasetPath('kinships'), 'train.txt'), '--no-header');
    const a = loadKgDataset(db, 1), b = loadKgDataset(db, 1), c = loadKgDataset(db, 2);
    expect(a.split).toBe('random-90-5-5');
    const n = a.dataset.train.heads.length + a.dataset.valid.heads.length + a.dataset.test.heads.length;
    expect(n).toBe(8544);
    expect(a.dataset.train.heads.length / n).toBeGreaterThan(0.88);
    expect(a.dataset.test.heads.length / n).toBeGreaterThan(0.04);
    expect(Array.from(a.dataset.test.heads)).toEqual(Array.from(b.dataset.test.heads));
    expect(Array.from(a.dataset.test.heads)).not.toEqual(Array.from(c.dataset.test.heads));
  }, 30_000);
});
