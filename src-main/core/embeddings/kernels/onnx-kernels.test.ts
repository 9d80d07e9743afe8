import { describe, it, expect } from 'vitest';
import { DenseDotKernels } from './onnx-dot-kernels.js';
import { createDensePool } from '../training/onnx-compute-pool.js';
import { rankQueriesDense } from './onnx-ranking.js';
import { loadOnnxRuntime } from './onnx-runtime.js';
import { createComputePool } from '../training/compute-pool.js';
import { createParams, initialiseParams } from '../models/embedding-params.js';
import { createPrng } from '../../random/mulberry32.js';
import { resolveTrainingConfig } from '../training/training-config.js';
import { queriesForTriples } from '../datasets/link-queries.js';
import { readBenchmarkFolder, concatTriples } from '../datasets/triple-datasets.js';
import { buildFilterIndex, evaluationQueries, rankQueries } from '../training/filtered-evaluation.js';
import type { ModelName } from '../models/model-resolver.js';
import { datasetPath } from '../../../../test-support/paths.js';

/**
 * The onnxruntime kernels against the typed-array kernels (which are themselves checked against
 * TensorFlow.js autodiff in batch-gradient.test.ts), on Nations with random parameters.
 */
const ds = readBenchmarkFolder(datasetPath('nations'));

describe('onnxruntime-node', () => {
  it('loads (its CPU library ships in the npm package)', async () => {
    const { ort, detail } = await loadOnnxRuntime();
    expect(ort, detail).not.toBeNull();
  });
});

describe.each(['complex', 'distmult'] as ModelName[])('dense kernels: %s', (model) => {
  const cfg = resolveTrainingConfig({ model, dim: 16, batchSize: 64, threads: 1, regularizerWeight: 0.05 });
  const fresh = () => {
    const p = createParams({ model, dim: cfg.dim, reciprocal: cfg.reciprocal, numEntities: ds.entities.length, numRelations: ds.relations.length });
    initialiseParams(p, { initScale: 0.5 }, createPrng(3));
    return p;
  };
  const queries = queriesForTriples(ds.train, ds.relations.length, cfg.reciprocal);
  const order = Int32Array.from({ length: queries.anchors.length }, (_, i) => (i * 7919) % queries.anchors.length);
  const filter = buildFilterIndex(concatTriples(ds.train, ds.valid, ds.test), ds.relations.length);
  const ranking = { queries: evaluationQueries(ds.test), filter };

  it('gives the same batch loss and gradients as the typed-array kernel', async () => {
    const p = fresh();
    const { kernels, detail } = await DenseDotKernels.create(p.entityWidth, 1);
    expect(kernels, detail).not.toBeNull();
    const dense = createDensePool(kernels!, p, cfg, queries, order, ranking);
    const plain = await createComputePool(1, p, cfg, queries, order, new Int32Array(1), ranking);
    try {
      for (const [from, to] of [[0, 64], [64, 100]]) {
        const ld = await dense.batchGradient(from, to, 1 / (to - from));
        const lp = await plain.batchGradient(from, to, 1 / (to - from));
        expect(ld).toBeCloseTo(lp, 4);
        const gd = dense.gradients[0], gp = plain.gradients[0];
        let maxE = 0, maxDiff = 0;
        for (let i = 0; i < gp.entities.length; i++) {
          maxE = Math.max(maxE, Math.abs(gp.entities[i]));
          maxDiff = Math.max(maxDiff, Math.abs(gp.entities[i] - gd.entities[i]));
        }
        expect(maxE).toBeGreaterThan(0);
        expect(maxDiff / maxE).toBeLessThan(1e-4);
        for (let i = 0; i < gp.relations.length; i++) expect(gd.relations[i]).toBeCloseTo(gp.relations[i], 5);
        for (let r = 0; r < gp.relationTouched.length; r++) expect(gd.relationTouched[r]).toBe(gp.relationTouched[r]);
        for (const g of [gd, gp]) {
          g.entities.fill(0);
          g.relations.fill(0);
          g.relationTouched.fill(0);
          g.entityTouched.fill(0);
        }
      }
    } finally {
      await dense.close();
      await plain.close();
    }
  });

  it('ranks test queries exactly as the typed-array ranking does', async () => {
    const p = fresh();
    const { kernels } = await DenseDotKernels.create(p.entityWidth, 2);
    const n = ranking.queries.anchors.length;
    const dense = new Float64Array(n), plain = new Float64Array(n);
    await rankQueriesDense(kernels!, p, ranking.queries, 0, n, filter, dense);
    rankQueries(p, ranking.queries, 0, n, filter, plain);
    await kernels!.release();
    let same = 0;
    for (let i = 0; i < n; i++) if (Math.abs(dense[i] - plain[i]) <= 0.5) same++;
    // Float sums in another order may swap two near-equal scores; nothing more.
    expect(same / n).toBeGreaterThan(0.99);
    expect(dense.every((r) => r >= 1 && r <= ds.entities.length)).toBe(true);
  });
});
