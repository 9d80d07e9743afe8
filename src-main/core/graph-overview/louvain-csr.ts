/**
 * Louvain community detection (Blondel, Guillaume, Lambiotte, Lefebvre 2008) over a weighted undirected graph in
 * compressed sparse rows: typed arrays only, so a 10M-edge KG fits in a few hundred MB where an object graph needs GBs.
 *
 * Modularity Q = Σ_c [ in_c / 2m − (tot_c / 2m)² ], with in_c the adjacency weight inside community c (each edge
 * counted from both ends) and tot_c the summed weighted degree of its nodes. Moving node i from its community into c
 * gains in proportion to  w_ic − tot_c · k_i / 2m  (w_ic: i's edge weight into c, k_i: i's weighted degree, tot_c
 * without i), so each local move takes the best neighbouring community by that score (its own unless another is
 * strictly better). Passes over the nodes in a seeded random order repeat until a pass gains less than MIN_PASS_GAIN
 * in modularity; then each community becomes one node (internal weight as a self loop) and the same is done on that
 * graph, until a level moves nothing.
 */

/** An undirected graph: node i's neighbours are targets[offsets[i] .. offsets[i+1]) (every edge listed from both ends). */
export interface CsrGraph {
  offsets: Int32Array;
  targets: Int32Array;
  /** Edge weights, parallel to targets; absent means 1 for every edge. Self loops (i → i) count once per entry. */
  weights?: Float64Array;
}

export interface LouvainResult {
  /** Each node's community, numbered 0, 1, … in order of each community's smallest node. */
  community: Int32Array;
  count: number;
  modularity: number;
  levels: number;
}

/** Called between passes; throwing from it (a cancel) stops the run. */
export type LouvainStep = (info: { level: number; pass: number; moved: number }) => void;

const MAX_PASSES = 100;
/** A pass that raises modularity by less than this ends the level's local moving (on large sparse graphs the last
 *  passes shuffle a few nodes between near-equal communities for little gain). */
const MIN_PASS_GAIN = 1e-6;

/** Builds the CSR of an undirected multigraph from its edge list (u[e], v[e]), u ≠ v; parallel edges stay separate. */
export function csrFromEdges(n: number, u: Int32Array, v: Int32Array, edges = u.length): CsrGraph {
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < edges; e++) {
    offsets[u[e] + 1]++;
    offsets[v[e] + 1]++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  for (let e = 0; e < edges; e++) {
    targets[fill[u[e]]++] = v[e];
    targets[fill[v[e]]++] = u[e];
  }
  return { offsets, targets };
}

/** One level's local moving: improves `community` (one label per node, initially any) in place; returns nodes moved. */
function localMoves(g: CsrGraph, k: Float64Array, m2: number, community: Int32Array, order: Int32Array, step: (pass: number, moved: number) => void): number {
  const n = k.length;
  const tot = new Float64Array(n);
  for (let i = 0; i < n; i++) tot[community[i]] += k[i];
  const weightTo = new Float64Array(n);
  const touched = new Int32Array(n);
  const { offsets, targets, weights } = g;
  let movedAny = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let moved = 0;
    let gained = 0;
    for (let oi = 0; oi < n; oi++) {
      const i = order[oi];
      const own = community[i];
      let nTouched = 0;
      weightTo[own] = 0;
      touched[nTouched++] = own;
      for (let e = offsets[i]; e < offsets[i + 1]; e++) {
        const j = targets[e];
        if (j === i) continue;
        const c = community[j];
        if (weightTo[c] === 0 && c !== own) touched[nTouched++] = c;
        weightTo[c] += weights ? weights[e] : 1;
      }
      const ki = k[i];
      tot[own] -= ki;
      let best = own;
      const ownGain = weightTo[own] - (tot[own] * ki) / m2;
      let bestGain = ownGain;
      for (let t = 1; t < nTouched; t++) {
        const c = touched[t];
        const gain = weightTo[c] - (tot[c] * ki) / m2;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = c;
        }
      }
      tot[best] += ki;
      if (best !== own) {
        community[i] = best;
        moved++;
        gained += ((bestGain - ownGain) * 2) / m2;
      }
      for (let t = 0; t < nTouched; t++) weightTo[touched[t]] = 0;
    }
    step(pass, moved);
    movedAny += moved;
    if (moved === 0 || gained < MIN_PASS_GAIN) break;
  }
  return movedAny;
}

/** Renumbers labels 0, 1, … in order of first appearance by node; returns the count. */
function renumber(labels: Int32Array): number {
  const map = new Int32Array(labels.length).fill(-1);
  let next = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (map[l] < 0) map[l] = next++;
    labels[i] = map[l];
  }
  return next;
}

/** The graph with each community as one node: weights summed, inside weight kept as a self loop. */
function aggregate(g: CsrGraph, community: Int32Array, count: number): CsrGraph {
  const n = community.length;
  // Nodes grouped by community (counting sort).
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[community[i] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = start.slice(0, count);
  const byCommunity = new Int32Array(n);
  for (let i = 0; i < n; i++) byCommunity[fill[community[i]]++] = i;

  const acc = new Float64Array(count);
  const seen = new Uint8Array(count);
  const touched = new Int32Array(count);
  const offsets = new Int32Array(count + 1);
  let targets = new Int32Array(Math.max(16, count * 4));
  let weights = new Float64Array(targets.length);
  let size = 0;
  for (let c = 0; c < count; c++) {
    let nTouched = 0;
    for (let x = start[c]; x < start[c + 1]; x++) {
      const i = byCommunity[x];
      for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) {
        const d = community[g.targets[e]];
        if (!seen[d]) {
          seen[d] = 1;
          touched[nTouched++] = d;
        }
        acc[d] += g.weights ? g.weights[e] : 1;
      }
    }
    if (size + nTouched > targets.length) {
      const grown = Math.max(targets.length * 2, size + nTouched);
      const t2 = new Int32Array(grown);
      t2.set(targets.subarray(0, size));
      const w2 = new Float64Array(grown);
      w2.set(weights.subarray(0, size));
      targets = t2;
      weights = w2;
    }
    touched.subarray(0, nTouched).sort();
    for (let t = 0; t < nTouched; t++) {
      const d = touched[t];
      targets[size] = d;
      weights[size++] = acc[d];
      acc[d] = 0;
      seen[d] = 0;
    }
    offsets[c + 1] = size;
  }
  return { offsets, targets: targets.slice(0, size), weights: weights.slice(0, size) };
}

/** Weighted degree of each node (a self loop counted once per adjacency entry). */
function degrees(g: CsrGraph): Float64Array {
  const n = g.offsets.length - 1;
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!g.weights) k[i] = g.offsets[i + 1] - g.offsets[i];
    else for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) k[i] += g.weights[e];
  }
  return k;
}

/** Modularity of a partition of `g` (see the header). */
export function modularityOf(g: CsrGraph, community: Int32Array, count: number): number {
  const k = degrees(g);
  const n = k.length;
  let m2 = 0;
  for (let i = 0; i < n; i++) m2 += k[i];
  if (m2 === 0) return 0;
  const inside = new Float64Array(count);
  const tot = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    tot[community[i]] += k[i];
    for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) if (community[g.targets[e]] === community[i]) inside[community[i]] += g.weights ? g.weights[e] : 1;
  }
  let q = 0;
  for (let c = 0; c < count; c++) q += inside[c] / m2 - (tot[c] / m2) ** 2;
  return q;
}

/** Louvain's partition of `graph`; `random` (seeded by the caller) shuffles the order nodes are visited in. */
export function louvainCsr(graph: CsrGraph, random: () => number, onStep: LouvainStep = () => {}): LouvainResult {
  const n = graph.offsets.length - 1;
  const result = new Int32Array(n);
  for (let i = 0; i < n; i++) result[i] = i;
  let g = graph;
  let levels = 0;
  for (let level = 0; ; level++) {
    const size = g.offsets.length - 1;
    const k = degrees(g);
    let m2 = 0;
    for (let i = 0; i < size; i++) m2 += k[i];
    if (m2 === 0) break;
    const community = new Int32Array(size);
    for (let i = 0; i < size; i++) community[i] = i;
    const order = new Int32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    const moved = localMoves(g, k, m2, community, order, (pass, m) => onStep({ level, pass, moved: m }));
    if (moved === 0) break;
    levels++;
    const count = renumber(community);
    for (let i = 0; i < n; i++) result[i] = community[result[i]];
    if (count === size) break;
    g = aggregate(g, community, count);
  }
  const count = renumber(result);
  return { community: result, count, modularity: modularityOf(graph, result, count), levels };
}
