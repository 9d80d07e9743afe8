import type { PathResult, PathStep } from '../../contract/types.js';
import { entityByKey, getTriple } from '../store/kg-queries.js';
import type { KgStore } from '../store/kg-store.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export interface PathOptions {
  maxHops?: number;
  /** Only walk triples with these predicate keys. */
  predicates?: string[];
  /** Most paths returned (all shortest paths can be exponentially many). */
  limit?: number;
  /** Stop exploring after this many entities (keeps a query on a huge KG bounded). */
  maxVisited?: number;
}

interface Link {
  triple: number;
  from: number;
  reversed: boolean;
}

/**
 * All shortest paths between two entities (not through type links, unless `predicates` names them), walking triples in either direction (breadth-first, layer by layer, so
 * every path found has the minimal number of hops). Literal-valued triples are never walked.
 */
export function shortestPaths(store: KgStore, fromKey: string, toKey: string, options: PathOptions = {}): PathResult {
  const maxHops = options.maxHops ?? 4;
  const limit = options.limit ?? 20;
  const maxVisited = options.maxVisited ?? 200_000;
  const from = entityByKey(store, fromKey);
  const to = entityByKey(store, toKey);
  if (!from) throw new Error(`no entity with key "${fromKey}"`);
  if (!to) throw new Error(`no entity with key "${toKey}"`);
  if (from.id === to.id) return { from: fromKey, to: toKey, paths: [], hops: 0 };

  // Unless asked for, type links are not walked: any two people would be two hops apart through "Person".
  let predicateFilter = ` AND p NOT IN (SELECT id FROM predicates WHERE key IN ('${RDF_TYPE}', 'type', 'rdf:type'))`;
  const params: number[] = [];
  if (options.predicates?.length) {
    const ids = options.predicates.map((k) => store.db.prepare('SELECT id FROM predicates WHERE key = ?').pluck().get(k) as number | undefined);
    const known = ids.filter((id): id is number => id !== undefined);
    if (known.length === 0) return { from: fromKey, to: toKey, paths: [], hops: null };
    predicateFilter = ` AND p IN (${known.map(() => '?').join(',')})`;
    params.push(...known);
  }
  const outgoing = store.db.prepare(`SELECT id, o AS other FROM triples WHERE s = ? AND o > 0${predicateFilter}`);
  const incoming = store.db.prepare(`SELECT id, s AS other FROM triples WHERE o = ?${predicateFilter}`);

  // parents[node] = the links that reach node from the previous layer (only links of minimal depth are kept).
  const depth = new Map<number, number>([[from.id, 0]]);
  const parents = new Map<number, Link[]>();
  let frontier = [from.id];
  let found = false;
  for (let hop = 1; hop <= maxHops && frontier.length > 0 && !found; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      const links = [
        ...(outgoing.all(node, ...params) as Array<{ id: number; other: number }>).map((r) => ({ ...r, reversed: false })),
        ...(incoming.all(node, ...params) as Array<{ id: number; other: number }>).map((r) => ({ ...r, reversed: true })),
      ];
      for (const { id, other, reversed } of links) {
        const d = depth.get(other);
        if (d === undefined) {
          if (depth.size >= maxVisited) continue;
          depth.set(other, hop);
          next.push(other);
        } else if (d !== hop) continue;
        let list = parents.get(other);
        if (!list) parents.set(other, (list = []));
        list.push({ triple: id, from: node, reversed });
        if (other === to.id) found = true;
      }
    }
    frontier = next;
  }
  if (!found) return { from: fromKey, to: toKey, paths: [], hops: null };

  const chains: Link[][] = [];
  const walk = (node: number, suffix: Link[]): void => {
    if (chains.length >= limit) return;
    if (node === from.id) {
      chains.push(suffix);
      return;
    }
    for (const link of parents.get(node) ?? []) walk(link.from, [link, ...suffix]);
  };
  walk(to.id, []);
  const paths: PathStep[][] = chains.map((chain) => chain.map((l) => ({ triple: getTriple(store, l.triple)!, reversed: l.reversed })));
  return { from: fromKey, to: toKey, paths, hops: depth.get(to.id) ?? null };
}

/**
 * All simple paths (no entity twice) between two entities of at most `maxHops` triples, walking triples in either
 * direction (type links only when `predicates` names them), shortest first; bounded by `limit` paths and by
 * `maxVisited` expansions so that a query on a dense KG stays bounded.
 */
export function allSimplePaths(store: KgStore, fromKey: string, toKey: string, options: PathOptions = {}): PathResult {
  const maxHops = options.maxHops ?? 3;
  const limit = options.limit ?? 50;
  const budget = options.maxVisited ?? 200_000;
  const from = entityByKey(store, fromKey);
  const to = entityByKey(store, toKey);
  if (!from) throw new Error(`no entity with key "${fromKey}"`);
  if (!to) throw new Error(`no entity with key "${toKey}"`);
  let predicateFilter = ` AND p NOT IN (SELECT id FROM predicates WHERE key IN ('${RDF_TYPE}', 'type', 'rdf:type'))`;
  const params: number[] = [];
  if (options.predicates?.length) {
    const ids = options.predicates
      .map((k) => store.db.prepare('SELECT id FROM predicates WHERE key = ?').pluck().get(k) as number | undefined)
      .filter((id): id is number => id !== undefined);
    if (ids.length === 0) return { from: fromKey, to: toKey, paths: [], hops: null };
    predicateFilter = ` AND p IN (${ids.map(() => '?').join(',')})`;
    params.push(...ids);
  }
  const outgoing = store.db.prepare(`SELECT id, o AS other FROM triples WHERE s = ? AND o > 0${predicateFilter}`);
  const incoming = store.db.prepare(`SELECT id, s AS other FROM triples WHERE o = ?${predicateFilter}`);
  const found: Link[][] = [];
  let expansions = 0;
  const onPath = new Set<number>([from.id]);
  const walk = (node: number, chain: Link[]): void => {
    if (found.length >= limit * 4 || expansions++ > budget) return;
    if (chain.length >= maxHops) return;
    const links = [
      ...(outgoing.all(node, ...params) as Array<{ id: number; other: number }>).map((r) => ({ ...r, reversed: false })),
      ...(incoming.all(node, ...params) as Array<{ id: number; other: number }>).map((r) => ({ ...r, reversed: true })),
    ];
    for (const { id, other, reversed } of links) {
      if (onPath.has(other)) continue;
      const next = [...chain, { triple: id, from: node, reversed }];
      if (other === to.id) {
        found.push(next);
        continue;
      }
      onPath.add(other);
      walk(other, next);
      onPath.delete(other);
    }
  };
  if (from.id !== to.id) walk(from.id, []);
  found.sort((a, b) => a.length - b.length);
  const paths = found.slice(0, limit).map((chain) => chain.map((l) => ({ triple: getTriple(store, l.triple)!, reversed: l.reversed })));
  return { from: fromKey, to: toKey, paths, hops: paths.length ? paths[0].length : null };
}
