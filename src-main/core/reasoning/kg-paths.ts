/**
 * Shortest connecting paths between two entities over the stored triples, in either direction, by
 * breadth-first search from both ends' layers up to `maxHops`. Hubs (more than `hubDegree` triples, e.g.
 * a `male` entity every person points to) are not walked through, and RDF/RDFS/OWL vocabulary (rdf:type,
 * rdfs:subClassOf, ...) is left out, so paths say something specific.
 */
import type { DatabaseHandle } from '../store/kg-store.js';

export interface PathStep {
  triple_id: number;
  s: string;
  p: string;
  o: string;
  derived: boolean;
  /** 'forward' when the path walks the triple from subject to object. */
  direction: 'forward' | 'backward';
}

export interface KgPath {
  length: number;
  entities: string[];
  steps: PathStep[];
}

export interface PathOptions {
  maxHops?: number;
  maxPaths?: number;
  hubDegree?: number;
  /** Walk derived (materialised) triples too; default false. */
  includeDerived?: boolean;
  /** Only these predicate keys (any when empty). */
  predicates?: string[];
  /** Walk rdf:, rdfs: and owl: predicates too; default false. */
  includeSchema?: boolean;
}

const SCHEMA_NAMESPACES = ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'http://www.w3.org/2000/01/rdf-schema#', 'http://www.w3.org/2002/07/owl#'];

interface Edge {
  id: number;
  next: number;
  p: number;
  forward: boolean;
  derived: boolean;
}

export function shortestPaths(db: DatabaseHandle, fromId: number, toId: number, opts: PathOptions = {}): KgPath[] {
  const maxHops = opts.maxHops ?? 4;
  const maxPaths = opts.maxPaths ?? 10;
  const hubDegree = opts.hubDegree ?? 1000;
  const derivedFilter = opts.includeDerived ? '' : ' AND derived = 0';
  const schemaIds = opts.includeSchema
    ? []
    : (db.prepare('SELECT id, key FROM predicates').all() as Array<{ id: number; key: string }>).filter((p) => SCHEMA_NAMESPACES.some((ns) => p.key.startsWith(ns))).map((p) => p.id);
  const predFilter =
    (opts.predicates?.length ? ` AND p IN (SELECT id FROM predicates WHERE key IN (${opts.predicates.map(() => '?').join(',')}))` : '') +
    (schemaIds.length ? ` AND p NOT IN (${schemaIds.join(',')})` : '');
  const params = opts.predicates ?? [];
  const out = db.prepare(`SELECT id, o AS next, p, derived FROM triples WHERE s = ? AND o > 0${derivedFilter}${predFilter}`);
  const inc = db.prepare(`SELECT id, s AS next, p, derived FROM triples WHERE o = ?${derivedFilter}${predFilter}`);
  const degree = db.prepare('SELECT (SELECT count(*) FROM triples WHERE s = ?) + (SELECT count(*) FROM triples WHERE o = ?)').pluck();
  const edgesOf = (n: number): Edge[] => [
    ...(out.all(n, ...params) as Array<{ id: number; next: number; p: number; derived: number }>).map((r) => ({ ...r, forward: true, derived: r.derived === 1 })),
    ...(inc.all(n, ...params) as Array<{ id: number; next: number; p: number; derived: number }>).map((r) => ({ ...r, forward: false, derived: r.derived === 1 })),
  ];
  if (fromId === toId) return [];

  // Layered BFS keeping every parent edge on a shortest path.
  const dist = new Map<number, number>([[fromId, 0]]);
  const parents = new Map<number, Array<{ prev: number; edge: Edge }>>();
  let frontier = [fromId];
  for (let hop = 1; hop <= maxHops && frontier.length && !dist.has(toId); hop++) {
    const next: number[] = [];
    for (const n of frontier) {
      if (n !== fromId && (degree.get(n, n) as number) > hubDegree) continue;
      for (const e of edgesOf(n)) {
        const d = dist.get(e.next);
        if (d === undefined) {
          dist.set(e.next, hop);
          next.push(e.next);
        }
        if (d === undefined || d === hop) {
          const list = parents.get(e.next) ?? [];
          list.push({ prev: n, edge: e });
          parents.set(e.next, list);
        }
      }
    }
    frontier = next;
  }
  if (!dist.has(toId)) return [];

  const keyOf = db.prepare('SELECT key FROM entities WHERE id = ?').pluck();
  const predKey = db.prepare('SELECT key FROM predicates WHERE id = ?').pluck();
  const keys = new Map<number, string>();
  const key = (id: number): string => {
    let k = keys.get(id);
    if (k === undefined) keys.set(id, (k = keyOf.get(id) as string));
    return k;
  };
  const paths: KgPath[] = [];
  const walk = (node: number, suffix: Array<{ prev: number; edge: Edge; node: number }>): void => {
    if (paths.length >= maxPaths) return;
    if (node === fromId) {
      const steps = suffix.map(({ prev, edge, node: n }) => ({
        triple_id: edge.id,
        s: key(edge.forward ? prev : n),
        p: predKey.get(edge.p) as string,
        o: key(edge.forward ? n : prev),
        derived: edge.derived,
        direction: (edge.forward ? 'forward' : 'backward') as PathStep['direction'],
      }));
      paths.push({ length: steps.length, entities: [key(fromId), ...suffix.map((s) => key(s.node))], steps });
      return;
    }
    for (const p of parents.get(node) ?? []) walk(p.prev, [{ prev: p.prev, edge: p.edge, node }, ...suffix]);
  };
  walk(toId, []);
  return paths;
}
