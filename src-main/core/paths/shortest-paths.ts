import type { PathResult, PathStep, TripleView } from '../../contract/types.js';
import { getTriple } from '../store/kg-queries.js';
import type { KgStore } from '../store/kg-store.js';
import { degreeOf, entityIdByKey, predicateIdsByKeys, predicateRows } from '../store/kg-lookup.js';
import { linkReader } from '../store/relation-walks.js';

/** The RDF, RDFS and OWL vocabularies (rdf:type, rdfs:subClassOf, owl:sameAs, ...). */
const SCHEMA_NAMESPACES = ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'http://www.w3.org/2000/01/rdf-schema#', 'http://www.w3.org/2002/07/owl#'];

/** The path finders read the KG through `db` only, so a bare connection (`{ db }`) will do. */
export type PathStore = Pick<KgStore, 'db'>;

export interface PathOptions {
  maxHops?: number;
  /** Only walk triples with these predicate keys. */
  predicates?: string[];
  /** Most paths returned (all shortest paths can be exponentially many). */
  limit?: number;
  /** Stop exploring after this many entities (keeps a query on a huge KG bounded). */
  maxVisited?: number;
  /**
   * Do not walk through an entity with more than this many triples (in + out, e.g. a `male` entity every person
   * points to); the start is always walked from, and a hub can still end a path. Default: no limit.
   */
  hubDegree?: number;
  /** Walk derived (materialised) triples; default true. */
  includeDerived?: boolean;
  /** Walk type links (rdf:type, `type`, `rdf:type`) even when `predicates` is not given; default false. */
  typeLinks?: boolean;
  /** Leave out every rdf:, rdfs: and owl: predicate (full IRIs), even ones named in `predicates`; default false. */
  excludeSchemaNamespaces?: boolean;
}

interface Link {
  triple: number;
  from: number;
  reversed: boolean;
}

interface Walker {
  /** The triples to walk from `node`: outgoing (entity-valued) first, then incoming. */
  links(node: number): Array<{ id: number; other: number; reversed: boolean }>;
  /** False when `node` is a hub that must not be walked through. */
  passable(node: number): boolean;
  triple(id: number): TripleView;
}

/** The filters the options ask for, or null when `predicates` names no known predicate (nothing can be walked). */
function walker(store: PathStore, options: PathOptions): Walker | null {
  const db = store.db;
  let predicates: number[] | undefined;
  if (options.predicates?.length) {
    predicates = predicateIdsByKeys(db, options.predicates);
    if (predicates.length === 0) return null;
  }
  const excludePredicates = options.excludeSchemaNamespaces
    ? predicateRows(db).filter((p) => SCHEMA_NAMESPACES.some((ns) => p.key.startsWith(ns))).map((p) => p.id)
    : [];
  // Unless asked for, type links are not walked: any two people would be two hops apart through "Person".
  const reader = linkReader(db, { predicates, excludePredicates, excludeTypeLinks: !options.typeLinks, storedOnly: options.includeDerived === false });
  const hubDegree = options.hubDegree;
  return {
    links: (node) => [
      ...reader.outgoing(node).map((r) => ({ ...r, reversed: false })),
      ...reader.incoming(node).map((r) => ({ ...r, reversed: true })),
    ],
    passable: (node) => hubDegree === undefined || degreeOf(db, node) <= hubDegree,
    // getTriple reads only `store.db`.
    triple: (id) => getTriple(store as KgStore, id)!,
  };
}

const entityId = (store: PathStore, key: string): number => {
  const id = entityIdByKey(store.db, key);
  if (id === undefined) throw new Error(`no entity with key "${key}"`);
  return id;
};

/**
 * All shortest paths between two entities (not through type links, unless `predicates` names them), walking triples in either direction (breadth-first, layer by layer, so
 * every path found has the minimal number of hops). Literal-valued triples are never walked. Paths come in a fixed
 * order: the target's parent links in the order they were found (outgoing before incoming), walked back to the start.
 */
export function shortestPaths(store: PathStore, fromKey: string, toKey: string, options: PathOptions = {}): PathResult {
  const maxHops = options.maxHops ?? 4;
  const limit = options.limit ?? 20;
  const maxVisited = options.maxVisited ?? 200_000;
  const from = entityId(store, fromKey);
  const to = entityId(store, toKey);
  if (from === to) return { from: fromKey, to: toKey, paths: [], hops: 0 };
  const walk = walker(store, options);
  if (!walk) return { from: fromKey, to: toKey, paths: [], hops: null };

  // parents[node] = the links that reach node from the previous layer (only links of minimal depth are kept).
  const depth = new Map<number, number>([[from, 0]]);
  const parents = new Map<number, Link[]>();
  let frontier = [from];
  let found = false;
  for (let hop = 1; hop <= maxHops && frontier.length > 0 && !found; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      if (node !== from && !walk.passable(node)) continue;
      for (const { id, other, reversed } of walk.links(node)) {
        const d = depth.get(other);
        if (d === undefined) {
          if (depth.size >= maxVisited) continue;
          depth.set(other, hop);
          next.push(other);
        } else if (d !== hop) continue;
        let list = parents.get(other);
        if (!list) parents.set(other, (list = []));
        list.push({ triple: id, from: node, reversed });
        if (other === to) found = true;
      }
    }
    frontier = next;
  }
  if (!found) return { from: fromKey, to: toKey, paths: [], hops: null };

  const chains: Link[][] = [];
  const back = (node: number, suffix: Link[]): void => {
    if (chains.length >= limit) return;
    if (node === from) {
      chains.push(suffix);
      return;
    }
    for (const link of parents.get(node) ?? []) back(link.from, [link, ...suffix]);
  };
  back(to, []);
  const paths: PathStep[][] = chains.map((chain) => chain.map((l) => ({ triple: walk.triple(l.triple), reversed: l.reversed })));
  return { from: fromKey, to: toKey, paths, hops: depth.get(to) ?? null };
}

/**
 * All simple paths (no entity twice) between two entities of at most `maxHops` triples, walking triples in either
 * direction (type links only when `predicates` names them), shortest first; bounded by `limit` paths and by
 * `maxVisited` expansions so that a query on a dense KG stays bounded.
 */
export function allSimplePaths(store: PathStore, fromKey: string, toKey: string, options: PathOptions = {}): PathResult {
  const maxHops = options.maxHops ?? 3;
  const limit = options.limit ?? 50;
  const budget = options.maxVisited ?? 200_000;
  const from = entityId(store, fromKey);
  const to = entityId(store, toKey);
  const walk = walker(store, options);
  if (!walk) return { from: fromKey, to: toKey, paths: [], hops: null };
  const found: Link[][] = [];
  let expansions = 0;
  const onPath = new Set<number>([from]);
  const dfs = (node: number, chain: Link[]): void => {
    if (found.length >= limit * 4 || expansions++ > budget) return;
    if (chain.length >= maxHops) return;
    if (node !== from && !walk.passable(node)) return;
    for (const { id, other, reversed } of walk.links(node)) {
      if (onPath.has(other)) continue;
      const next = [...chain, { triple: id, from: node, reversed }];
      if (other === to) {
        found.push(next);
        continue;
      }
      onPath.add(other);
      dfs(other, next);
      onPath.delete(other);
    }
  };
  if (from !== to) dfs(from, []);
  found.sort((a, b) => a.length - b.length);
  const paths = found.slice(0, limit).map((chain) => chain.map((l) => ({ triple: walk.triple(l.triple), reversed: l.reversed })));
  return { from: fromKey, to: toKey, paths, hops: paths.length ? paths[0].length : null };
}
