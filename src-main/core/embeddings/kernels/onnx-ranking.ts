import type { EmbeddingParams } from '../models/embedding-params.js';
import { filterKey, filteredRank, queryRow, type EvaluationQueries, type FilterIndex } from '../training/filtered-evaluation.js';
import type { DenseDotKernels } from './onnx-dot-kernels.js';

/** Distinct (anchor, relation, direction) groups scored per onnxruntime call. */
const CHUNK = 256;

/**
 * Filtered mean-tie ranks of queries [from, to) into ranks (the same protocol as rankQueries), with the
 * scores of CHUNK distinct queries computed by one dense matmul. Queries must be grouped as
 * evaluationQueries orders them; the model must use a dot comparator.
 */
export async function rankQueriesDense(kernels: DenseDotKernels, p: EmbeddingParams, q: EvaluationQueries, from: number, to: number, filter: FilterIndex, ranks: Float64Array): Promise<void> {
  const N = p.numEntities, w = p.entityWidth;
  const mask = new Uint8Array(N);
  const starts: number[] = [];
  for (let i = from; i < to; i++) {
    if (i === from || q.anchors[i] !== q.anchors[i - 1] || q.relations[i] !== q.relations[i - 1] || q.directions[i] !== q.directions[i - 1]) starts.push(i);
  }
  starts.push(to);
  const groups = starts.length - 1;
  const Q = new Float32Array(CHUNK * w);
  const S = new Float32Array(CHUNK * N);
  for (let g0 = 0; g0 < groups; g0 += CHUNK) {
    const nb = Math.min(CHUNK, groups - g0);
    for (let b = 0; b < nb; b++) {
      const i = starts[g0 + b];
      queryRow(p, q.anchors[i], q.relations[i], q.directions[i], Q, b * w);
    }
    await kernels.scores(Q, nb, p.entities, N, S);
    for (let b = 0; b < nb; b++) {
      const first = starts[g0 + b];
      const key = filterKey(q.anchors[first], q.relations[first], q.directions[first], filter.numRelations);
      const row = S.subarray(b * N, (b + 1) * N);
      for (let i = first; i < starts[g0 + b + 1]; i++) ranks[i] = filteredRank(row, N, q.targets[i], filter, key, mask);
    }
  }
}
