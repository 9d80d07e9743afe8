/**
 * Dot-product scoring of four queries at once against every entity row (the 1-vs-all and evaluation
 * hot loop for DistMult and ComplEx). Each entity value is loaded once for four queries and each
 * gradient row is written once per four queries, which is where plain per-query loops lose their time.
 * Q holds 4 query rows of width w (unused rows must be zero); S is 4 x count, row-major.
 */
export const BLOCK = 4;

export function scoreDotBlock(Q: Float32Array, E: Float32Array, count: number, w: number, S: Float32Array): void {
  const o1 = w, o2 = 2 * w, o3 = 3 * w;
  for (let n = 0, eo = 0; n < count; n++, eo += w) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let i = 0; i < w; i++) {
      const e = E[eo + i];
      s0 += Q[i] * e;
      s1 += Q[o1 + i] * e;
      s2 += Q[o2 + i] * e;
      s3 += Q[o3 + i] * e;
    }
    S[n] = s0;
    S[count + n] = s1;
    S[2 * count + n] = s2;
    S[3 * count + n] = s3;
  }
}

/** gQ_j += sum_n G_jn E_n and gE_n += sum_j G_jn Q_j (G is 4 x count, row-major). */
export function backwardDotBlock(Q: Float32Array, E: Float32Array, count: number, w: number, G: Float32Array, gQ: Float32Array, gE: Float32Array): void {
  const o1 = w, o2 = 2 * w, o3 = 3 * w;
  for (let n = 0, eo = 0; n < count; n++, eo += w) {
    const g0 = G[n], g1 = G[count + n], g2 = G[2 * count + n], g3 = G[3 * count + n];
    if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
    for (let i = 0; i < w; i++) {
      const e = E[eo + i];
      gQ[i] += g0 * e;
      gQ[o1 + i] += g1 * e;
      gQ[o2 + i] += g2 * e;
      gQ[o3 + i] += g3 * e;
      gE[eo + i] += g0 * Q[i] + g1 * Q[o1 + i] + g2 * Q[o2 + i] + g3 * Q[o3 + i];
    }
  }
}
