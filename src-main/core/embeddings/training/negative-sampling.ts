import type { Prng } from '../../random/mulberry32.js';

/**
 * Uniform negative sampling: for each query of the batch, `k` random entities replace its target
 * (the corrupted side is the query's direction; with reciprocal relations that covers heads and tails).
 * Negatives are not filtered against known triples (PyKEEN's default).
 */
export function sampleNegatives(queryCount: number, k: number, numEntities: number, rng: Prng, out: Int32Array): Int32Array {
  const n = queryCount * k;
  for (let i = 0; i < n; i++) out[i] = rng.int(numEntities);
  return out;
}
