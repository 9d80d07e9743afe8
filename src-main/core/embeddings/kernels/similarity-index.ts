/**
 * Nearest entities in embedding space by cosine similarity: rows are L2-normalised once into one
 * Float32Array, then a query is one pass of dot products with a bounded min-heap of the best k
 * (O(n·w + n·log k), no sort of all n scores). 100,000 x 200: see similarity-index.test.ts.
 */
export interface SimilarityIndex {
  count: number;
  width: number;
  /** count x width, each row of unit length (zero rows stay zero). */
  unit: Float32Array;
}

export interface Neighbour {
  id: number;
  cosine: number;
}

export function buildSimilarityIndex(rows: Float32Array, count: number, width: number): SimilarityIndex {
  const unit = new Float32Array(count * width);
  for (let i = 0; i < count; i++) {
    const o = i * width;
    let s = 0;
    for (let j = 0; j < width; j++) s += rows[o + j] * rows[o + j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < width; j++) unit[o + j] = rows[o + j] * inv;
  }
  return { count, width, unit };
}

/** The k rows most similar to row `id` (the row itself included, first), best first. */
export function nearestToRow(index: SimilarityIndex, id: number, k: number): Neighbour[] {
  return nearestToVector(index, index.unit.subarray(id * index.width, (id + 1) * index.width), k);
}

/** The k rows with the highest cosine to `query`, best first (ties: lower id first). */
export function nearestToVector(index: SimilarityIndex, query: Float32Array, k: number): Neighbour[] {
  const { unit, count, width } = index;
  let norm = 0;
  for (let j = 0; j < width; j++) norm += query[j] * query[j];
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const size = Math.min(k, count);
  // Min-heap on (score, then larger id = worse) of the best `size` rows seen so far.
  const hs = new Float64Array(size), hi = new Int32Array(size);
  let n = 0;
  const worse = (a: number, b: number) => hs[a] < hs[b] || (hs[a] === hs[b] && hi[a] > hi[b]);
  const swap = (a: number, b: number) => {
    const s = hs[a], i = hi[a];
    hs[a] = hs[b]; hi[a] = hi[b]; hs[b] = s; hi[b] = i;
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < n && worse(l, m)) m = l;
      if (r < n && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let i = 0; i < count; i++) {
    const o = i * width;
    let s = 0;
    for (let j = 0; j < width; j++) s += unit[o + j] * query[j];
    s *= inv;
    if (n < size) {
      hs[n] = s; hi[n] = i;
      let c = n++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(c, p)) break;
        swap(c, p);
        c = p;
      }
    } else if (size > 0 && s > hs[0]) {
      hs[0] = s; hi[0] = i;
      siftDown(0);
    }
  }
  const out: Neighbour[] = [];
  for (let i = 0; i < n; i++) out.push({ id: hi[i], cosine: hs[i] });
  return out.sort((a, b) => b.cosine - a.cosine || a.id - b.id);
}
