/**
 * The Louvain kernel alone on a generated graph shaped like bench/schema/generate-typed-kg.py's links (N nodes, M
 * edges, objects skewed towards low ids: random()^3), without SQLite: time and peak RSS.
 *   node --import tsx bench/communities/kernel-10m.ts [N=1000000] [M=9000000]
 */
import { loadavg } from 'node:os';
import { Mulberry32 } from '../../src-main/core/random/mulberry32.js';
import { csrFromEdges, louvainCsr } from '../../src-main/core/graph-overview/louvain-csr.js';

const n = Number(process.argv[2] ?? 1_000_000);
const m = Number(process.argv[3] ?? 9_000_000);
const rng = new Mulberry32(7);
const u = new Int32Array(m), v = new Int32Array(m);
let e = 0;
while (e < m) {
  const s = Math.floor(rng.next() * n), o = Math.floor(rng.next() ** 3 * n);
  if (s === o) continue;
  u[e] = s;
  v[e++] = o;
}
let t = performance.now();
const graph = csrFromEdges(n, u, v);
const csrMs = performance.now() - t;
t = performance.now();
const order = new Mulberry32(17);
let passes = 0;
const found = louvainCsr(graph, () => order.next(), () => void passes++);
const ms = performance.now() - t;
console.log(
  `${n.toLocaleString('en-US')} nodes, ${m.toLocaleString('en-US')} edges: CSR ${(csrMs / 1000).toFixed(1)} s, Louvain ${(ms / 1000).toFixed(1)} s (${found.levels} levels, ${passes} passes), ` +
    `${found.count.toLocaleString('en-US')} communities, modularity ${found.modularity.toFixed(3)}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB, load ${loadavg()[0].toFixed(1)}`,
);
