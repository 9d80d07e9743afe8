/**
 * Louvain community detection (Blondel et al., "Fast unfolding of communities in large networks", 2008): local
 * moving of single nodes to the neighbouring community of best modularity gain
 *   ΔQ = k_i,in(C) − γ · Σ_tot(C) · k_i / 2m
 * until no move helps, then each community becomes one node of a smaller graph and the two phases repeat.
 * Pure kernel over typed arrays: an undirected weighted edge list on nodes 0..n-1 in, a community per node out
 * (numbered 0..c-1 by first appearance).
 */
interface Level {
  n: number;
  /** CSR adjacency: neighbours of i are adj[start[i] .. start[i+1]), with weights in weight[]. */
  start: Int32Array;
  adj: Int32Array;
  weight: Float64Array;
  /** Weight of each node's self-loop (counted once). */
  self: Float64Array;
}

function buildLevel(n: number, src: Int32Array, tgt: Int32Array, w: Float64Array): Level {
  const self = new Float64Array(n);
  const count = new Int32Array(n + 1);
  for (let e = 0; e < src.length; e++) {
    if (src[e] === tgt[e]) self[src[e]] += w[e];
    else {
      count[src[e] + 1]++;
      count[tgt[e] + 1]++;
    }
  }
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const start = Int32Array.from(count);
  const fill = Int32Array.from(count);
  const adj = new Int32Array(count[n]);
  const weight = new Float64Array(count[n]);
  for (let e = 0; e < src.length; e++) {
    const a = src[e], b = tgt[e];
    if (a === b) continue;
    adj[fill[a]] = b; weight[fill[a]++] = w[e];
    adj[fill[b]] = a; weight[fill[b]++] = w[e];
  }
  return { n, start, adj, weight, self };
}

/** One local-moving phase; returns each node's community (not renumbered) and whether anything moved. */
function localMoving(g: Level, resolution: number): { community: Int32Array; moved: boolean } {
  const { n, start, adj, weight, self } = g;
  const k = new Float64Array(n);
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    k[i] = 2 * self[i];
    for (let j = start[i]; j < start[i + 1]; j++) k[i] += weight[j];
    m2 += k[i];
  }
  const community = new Int32Array(n);
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    community[i] = i;
    tot[i] = k[i];
  }
  if (m2 === 0) return { community, moved: false };
  const linkTo = new Float64Array(n);
  const touched: number[] = [];
  let moved = false;
  for (let pass = 0; pass < 100; pass++) {
    let moves = 0;
    for (let i = 0; i < n; i++) {
      const own = community[i];
      for (let j = start[i]; j < start[i + 1]; j++) {
        const c = community[adj[j]];
        if (linkTo[c] === 0) touched.push(c);
        linkTo[c] += weight[j];
      }
      tot[own] -= k[i];
      let best = own;
      let bestGain = linkTo[own] - (resolution * tot[own] * k[i]) / m2;
      for (const c of touched) {
        const gain = linkTo[c] - (resolution * tot[c] * k[i]) / m2;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = c;
        }
      }
      tot[best] += k[i];
      if (best !== own) {
        community[i] = best;
        moves++;
      }
      for (const c of touched) linkTo[c] = 0;
      touched.length = 0;
    }
    if (moves === 0) break;
    moved = true;
  }
  return { community, moved };
}

export function louvain(n: number, src: Int32Array, tgt: Int32Array, w?: Float64Array, { resolution = 1, maxLevels = 20 } = {}): Int32Array {
  const membership = new Int32Array(n);
  for (let i = 0; i < n; i++) membership[i] = i;
  let level = buildLevel(n, src, tgt, w ?? new Float64Array(src.length).fill(1));
  for (let l = 0; l < maxLevels; l++) {
    const { community, moved } = localMoving(level, resolution);
    if (!moved) break;
    // Renumber this level's communities and fold them into the membership of the original nodes.
    const id = new Int32Array(level.n).fill(-1);
    let c = 0;
    for (let i = 0; i < level.n; i++) if (id[community[i]] < 0) id[community[i]] = c++;
    for (let i = 0; i < n; i++) membership[i] = id[community[membership[i]]];
    // Aggregate: one node per community, edge weights summed (self-loops keep the weight inside).
    const pairs = new Map<number, number>();
    const selfW = new Float64Array(c);
    for (let i = 0; i < level.n; i++) {
      const ci = id[community[i]];
      selfW[ci] += level.self[i];
      for (let j = level.start[i]; j < level.start[i + 1]; j++) {
        const cj = id[community[level.adj[j]]];
        if (level.adj[j] < i) continue; // each undirected edge once
        if (ci === cj) selfW[ci] += level.weight[j];
        else {
          const key = ci < cj ? ci * c + cj : cj * c + ci;
          pairs.set(key, (pairs.get(key) ?? 0) + level.weight[j]);
        }
      }
    }
    const es = new Int32Array(pairs.size + c), et = new Int32Array(pairs.size + c), ew = new Float64Array(pairs.size + c);
    let e = 0;
    for (const [key, weight] of pairs) {
      es[e] = Math.floor(key / c); et[e] = key % c; ew[e++] = weight;
    }
    for (let i = 0; i < c; i++) if (selfW[i] > 0) {
      es[e] = i; et[e] = i; ew[e++] = selfW[i];
    }
    level = buildLevel(c, es.subarray(0, e), et.subarray(0, e), ew.subarray(0, e));
  }
  // Renumber by first appearance.
  const id = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (!id.has(membership[i])) id.set(membership[i], id.size);
    membership[i] = id.get(membership[i])!;
  }
  return membership;
}

/** Newman's modularity Q of a partition of an undirected weighted edge list (for tests and the status line). */
export function modularity(n: number, src: Int32Array, tgt: Int32Array, community: Int32Array, w?: Float64Array): number {
  let m = 0;
  const k = new Float64Array(n);
  const inside = new Map<number, number>();
  const tot = new Map<number, number>();
  for (let e = 0; e < src.length; e++) {
    const weight = w ? w[e] : 1;
    m += weight;
    k[src[e]] += weight;
    k[tgt[e]] += weight;
    if (community[src[e]] === community[tgt[e]]) inside.set(community[src[e]], (inside.get(community[src[e]]) ?? 0) + weight);
  }
  if (m === 0) return 0;
  for (let i = 0; i < n; i++) tot.set(community[i], (tot.get(community[i]) ?? 0) + k[i]);
  let q = 0;
  for (const [c, t] of tot) q += (inside.get(c) ?? 0) / m - (t / (2 * m)) ** 2;
  return q;
}
