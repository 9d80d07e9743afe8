/**
 * Walking the KG's triples from sets of nodes, for the question answerer, the findings ranking and the path finder:
 * which predicates a node set has, one predicate walked from a set, the links between one entity and a set, the
 * per-predicate link counts around entities, and a link reader with the path finder's filters. Node sets are
 * entity ids (literal objects as negative ids) passed through json_each; statements are prepared once per
 * connection, except the path finder's, whose filter is fixed per walk.
 */
import type { Statement } from 'better-sqlite3';
import type { DatabaseHandle } from './kg-store.js';
import { TYPE_LINK_KEYS_SQL } from './type-predicate.js';
import { prepared } from './statement-cache.js';

/** A triple's end: its subject or its object. */
export type TripleEnd = 's' | 'o';

const ids = (nodes: readonly number[]): string => JSON.stringify(nodes);
const notFrom = (sources: readonly number[]): string =>
  sources.length ? ` AND (source_id IS NULL OR source_id NOT IN (${sources.map((n) => Math.trunc(n)).join(',')}))` : '';

/** Predicates of the triples whose `end` is one of `nodes`, leaving out triples of the sources `excludeSources`. */
export function predicatesAt(db: DatabaseHandle, end: TripleEnd, nodes: readonly number[], excludeSources: readonly number[] = []): number[] {
  return prepared(db, `SELECT DISTINCT p FROM triples WHERE ${end} IN (SELECT value FROM json_each(?))${notFrom(excludeSources)}`, true).all(ids(nodes)) as number[];
}

/**
 * The triples of predicate `p` whose `from` end is one of `nodes`, as (triple id, that end x, the other end y,
 * confidence): most confident first, at most `limit`, leaving out triples of the sources `excludeSources`.
 */
export function walkPredicate(
  db: DatabaseHandle, p: number, from: TripleEnd, nodes: readonly number[], limit: number, excludeSources: readonly number[] = [],
): Array<{ id: number; x: number; y: number; confidence: number }> {
  const to = from === 's' ? 'o' : 's';
  const sql = `SELECT id, ${from} AS x, ${to} AS y, confidence FROM triples WHERE p = ? AND ${from} IN (SELECT value FROM json_each(?))${notFrom(excludeSources)} ORDER BY confidence DESC, id LIMIT ?`;
  return prepared(db, sql).all(p, ids(nodes), limit) as Array<{ id: number; x: number; y: number; confidence: number }>;
}

/** The triples between entity `b` and any of `nodes`, either way round, as (p, s, o). */
export function linksBetween(db: DatabaseHandle, b: number, nodes: readonly number[]): Array<{ p: number; s: number; o: number }> {
  return prepared(
    db,
    `SELECT p, s, o FROM triples WHERE s = @b AND o IN (SELECT value FROM json_each(@xs))
     UNION ALL SELECT p, s, o FROM triples WHERE o = @b AND s IN (SELECT value FROM json_each(@xs))`,
  ).all({ b, xs: ids(nodes) }) as Array<{ p: number; s: number; o: number }>;
}

/** Every entity-to-entity triple of predicate `p`, as (triple id, s, o, confidence), in (o, s) order. */
export function entityLinks(db: DatabaseHandle, p: number): Array<{ id: number; s: number; o: number; confidence: number }> {
  return prepared(db, 'SELECT id, s, o, confidence FROM triples WHERE p = ? AND o > 0').all(p) as Array<{ id: number; s: number; o: number; confidence: number }>;
}

/**
 * Per predicate key and entity `f` of `nodes`: how many distinct entities link to f by it (`reversed` 0: f is the
 * object), and how many f links to by it (`reversed` 1: f is the subject, entity objects only).
 */
export function linkCountsAround(db: DatabaseHandle, nodes: readonly number[]): Array<{ key: string; f: number; n: number; reversed: number }> {
  return prepared(
    db,
    `SELECT p.key, t.o AS f, count(DISTINCT t.s) AS n, 0 AS reversed FROM triples t JOIN predicates p ON p.id = t.p WHERE t.o IN (SELECT value FROM json_each(@ids)) GROUP BY p.key, t.o
     UNION ALL
     SELECT p.key, t.s AS f, count(DISTINCT t.o) AS n, 1 AS reversed FROM triples t JOIN predicates p ON p.id = t.p WHERE t.s IN (SELECT value FROM json_each(@ids)) AND t.o > 0 GROUP BY p.key, t.s`,
  ).all({ ids: ids(nodes) }) as Array<{ key: string; f: number; n: number; reversed: number }>;
}

/** The first link from an entity to a place it lies in (a located-in, country, part-of or `_in` predicate), with that place's name. */
export function placeLinkOf(db: DatabaseHandle, id: number): { id: number; label: string } | undefined {
  return prepared(
    db,
    `SELECT t.id, coalesce(e.label, e.key) AS label FROM triples t JOIN predicates p ON p.id = t.p JOIN entities e ON e.id = t.o
     WHERE t.s = ? AND t.o > 0 AND (p.key LIKE '%located%' OR p.key LIKE '%country' OR p.key LIKE '%part_of%' OR p.key LIKE '%_in') LIMIT 1`,
  ).get(id) as { id: number; label: string } | undefined;
}

export interface LinkFilter {
  /** Only these predicates (ids); all when undefined. */
  predicates?: readonly number[];
  /** Leave out these predicates (ids). */
  excludePredicates?: readonly number[];
  /** Leave out type links (rdf:type, `type`, `rdf:type`) unless `predicates` is given; default false. */
  excludeTypeLinks?: boolean;
  /** Stored triples only (derived = 0). */
  storedOnly?: boolean;
}

export interface LinkReader {
  /** Entity-valued triples from `node` (id, the object). */
  outgoing(node: number): Array<{ id: number; other: number }>;
  /** Triples to `node` (id, the subject). */
  incoming(node: number): Array<{ id: number; other: number }>;
}

/** Reads one entity's links in either direction through a fixed filter (prepared once for a whole walk). */
export function linkReader(db: DatabaseHandle, filter: LinkFilter): LinkReader {
  let sql = '';
  const params: number[] = [];
  if (filter.predicates) {
    sql = ` AND p IN (${filter.predicates.map(() => '?').join(',')})`;
    params.push(...filter.predicates);
  } else if (filter.excludeTypeLinks) {
    sql = ` AND p NOT IN (SELECT id FROM predicates WHERE key IN (${TYPE_LINK_KEYS_SQL}))`;
  }
  if (filter.excludePredicates?.length) sql += ` AND p NOT IN (${filter.excludePredicates.map((n) => Math.trunc(n)).join(',')})`;
  if (filter.storedOnly) sql += ' AND derived = 0';
  const out: Statement = db.prepare(`SELECT id, o AS other FROM triples WHERE s = ? AND o > 0${sql}`);
  const inc: Statement = db.prepare(`SELECT id, s AS other FROM triples WHERE o = ?${sql}`);
  return {
    outgoing: (node) => out.all(node, ...params) as Array<{ id: number; other: number }>,
    incoming: (node) => inc.all(node, ...params) as Array<{ id: number; other: number }>,
  };
}
