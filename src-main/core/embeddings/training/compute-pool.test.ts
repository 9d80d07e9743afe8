import { describe, it, expect } from 'vitest';
import { readBenchmarkFolder } from '../datasets/triple-datasets.js';
import { datasetPath } from '../../../../test-support/paths.js';
import { resolveTrainingConfig } from './training-config.js';
import { trainEmbeddings } from './train-embeddings.js';

const NATIONS = datasetPath('nations');

describe('compute pool', () => {
  it.each(['complex', 'transe'])('two threads train %s like one thread (same seed, same batches)', async (model) => {
    const ds = readBenchmarkFolder(NATIONS);
    const run = (threads: number) => trainEmbeddings(ds, resolveTrainingConfig({ model, epochs: 3, evalEvery: 3, threads, seed: 7 }));
    const [a, b] = [await run(1), await run(2)];
    expect(b.threads).toBe(2);
    // Only the summation order of the gradient differs.
    for (let e = 0; e < 3; e++) expect(b.history[e].loss).toBeCloseTo(a.history[e].loss, 3);
    expect(b.bestValidMrr!).toBeCloseTo(a.bestValidMrr!, 2);
  }, 60_000);
});
