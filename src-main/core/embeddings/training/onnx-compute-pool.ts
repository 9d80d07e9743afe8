import type { TrainingConfig } from './training-config.js';
import type { EmbeddingParams } from '../models/embedding-params.js';
import { resolveModel } from '../models/model-resolver.js';
import { TAIL, type QuerySet } from '../datasets/link-queries.js';
import { backwardQueryRows, createGradientBuffers } from './batch-gradient.js';
import type { ComputePool, RankingJob } from './compute-pool.js';
import type { DenseDotKernels } from '../kernels/onnx-dot-kernels.js';
import { rankQueriesDense } from '../kernels/onnx-ranking.js';

/** Whether a run can use the dense kernels: 1-vs-all cross-entropy with a dot-product model. */
export function denseKernelsApply(cfg: Pick<TrainingConfig, 'model' | 'loss'>): boolean {
  return cfg.loss === 'cross-entropy' && resolveModel(cfg.model).comparator === 'dot';
}

/**
 * A ComputePool whose batch gradients and validation ranks run on the dense kernels (onnxruntime's
 * threads do the parallel work, so there is one gradient buffer). Per query: the query row is built
 * by the model, the 1-vs-all loss and dQ, dE come from one batched call, then dQ flows back into the
 * anchor and relation rows and N3 is added, as in accumulateBatchGradient.
 */
export function createDensePool(kernels: DenseDotKernels, params: EmbeddingParams, cfg: TrainingConfig, queries: QuerySet, order: Int32Array, ranking: RankingJob): ComputePool {
  const m = resolveModel(params.model);
  const ew = params.entityWidth, rw = params.relationWidth, N = params.numEntities;
  const grads = createGradientBuffers(params, false);
  const Q = new Float32Array(cfg.batchSize * ew);
  const gQ = new Float32Array(cfg.batchSize * ew);
  const Y = new BigInt64Array(cfg.batchSize);
  const ranks = new Float64Array(ranking.queries.anchors.length);
  return {
    threads: cfg.threads,
    gradients: [grads],
    async batchGradient(from, to, scale) {
      const E = params.entities, R = params.relations, gE = grads.entities;
      const nb = to - from;
      for (let b = 0; b < nb; b++) {
        const qi = order[from + b], a = queries.anchors[qi], r = queries.relations[qi];
        if (queries.directions[qi] === TAIL) m.tailQuery(E, a * ew, R, r * rw, Q, b * ew, ew);
        else m.headQuery(R, r * rw, E, a * ew, Q, b * ew, ew);
        Y[b] = BigInt(queries.targets[qi]);
      }
      const total = scale * (await kernels.crossEntropy(Q, nb, Y, scale, E, N, gQ, gE));
      grads.entityTouched.fill(1);
      return total + backwardQueryRows(m, params, cfg, queries, order, from, nb, gQ, scale, grads);
    },
    async rank() {
      await rankQueriesDense(kernels, params, ranking.queries, 0, ranks.length, ranking.filter, ranks);
      return ranks;
    },
    async close() {
      await kernels.release();
    },
  };
}
