import type { TrainingConfig } from '../config.js';
import type { EmbeddingParams } from '../params.js';
import { resolveModel } from '../models/index.js';
import { TAIL, type QuerySet } from '../queries.js';
import { n3Row } from '../regularizers.js';
import { createGradientBuffers } from '../training/batch-gradient.js';
import type { ComputePool, RankingJob } from '../training/compute-pool.js';
import type { DenseDotKernels } from './dense-dot-kernels.js';
import { rankQueriesDense } from './dense-ranking.js';

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
  const n3 = cfg.regularizer === 'n3' && cfg.regularizerWeight > 0;
  return {
    threads: cfg.threads,
    gradients: [grads],
    async batchGradient(from, to, scale) {
      const E = params.entities, R = params.relations, gE = grads.entities, gR = grads.relations;
      const nb = to - from;
      for (let b = 0; b < nb; b++) {
        const qi = order[from + b], a = queries.anchors[qi], r = queries.relations[qi];
        if (queries.directions[qi] === TAIL) m.tailQuery(E, a * ew, R, r * rw, Q, b * ew, ew);
        else m.headQuery(R, r * rw, E, a * ew, Q, b * ew, ew);
        Y[b] = BigInt(queries.targets[qi]);
      }
      let total = scale * (await kernels.crossEntropy(Q, nb, Y, scale, E, N, gQ, gE));
      grads.entityTouched.fill(1);
      for (let b = 0; b < nb; b++) {
        const qi = order[from + b], a = queries.anchors[qi], r = queries.relations[qi], t = queries.targets[qi];
        const ao = a * ew, ro = r * rw;
        if (queries.directions[qi] === TAIL) m.tailQueryBackward(E, ao, R, ro, gQ, b * ew, gE, ao, gR, ro, ew);
        else m.headQueryBackward(R, ro, E, ao, gQ, b * ew, gR, ro, gE, ao, ew);
        grads.relationTouched[r] = 1;
        if (n3) {
          const wt = cfg.regularizerWeight;
          total += scale * n3Row(E, ao, ew, m.complexEntities, wt, scale, gE, ao);
          total += scale * n3Row(E, t * ew, ew, m.complexEntities, wt, scale, gE, t * ew);
          if (!m.phaseRelations) total += scale * n3Row(R, ro, rw, m.complexEntities, wt, scale, gR, ro);
        }
      }
      return total;
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
