import type { GraphSlice } from '../../../src-main/contract/types';

/**
 * Pure operations on the slice the view holds: the graph on screen is built up by expanding nodes one hop at a
 * time, so it is a union of server slices, trimmed to what the renderer may hold.
 */

/** The union of two slices (nodes by id, edges by triple id); `extra`'s node data wins, being fresher. */
export function mergeSlices(base: GraphSlice, extra: GraphSlice): GraphSlice {
  const nodes = new Map(base.nodes.map((n) => [n.id, n]));
  for (const n of extra.nodes) nodes.set(n.id, n);
  const edges = new Map(base.edges.map((e) => [e.id, e]));
  for (const e of extra.edges) edges.set(e.id, e);
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].filter((e) => nodes.has(e.source) && nodes.has(e.target)),
    truncated: base.truncated || extra.truncated,
    totalEntities: Math.max(base.totalEntities, extra.totalEntities),
  };
}

/** The slice without the given entities (by key) and their edges. */
export function dropNodes(slice: GraphSlice, keys: Set<string>): GraphSlice {
  const nodes = slice.nodes.filter((n) => !keys.has(n.key));
  const ids = new Set(nodes.map((n) => n.id));
  return { ...slice, nodes, edges: slice.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
}

/**
 * What collapsing a node removes: its neighbours that hang on it alone (no other neighbour in the slice), except
 * the pinned ones (the focus, the selection).
 */
export function collapsibleNeighbours(slice: GraphSlice, key: string, pinned: Set<string>): Set<string> {
  const idOf = new Map(slice.nodes.map((n) => [n.key, n.id]));
  const keyOf = new Map(slice.nodes.map((n) => [n.id, n.key]));
  const centre = idOf.get(key);
  const removed = new Set<string>();
  if (centre === undefined) return removed;
  const neighbours = new Map<number, Set<number>>();
  for (const e of slice.edges) {
    if (e.source === e.target) continue;
    if (!neighbours.has(e.source)) neighbours.set(e.source, new Set());
    if (!neighbours.has(e.target)) neighbours.set(e.target, new Set());
    neighbours.get(e.source)!.add(e.target);
    neighbours.get(e.target)!.add(e.source);
  }
  for (const n of neighbours.get(centre) ?? []) {
    const k = keyOf.get(n)!;
    if (pinned.has(k)) continue;
    const others = [...(neighbours.get(n) ?? [])].filter((m) => m !== centre);
    if (others.length === 0) removed.add(k);
  }
  return removed;
}

/**
 * Keeps at most `maxNodes` entities: the kept ones first, then by degree. Returns the trimmed slice and how many
 * entities were dropped, so the view can say so.
 */
export function capSlice(slice: GraphSlice, maxNodes: number, keep: Set<string>): { slice: GraphSlice; dropped: number } {
  if (slice.nodes.length <= maxNodes) return { slice, dropped: 0 };
  const ranked = [...slice.nodes].sort((a, b) => Number(keep.has(b.key)) - Number(keep.has(a.key)) || b.degree - a.degree || a.id - b.id);
  const kept = ranked.slice(0, maxNodes);
  const ids = new Set(kept.map((n) => n.id));
  return {
    slice: { ...slice, nodes: kept, edges: slice.edges.filter((e) => ids.has(e.source) && ids.has(e.target)), truncated: true },
    dropped: slice.nodes.length - kept.length,
  };
}
