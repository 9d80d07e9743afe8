/**
 * DistMult decoder (Yang et al. 2015) as in R-GCN link prediction (Schlichtkrull et al. 2018, §4):
 *   s(h, r, t) = Σ_k e_h[k]·R_r[k]·e_t[k],
 * trained with binary cross-entropy on positives (y = 1) and sampled negatives (y = 0), mean over all samples:
 *   L = mean softplus(−(2y − 1)·s),   ∂L/∂s = (σ(s) − y) / count.
 */
import type { TripleIds } from '../embeddings/datasets.js';

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
