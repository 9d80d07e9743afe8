/**
 * DistMult decoder (Yang et al. 2015) as in R-GCN link prediction (Schlichtkrull et al. 2018, §4):
 *   s(h, r, t) = Σ_k e_h[k]·R_r[k]·e_t[k],
 * trained with binary cross-entropy on positives (y = 1) and sampled negatives (y = 0), mean over all samples:
 *   L = mean softplus(−(2y − 1)·s),   ∂L/∂s = (σ(s) − y) / count.
 */
import type { TripleIds } from '../../embeddings/datasets/triple-datasets.js';
import { matMul, matMulTransB, transpose } from '../kernels/dense-matrix.js';

/** Loss of `samples` (y per sample) and its gradients, accumulated into gEntities and gRelations. */
export function distmultBceLoss(
  entities: Float32Array,
  relations: Float32Array,
  dim: number,
  samples: TripleIds,
  targets: Uint8Array,
  gEntities: Float32Array,
  gRelations: Float32Array,
): number {
  const count = samples.heads.length;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const ho = samples.heads[i] * dim;
    const ro = samples.relations[i] * dim;
    const to = samples.tails[i] * dim;
    let s = 0;
    for (let k = 0; k < dim; k++) s += entities[ho + k] * relations[ro + k] * entities[to + k];
    const y = targets[i];
    const z = y ? -s : s;
    loss += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    const g = (1 / (1 + Math.exp(-s)) - y) / count;
    for (let k = 0; k < dim; k++) {
      const eh = entities[ho + k];
      const r = relations[ro + k];
      const et = entities[to + k];
      gEntities[ho + k] += g * r * et;
      gEntities[to + k] += g * r * eh;
      gRelations[ro + k] += g * eh * et;
    }
  }
  return loss / count;
}

/**
 * 1-vs-all cross-entropy (Lacroix et al. 2018; Ruffinelli et al. 2020) for queries (anchor, relation row) → target:
 * every entity is scored, L = mean −log softmax(Q·Eᵀ)[target] with Q = e_anchor ⊙ R_row. Head queries use a
 * reciprocal relation row, so one formula serves both directions. Gradients accumulate into gEntities, gRelations.
 */
export function distmultOneVsAllLoss(
  entities: Float32Array,
  relations: Float32Array,
  dim: number,
  numEntities: number,
  anchors: Int32Array,
  relationRows: Int32Array,
  targets: Int32Array,
  gEntities: Float32Array,
  gRelations: Float32Array,
): number {
  const b = anchors.length;
  const q = new Float32Array(b * dim);
  for (let i = 0; i < b; i++) {
    const ao = anchors[i] * dim;
    const ro = relationRows[i] * dim;
    for (let k = 0; k < dim; k++) q[i * dim + k] = entities[ao + k] * relations[ro + k];
  }
  const scores = matMulTransB(q, entities, b, dim, numEntities, new Float32Array(b * numEntities));
  let loss = 0;
  for (let i = 0; i < b; i++) {
    const o = i * numEntities;
    let max = -Infinity;
    for (let c = 0; c < numEntities; c++) if (scores[o + c] > max) max = scores[o + c];
    let sum = 0;
    for (let c = 0; c < numEntities; c++) sum += Math.exp(scores[o + c] - max);
    const lse = max + Math.log(sum);
    loss += lse - scores[o + targets[i]];
    // scores becomes ∂L/∂scores = (softmax − onehot) / b
    for (let c = 0; c < numEntities; c++) scores[o + c] = Math.exp(scores[o + c] - lse) / b;
    scores[o + targets[i]] -= 1 / b;
  }
  const gq = matMul(scores, entities, b, numEntities, dim, new Float32Array(b * dim));
  // Eᵀ-side gradient through an explicit transpose: reading gS by columns would stride across megabytes.
  const gCandidates = matMul(transpose(scores, b, numEntities), q, numEntities, b, dim, new Float32Array(numEntities * dim));
  for (let i = 0; i < gCandidates.length; i++) gEntities[i] += gCandidates[i];
  for (let i = 0; i < b; i++) {
    const ao = anchors[i] * dim;
    const ro = relationRows[i] * dim;
    for (let k = 0; k < dim; k++) {
      const g = gq[i * dim + k];
      gEntities[ao + k] += g * relations[ro + k];
      gRelations[ro + k] += g * entities[ao + k];
    }
  }
  return loss / b;
}
