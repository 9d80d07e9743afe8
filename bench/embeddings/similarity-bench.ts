/**
 * "Similar to" over 100,000 x 200 random vectors: the similarity index (normalised rows + bounded heap)
 * against the naive reference (cosine of every row, then a full sort), same queries, same machine.
 * Run: nice -n 10 node --import tsx bench/embeddings/similarity-bench.ts [count] [width] [queries]
 */
import { buildSimilarityIndex, nearestToRow } from '../../src-main/core/embeddings/kernels/similarity-index.js';
import { createPrng } from '../../src-main/core/random/mulberry32.js';

const count = Number(process.argv[2] ?? 100_000), width = Number(process.argv[3] ?? 200), queries = Number(process.argv[4] ?? 20), k = 10;
const rng = createPrng(1);
const rows = new Float32Array(count * width);
for (let i = 0; i < rows.length; i++) rows[i] = rng.next() * 2 - 1;

function naive(id: number): number[] {
  const q = rows.subarray(id * width, (id + 1) * width);
  let nq = 0;
  for (let j = 0; j < width; j++) nq += q[j] * q[j];
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let d = 0, n = 0;
    for (let j = 0; j < width; j++) {
      d += rows[i * width + j] * q[j];
      n += rows[i * width + j] * rows[i * width + j];
    }
    scores[i] = d / Math.sqrt(n * nq);
  }
  return Array.from({ length: count }, (_, i) => i).sort((a, b) => scores[b] - scores[a]).slice(0, k);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const t0 = performance.now();
const index = buildSimilarityIndex(rows, count, width);
const buildMs = performance.now() - t0;
const fast: number[] = [], slow: number[] = [];
let agree = 0;
for (let q = 0; q < queries; q++) {
  const id = (q * 7919) % count;
  let t = performance.now();
  const got = nearestToRow(index, id, k).map((n) => n.id);
  fast.push(performance.now() - t);
  t = performance.now();
  const want = naive(id);
  slow.push(performance.now() - t);
  if (got.join() === want.join()) agree++;
}
console.log(JSON.stringify({
  date: new Date().toISOString(), count, width, k, queries, build_ms: +buildMs.toFixed(1),
  index_query_ms_median: +median(fast).toFixed(2), naive_query_ms_median: +median(slow).toFixed(2), same_top_k: `${agree}/${queries}`,
  load_average: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
}));
