/**
 * k-means with k-means++ seeding (Arthur & Vassilvitskii 2007) and Lloyd iterations over dense row-major rows;
 * the best of several seeded restarts by inertia (sum of squared distances to the nearest centroid). Deterministic
 * for a seed. An emptied cluster takes the point farthest from its centroid. Cost: O(restarts · iterations · n·k·w).
 */
import { createPrng } from '../random/mulberry32.js';

export interface KMeansOptions {
  k: number;
  seed?: number;
  /** Independent k-means++ starts; the lowest inertia wins. */
  restarts?: number;
  maxIterations?: number;
}

export interface KMeansResult {
  k: number;
  /** Cluster of each row, 0..k-1. */
  assignment: Int32Array;
  /** k × width. */
  centroids: Float32Array;
  inertia: number;
  /** Lloyd iterations of the kept restart. */
  iterations: number;
}

function squaredDistance(rows: Float32Array, i: number, centroids: Float32Array, c: number, width: number): number {
  let s = 0;
  const a = i * width, b = c * width;
  for (let j = 0; j < width; j++) {
    const d = rows[a + j] - centroids[b + j];
    s += d * d;
  }
  return s;
}

/** k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest chosen. */
function seedCentroids(rows: Float32Array, count: number, width: number, k: number, next: () => number): Float32Array {
  const centroids = new Float32Array(k * width);
  const d2 = new Float64Array(count).fill(Infinity);
  const chosen = new Uint8Array(count);
  let pick = Math.min(count - 1, Math.floor(next() * count));
  for (let c = 0; c < k; c++) {
    chosen[pick] = 1;
    centroids.set(rows.subarray(pick * width, (pick + 1) * width), c * width);
    if (c === k - 1) break;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const d = squaredDistance(rows, i, centroids, c, width);
      if (d < d2[i]) d2[i] = d;
      total += d2[i];
    }
    if (total > 0) {
      let r = next() * total;
      pick = -1;
      for (let i = 0; i < count; i++) {
        r -= d2[i];
        if (r < 0 && d2[i] > 0) {
          pick = i;
          break;
        }
      }
      if (pick < 0) for (let i = count - 1; i >= 0; i--) if (d2[i] > 0) { pick = i; break; }
    } else {
      // Every row coincides with a chosen centre: take any row not chosen yet.
      const free: number[] = [];
      for (let i = 0; i < count; i++) if (!chosen[i]) free.push(i);
      pick = free[Math.min(free.length - 1, Math.floor(next() * free.length))];
    }
  }
  return centroids;
}

function lloyd(rows: Float32Array, count: number, width: number, k: number, centroids: Float32Array, maxIterations: number) {
  const assignment = new Int32Array(count).fill(-1);
  const best = new Float64Array(count);
  const sums = new Float64Array(k * width);
  const sizes = new Int32Array(k);
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    let changed = 0;
    for (let i = 0; i < count; i++) {
      const { c, d } = nearestCentroid(rows, i, centroids, k, width);
      best[i] = d;
      if (assignment[i] !== c) {
        assignment[i] = c;
        changed++;
      }
    }
    if (changed === 0 && it > 0) break;
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < count; i++) {
      const c = assignment[i];
      sizes[c]++;
      const o = i * width, p = c * width;
      for (let j = 0; j < width; j++) sums[p + j] += rows[o + j];
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        // Empty cluster: move its centre to the row farthest from its own centre.
        let far = 0;
        for (let i = 1; i < count; i++) if (best[i] > best[far]) far = i;
        centroids.set(rows.subarray(far * width, (far + 1) * width), c * width);
        best[far] = 0;
        continue;
      }
      for (let j = 0; j < width; j++) centroids[c * width + j] = sums[c * width + j] / sizes[c];
    }
  }
  // Final assignment against the final centroids.
  let inertia = 0;
  for (let i = 0; i < count; i++) {
    const { c, d } = nearestCentroid(rows, i, centroids, k, width);
    assignment[i] = c;
    inertia += d;
  }
  return { assignment, inertia, iterations };
}

export function kmeans(rows: Float32Array, count: number, width: number, options: KMeansOptions): KMeansResult {
  if (count < 1) throw new Error('k-means needs at least one row');
  if (rows.length < count * width) throw new Error(`expected ${count} × ${width} values, got ${rows.length}`);
  const k = Math.max(1, Math.min(Math.floor(options.k), count));
  const restarts = Math.max(1, options.restarts ?? 4);
  const maxIterations = Math.max(1, options.maxIterations ?? 100);
  const prng = createPrng(options.seed ?? 1);
  let kept: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const centroids = seedCentroids(rows, count, width, k, prng.next);
    const run = lloyd(rows, count, width, k, centroids, maxIterations);
    if (!kept || run.inertia < kept.inertia - 1e-9) kept = { k, centroids, ...run };
  }
  return kept!;
}

/** The centre nearest to row i (first on ties) and its squared distance. */
function nearestCentroid(rows: Float32Array, i: number, centroids: Float32Array, k: number, width: number): { c: number; d: number } {
  let c = 0, d = Infinity;
  for (let j = 0; j < k; j++) {
    const dj = squaredDistance(rows, i, centroids, j, width);
    if (dj < d) {
      d = dj;
      c = j;
    }
  }
  return { c, d };
}
