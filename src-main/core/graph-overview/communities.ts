/**
 * graph.overview's communities mode: Louvain communities of the whole KG (entity–entity triples, type links left
 * out, as one undirected graph weighted by triple count) as super-nodes labelled by their best-connected member, and
 * links weighted by the triples between two communities. Seeded, so the same KG gives the same communities; cached in
 * the KG file by its content fingerprint and the filter, so a second call answers at once.
 */
import { UndirectedGraph } from 'graphology';
import louvainModule, { type DetailedLouvainOutput, type LouvainOptions } from 'graphology-communities-louvain';
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

// A CommonJS package whose types declare an ES default export: depending on the resolution the default import is
// module.exports itself or holds it under `default`.
type Louvain = { detailed(graph: UndirectedGraph<Record<string, never>, { weight: number }>, options: LouvainOptions): DetailedLouvainOutput };
const louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? louvainModule) as unknown as Louvain;

/** The seed of Louvain's random choices: fixed, so an unchanged KG always gets the same partition. */
export const COMMUNITIES_SEED = 17;
const TOP_MEMBERS = 5;
const TOP_TYPES = 3;
const TOP_PREDICATES = 3;

type Computed = Omit<CommunityOverview, 'seconds' | 'cached'>;

function topCounts<K>(counts: Map<K, number>, n: number): Array<[K, number]> {
  return [...counts].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).slice(0, n);
}

/** Louvain's partition of the KG's entity–entity graph: each entity's community (0 = largest) and its degree. */
export interface Partition {
  /** Members of each community, by id ascending; communities largest first (then by smallest member id). */
  members: number[][];
  communityOf: Map<number, number>;
  degree: Map<number, number>;
  /** Every entity–entity triple read, as [subject, object, predicate id]. */
  triples: Array<[number, number, number]>;
  modularity: number;
}

/** The partition (seeded, so the same KG and filter give the same one). The filter's types are not applied. */
export function findCommunities(store: KgStore, filter: SliceFilter = {}, options: RunOptions = {}): Partition {
  throwIfCancelled(options.signal);
  const progress = throttleProgress(options.onProgress);
  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>({ allowSelfLoops: false });
  const degree = new Map<number, number>();
  const triples: Array<[number, number, number]> = [];
  forEachEntityTriple(store, filter, (s, o, p) => {
    triples.push([s, o, p]);
    for (const id of s === o ? [s] : [s, o]) {
      degree.set(id, (degree.get(id) ?? 0) + 1);
      graph.mergeNode(String(id));
    }
    if (s !== o) graph.updateEdge(String(s), String(o), (a) => ({ weight: (a.weight ?? 0) + 1 }));
    if (triples.length % 100_000 === 0) {
      throwIfCancelled(options.signal);
      progress({ phase: 'reading triples', done: triples.length, unit: 'triples' });
    }
  });
  throwIfCancelled(options.signal);
  progress({ phase: 'finding communities', done: 0, total: 1, unit: 'items' });
  const rng = new Mulberry32(COMMUNITIES_SEED);
  const detailed: { communities: Record<string, number>; modularity: number } =
    graph.order > 0 ? louvain.detailed(graph, { getEdgeWeight: 'weight', rng: () => rng.next() }) : { communities: {}, modularity: 0 };
  throwIfCancelled(options.signal);
  progress({ phase: 'finding communities', done: 1, total: 1, unit: 'items' });
  // Louvain's community numbers, renumbered by size.
  const byLouvain = new Map<number, number[]>();
  graph.forEachNode((key) => {
    const c = detailed.communities[key];
    const list = byLouvain.get(c) ?? [];
    list.push(Number(key));
    byLouvain.set(c, list);
  });
  const members = [...byLouvain.values()].map((ids) => ids.sort((a, b) => a - b)).sort((a, b) => b.length - a.length || a[0] - b[0]);
  const communityOf = new Map<number, number>();
  members.forEach((ids, c) => ids.forEach((id) => communityOf.set(id, c)));
  return { members, communityOf, degree, triples, modularity: detailed.modularity };
}

/** Computes the overview now (no cache). */
export function computeCommunities(store: KgStore, filter: SliceFilter = {}, options: RunOptions = {}): Computed {
  const { members: ordered, communityOf, degree: degrees, triples, modularity } = findCommunities(store, filter, options);
  const degree = (id: number): number => degrees.get(id) ?? 0;
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
    if (communityOf.size <= MEMBER_IDS_MAX) community.members = ids;
    return community;
  });

  const pairs = new Map<string, { from: number; to: number; weight: number; predicates: Map<number, number> }>();
  for (const [s, o, p] of triples) {
    const a = communityOf.get(s)!, b = communityOf.get(o)!;
    if (a === b) continue;
    const [from, to] = a < b ? [a, b] : [b, a];
    const k = `${from}|${to}`;
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
  return { mode: 'communities', communities, links, entities: communityOf.size, triples: triples.length, modularity };
}

/** The overview, from the KG file's cache when neither the KG nor the filter changed since; else computed and stored. */
export function communityOverview(store: KgStore, input: { filter?: SliceFilter; refresh?: boolean } = {}, options: RunOptions = {}): CommunityOverview {
  const started = performance.now();
  const filter = input.filter ?? {};
  const key = communitiesCacheKey(store, filter);
  const cached = input.refresh ? null : cachedCommunities<Computed>(store, key);
  if (cached) return { ...cached, seconds: (performance.now() - started) / 1000, cached: true };
  const computed = computeCommunities(store, filter, options);
  storeCommunities(store, key, computed);
  return { ...computed, seconds: (performance.now() - started) / 1000, cached: false };
}
