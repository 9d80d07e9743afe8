/**
 * graph.overview's communities mode: Louvain communities of the whole KG (entity–entity triples, type links left
 * out, as one undirected graph weighted by triple count) as super-nodes labelled by their best-connected member, and
 * links weighted by the triples between two communities. Seeded, so the same KG gives the same communities; cached in
 * the KG file by its content fingerprint and the filter, so a second call answers at once. The triples are held as
 * typed arrays and the graph as CSR (louvain-csr.ts), about 40 bytes per triple, so a 10M-triple KG fits.
 */
import { MEMBER_IDS_MAX, type Community, type CommunityLink, type CommunityOverview } from '../../contract/community-types.js';
import type { SliceFilter } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import {
  cachedCommunities,
  communitiesCacheKey,
  entityNames,
  entityTypes,
  forEachEntityTriple,
  predicateKeys,
  storeCommunities,
} from '../store/community-reads.js';
import { Mulberry32 } from '../random/mulberry32.js';
import type { RunOptions } from '../run/run-options.js';
import { throwIfCancelled } from '../run/cancelled-error.js';
import { throttleProgress } from '../run/throttle-progress.js';
import { csrFromEdges, louvainCsr } from './louvain-csr.js';

/** The seed of Louvain's random choices: fixed, so an unchanged KG always gets the same partition. */
export const COMMUNITIES_SEED = 17;
const TOP_MEMBERS = 5;
const TOP_TYPES = 3;
const TOP_PREDICATES = 3;

export type ComputedCommunities = Omit<CommunityOverview, 'seconds' | 'cached'>;

function topCounts<K>(counts: Map<K, number>, n: number): Array<[K, number]> {
  return [...counts].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).slice(0, n);
}

/** Entity–entity triples as parallel columns (entity ids and predicate id), in the order read. */
export interface TripleColumns {
  s: Int32Array;
  o: Int32Array;
  p: Int32Array;
  length: number;
}

/** Louvain's partition of the KG's entity–entity graph. Nodes are the entities with a triple, by id ascending. */
export interface Partition {
  /** Member entity ids of each community, ascending; communities largest first (then by smallest member id). */
  members: number[][];
  /** The entity id of each node. */
  entityIds: Int32Array;
  /** Each node's community (an index into members). */
  communityOfNode: Int32Array;
  /** The node of each entity id (up to the largest id read), -1 for an entity without triples. */
  nodeOf: Int32Array;
  /** Triples each node is in (a self loop once). */
  degree: Int32Array;
  triples: TripleColumns;
  modularity: number;
}

/** The community of an entity, or undefined when it has no entity–entity triple. */
export function communityOfEntity(partition: Partition, id: number): number | undefined {
  const node = id < partition.nodeOf.length ? partition.nodeOf[id] : -1;
  return node < 0 ? undefined : partition.communityOfNode[node];
}

function readTriples(store: KgStore, filter: SliceFilter, options: RunOptions, progress: NonNullable<RunOptions['onProgress']>): TripleColumns {
  let s = new Int32Array(1 << 16),
    o = new Int32Array(1 << 16),
    p = new Int32Array(1 << 16);
  let length = 0;
  forEachEntityTriple(store, filter, (ts, to, tp) => {
    if (length === s.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      s = grow(s);
      o = grow(o);
      p = grow(p);
    }
    s[length] = ts;
    o[length] = to;
    p[length++] = tp;
    if (length % 100_000 === 0) {
      throwIfCancelled(options.signal);
      progress({ phase: 'reading triples', done: length, unit: 'triples' });
    }
  });
  return { s: s.slice(0, length), o: o.slice(0, length), p: p.slice(0, length), length };
}

/** The partition (seeded, so the same KG and filter give the same one). The filter's types are not applied. */
export function findCommunities(store: KgStore, filter: SliceFilter = {}, options: RunOptions = {}): Partition {
  throwIfCancelled(options.signal);
  const progress = throttleProgress(options.onProgress);
  const triples = readTriples(store, filter, options, progress);
  throwIfCancelled(options.signal);
  const { s, o, length } = triples;
  let maxId = 0;
  for (let t = 0; t < length; t++) maxId = Math.max(maxId, s[t], o[t]);
  const nodeOf = new Int32Array(length ? maxId + 1 : 0).fill(-1);
  for (let t = 0; t < length; t++) nodeOf[s[t]] = nodeOf[o[t]] = 0;
  let n = 0;
  for (let id = 0; id < nodeOf.length; id++) if (nodeOf[id] === 0) nodeOf[id] = n++;
  const entityIds = new Int32Array(n);
  for (let id = 0; id < nodeOf.length; id++) if (nodeOf[id] >= 0) entityIds[nodeOf[id]] = id;
  const degree = new Int32Array(n);
  let edges = 0;
  for (let t = 0; t < length; t++) {
    degree[nodeOf[s[t]]]++;
    if (s[t] !== o[t]) {
      degree[nodeOf[o[t]]]++;
      edges++;
    }
  }
  const u = new Int32Array(edges), v = new Int32Array(edges);
  for (let t = 0, e = 0; t < length; t++) {
    if (s[t] === o[t]) continue;
    u[e] = nodeOf[s[t]];
    v[e++] = nodeOf[o[t]];
  }
  const graph = csrFromEdges(n, u, v);
  progress({ phase: 'finding communities', done: 0, unit: 'items' });
  const rng = new Mulberry32(COMMUNITIES_SEED);
  let passes = 0;
  const found = louvainCsr(graph, () => rng.next(), () => {
    throwIfCancelled(options.signal);
    progress({ phase: 'finding communities', done: ++passes, unit: 'items' });
  });
  throwIfCancelled(options.signal);
  // Louvain's communities, renumbered by size (then smallest member id: nodes are in id order).
  const byLouvain: number[][] = Array.from({ length: found.count }, () => []);
  for (let i = 0; i < n; i++) byLouvain[found.community[i]].push(entityIds[i]);
  const members = byLouvain.sort((a, b) => b.length - a.length || a[0] - b[0]);
  const communityOfNode = new Int32Array(n);
  members.forEach((ids, c) => {
    for (const id of ids) communityOfNode[nodeOf[id]] = c;
  });
  return { members, entityIds, communityOfNode, nodeOf, degree, triples, modularity: found.modularity };
}

/** Computes the overview now (no cache). */
export function computeCommunities(store: KgStore, filter: SliceFilter = {}, options: RunOptions = {}): ComputedCommunities {
  const partition = findCommunities(store, filter, options);
  const { members: ordered, nodeOf, communityOfNode, triples, modularity } = partition;
  const degree = (id: number): number => partition.degree[nodeOf[id]];
  const tops = ordered.map((ids) => [...ids].sort((a, b) => degree(b) - degree(a) || a - b).slice(0, TOP_MEMBERS));
  const names = entityNames(store, tops.flat());
  const types = entityTypes(store);
  const communities: Community[] = ordered.map((ids, c) => {
    const top = tops[c].map((id) => ({ key: names.get(id)?.key ?? String(id), label: names.get(id)?.label ?? String(id), degree: degree(id) }));
    const typeCounts = new Map<string, number>();
    for (const id of ids) {
      const t = types.get(id);
      if (t !== undefined) typeCounts.set(t, (typeCounts.get(t) ?? 0) + 1);
    }
    const community: Community = { id: c, size: ids.length, label: top[0].label, top };
    if (typeCounts.size) community.types = topCounts(typeCounts, TOP_TYPES).map(([type, count]) => ({ type, count }));
    if (partition.entityIds.length <= MEMBER_IDS_MAX) community.members = ids;
    return community;
  });

  const pairs = new Map<number, { from: number; to: number; weight: number; predicates: Map<number, number> }>();
  const count = ordered.length;
  for (let t = 0; t < triples.length; t++) {
    const a = communityOfNode[nodeOf[triples.s[t]]], b = communityOfNode[nodeOf[triples.o[t]]];
    if (a === b) continue;
    const [from, to] = a < b ? [a, b] : [b, a];
    const k = from * count + to;
    const p = triples.p[t];
    let pair = pairs.get(k);
    if (!pair) pairs.set(k, (pair = { from, to, weight: 0, predicates: new Map() }));
    pair.weight++;
    pair.predicates.set(p, (pair.predicates.get(p) ?? 0) + 1);
  }
  const predicates = predicateKeys(store);
  const links: CommunityLink[] = [...pairs.values()]
    .sort((a, b) => b.weight - a.weight || a.from - b.from || a.to - b.to)
    .map((l) => ({
      from: l.from,
      to: l.to,
      weight: l.weight,
      predicates: topCounts(l.predicates, TOP_PREDICATES).map(([p, count]) => ({ predicate: predicates.get(p) ?? String(p), count })),
    }));
  return { mode: 'communities', communities, links, entities: partition.entityIds.length, triples: triples.length, modularity };
}

/** The overview, from the KG file's cache when neither the KG nor the filter changed since; else computed and stored. */
export function communityOverview(store: KgStore, input: { filter?: SliceFilter; refresh?: boolean } = {}, options: RunOptions = {}): CommunityOverview {
  const started = performance.now();
  const filter = input.filter ?? {};
  const key = communitiesCacheKey(store, filter);
  const cached = input.refresh ? null : cachedCommunities<ComputedCommunities>(store, key);
  if (cached) return { ...cached, seconds: (performance.now() - started) / 1000, cached: true };
  const computed = computeCommunities(store, filter, options);
  storeCommunities(store, key, computed);
  return { ...computed, seconds: (performance.now() - started) / 1000, cached: false };
}
