/**
 * Edge-occlusion saliency for one node of a trained 2-layer GCN: remove one incident edge (v, u), recompute
 *   z_v = Σ_{j ∈ N'(v)∪{v}} Â'_vj · relu(Σ_{k ∈ N'(j)∪{j}} Â'_jk · (X·W1)_k) · W2,   Â'_jk = 1/√(d'_j d'_k),
 * where d' counts neighbours plus one after the removal, and report how much the predicted class's probability drops.
 * Only v's 2-hop field is touched; X·W1 does not depend on the edges and is computed once by the caller.
 * Node features stay fixed (as in GNNExplainer's edge masks): the occlusion acts on message passing.
 */
import type { CsrMatrix } from '../kernels/csr-matrix.js';

/** Softmax probabilities of node `node` with the undirected edge (node, removed) taken out; removed = −1 keeps all. */
export function nodeProbabilitiesWithoutEdge(
  adjacency: CsrMatrix,
  xw: Float32Array,
  w2: Float32Array,
  hidden: number,
  classes: number,
  node: number,
  removed: number,
): Float64Array {
  const { rowPtr, colIdx } = adjacency;
  const skips = (a: number, b: number) => removed >= 0 && ((a === node && b === removed) || (a === removed && b === node));
  const degree = (k: number) => rowPtr[k + 1] - rowPtr[k] - (removed >= 0 && (k === node || k === removed) ? 1 : 0);
  const h = new Float64Array(hidden);
  const z = new Float64Array(classes);
  const dv = degree(node);
  for (let p = rowPtr[node]; p < rowPtr[node + 1]; p++) {
    const j = colIdx[p];
    if (skips(node, j)) continue;
    const dj = degree(j);
    h.fill(0);
    for (let q = rowPtr[j]; q < rowPtr[j + 1]; q++) {
      const k = colIdx[q];
      if (skips(j, k)) continue;
      const a = 1 / Math.sqrt(dj * degree(k));
      for (let t = 0; t < hidden; t++) h[t] += a * xw[k * hidden + t];
    }
    const a = 1 / Math.sqrt(dv * dj);
    for (let t = 0; t < hidden; t++) {
      const ht = h[t] > 0 ? h[t] : 0;
      if (ht === 0) continue;
      for (let c = 0; c < classes; c++) z[c] += a * ht * w2[t * classes + c];
    }
  }
  let max = -Infinity;
  for (let c = 0; c < classes; c++) if (z[c] > max) max = z[c];
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += (z[c] = Math.exp(z[c] - max));
  for (let c = 0; c < classes; c++) z[c] /= sum;
  return z;
}

export interface EdgeOcclusion {
  /** The neighbour at the other end of the removed edge. */
  readonly neighbour: number;
  /** p(class | graph) − p(class | graph without the edge): positive when the edge supported the prediction. */
  readonly importance: number;
}

/** True when row i of a CSR matrix (columns sorted, as csrFromCoo leaves them) holds column j. */
function hasEntry(rowPtr: Int32Array, colIdx: Int32Array, i: number, j: number): boolean {
  let lo = rowPtr[i];
  let hi = rowPtr[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = colIdx[mid];
    if (c === j) return true;
    if (c < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Occludes each of `node`'s edges in turn (at most `maxEdges`); returns them sorted by importance, highest first.
 * Incremental: removing (v, u) changes only d_v and d_u, so a neighbour j's pre-activation changes only in its
 * terms for k = v (and k = u when j is adjacent to u); row v itself is recomputed. Since W2 is linear, the hidden
 * sum Σ_j Â'_vj·relu(pre'_j) is formed first and multiplied by W2 once: O(d·(d + hidden)) per edge, not the 2-hop field.
 */
export function edgeOcclusionSaliency(
  adjacency: CsrMatrix,
  xw: Float32Array,
  w2: Float32Array,
  hidden: number,
  classes: number,
  node: number,
  targetClass: number,
  maxEdges = 5000,
): { baseline: number; edges: EdgeOcclusion[] } {
  const { rowPtr, colIdx } = adjacency;
  const v = node;
  const deg = (k: number) => rowPtr[k + 1] - rowPtr[k];
  const start = rowPtr[v];
  const d = deg(v);
  // pre[r] = Σ_{k ∈ row(j)} xw_k / √(d_j d_k) for the r-th entry j of row v (v itself included).
  const pre = new Float64Array(d * hidden);
  for (let r = 0; r < d; r++) {
    const j = colIdx[start + r];
    for (let q = rowPtr[j]; q < rowPtr[j + 1]; q++) {
      const k = colIdx[q];
      const a = 1 / Math.sqrt(deg(j) * deg(k));
      for (let t = 0; t < hidden; t++) pre[r * hidden + t] += a * xw[k * hidden + t];
    }
  }
  const baseline = nodeProbabilitiesWithoutEdge(adjacency, xw, w2, hidden, classes, node, -1)[targetClass];
  const g = new Float64Array(hidden);
  const row = new Float64Array(hidden);
  const z = new Float64Array(classes);
  const edges: EdgeOcclusion[] = [];
  for (let ru = 0; ru < d && edges.length < maxEdges; ru++) {
    const u = colIdx[start + ru];
    if (u === v) continue;
    const dv = d - 1;
    const du = deg(u) - 1;
    g.fill(0);
    for (let r = 0; r < d; r++) {
      const j = colIdx[start + r];
      if (j === u) continue;
      if (j === v) {
        row.fill(0);
        for (let q = rowPtr[v]; q < rowPtr[v + 1]; q++) {
          const k = colIdx[q];
          if (k === u) continue;
          const a = 1 / Math.sqrt(dv * (k === v ? dv : deg(k)));
          for (let t = 0; t < hidden; t++) row[t] += a * xw[k * hidden + t];
        }
      } else {
        const dj = deg(j);
        const cv = 1 / Math.sqrt(dj * dv) - 1 / Math.sqrt(dj * d);
        const cu = hasEntry(rowPtr, colIdx, j, u) ? 1 / Math.sqrt(dj * du) - 1 / Math.sqrt(dj * deg(u)) : 0;
        for (let t = 0; t < hidden; t++) row[t] = pre[r * hidden + t] + cv * xw[v * hidden + t] + cu * xw[u * hidden + t];
      }
      const a = 1 / Math.sqrt(dv * (j === v ? dv : deg(j)));
      for (let t = 0; t < hidden; t++) if (row[t] > 0) g[t] += a * row[t];
    }
    z.fill(0);
    for (let t = 0; t < hidden; t++) for (let c = 0; c < classes; c++) z[c] += g[t] * w2[t * classes + c];
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (z[c] > max) max = z[c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(z[c] - max);
    edges.push({ neighbour: u, importance: baseline - Math.exp(z[targetClass] - max) / sum });
  }
  edges.sort((a, b) => b.importance - a.importance);
  return { baseline, edges };
}
