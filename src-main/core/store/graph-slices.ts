import { DEFAULT_SLICE_MAX_EDGES } from '../../contract/api.js';
import type { GraphEdge, GraphNode, GraphSlice, SliceFilter } from '../../contract/types.js';
import type { KgStore } from './kg-store.js';
import { entityByKey } from './kg-lookup.js';
import { displayName } from './names.js';
import { prepared } from './statement-cache.js';
import { TYPE_LINK_KEYS_SQL } from './type-predicate.js';

interface SqlPart {
  sql: string;
  params: Array<string | number>;
}

/** The filter's conditions on triples (alias `t`), as SQL; empty when nothing is filtered. */
export function tripleFilterSql(filter: SliceFilter = {}): SqlPart {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  if (filter.predicates?.length) {
    parts.push(`t.p IN (SELECT id FROM predicates WHERE key IN (${filter.predicates.map(() => '?').join(',')}))`);
    params.push(...filter.predicates);
  }
  if (filter.minConfidence !== undefined) {
    parts.push('t.confidence >= ?');
    params.push(filter.minConfidence);
  }
  if (filter.sources?.length) {
    parts.push(`t.source_id IN (SELECT id FROM sources WHERE kind IN (${filter.sources.map(() => '?').join(',')}))`);
    params.push(...filter.sources);
  }
  if (filter.derived === 'asserted') parts.push('t.derived = 0');
  if (filter.derived === 'derived') parts.push('t.derived = 1');
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

function typeAllowed(filter: SliceFilter | undefined): (type: string | null) => boolean {
  if (!filter?.types?.length) return () => true;
  const wanted = new Set(filter.types);
  return (type) => type !== null && wanted.has(type);
}

const EDGE_COLUMNS = 't.id, t.s AS source, t.o AS target, p.key AS predicate, p.label AS label, t.derived, t.confidence';
type EdgeRow = Omit<GraphEdge, 'derived'> & { derived: number; label: string | null };

/** How a slice's triples are bounded: at most `maxEdges`, those touching `centre` (a neighbourhood's entity) first. */
export interface EdgeCap {
  maxEdges?: number;
  centre?: number;
}

/**
 * Nodes for the given ids and the triples among them that pass the filter, at most `maxEdges` of them. The ids travel
 * as one JSON array (json_each), so a read writes nothing (a temp table would move the connection's change counter,
 * which keys the caches of whole-KG views). The triples are found from each node's outgoing ones (the SPO index;
 * `+t.o` keeps SQLite from probing OSP once per pair of nodes, n² seeks), never by a scan of all triples: a slice
 * costs what its nodes' degrees add up to, whatever the KG's size.
 *
 * Past the cap (a materialisation's co-star edges put 150,000 triples among 500 entities) the slice says
 * `truncated` and `totalEdges`, and keeps, in this order: the centre's own triples, then the others from the
 * highest-degree nodes down (the ids are walked hubs first), asserted before derived in both. Each part is a LIMIT
 * query that stops once the cap is reached; a slice under the cap is one query.
 */
export function sliceFromIds(store: KgStore, ids: number[], totalEntities: number, truncated: boolean, filter: SliceFilter = {}, cap: EdgeCap = {}): GraphSlice {
  const db = store.db;
  const maxEdges = cap.maxEdges ?? DEFAULT_SLICE_MAX_EDGES;
  const idsJson = JSON.stringify([...new Set(ids)]);
  const nodes = (prepared(
    db,
    `SELECT e.id, e.key, e.label, e.type,
            (SELECT count(*) FROM triples WHERE s = e.id) + (SELECT count(*) FROM triples WHERE o = e.id) AS degree
       FROM json_each(?) x CROSS JOIN entities e ON e.id = x.value
      ORDER BY e.id`,
  ).all(idsJson) as Array<{ id: number; key: string; label: string | null; type: string | null; degree: number }>).map(
    (r): GraphNode => ({ id: r.id, key: r.key, label: r.label ?? displayName(r.key), type: r.type, degree: r.degree }),
  );
  const where = tripleFilterSql(filter);
  const among = `FROM json_each(?) a CROSS JOIN triples t ON t.s = a.value JOIN predicates p ON p.id = t.p
      WHERE +t.o IN (SELECT value FROM json_each(?))${where.sql}`;
  // One more than the cap, in index order (no sort in SQL): as many as there are, or proof that there are more.
  let rows = prepared(db, `SELECT ${EDGE_COLUMNS} ${among} LIMIT ?`).all(idsJson, idsJson, ...where.params, maxEdges + 1) as EdgeRow[];
  let totalEdges = rows.length;
  if (rows.length > maxEdges) {
    truncated = true;
    totalEdges = prepared(db, `SELECT count(*) FROM json_each(?) a CROSS JOIN triples t ON t.s = a.value WHERE +t.o IN (SELECT value FROM json_each(?))${where.sql}`, true).get(
      idsJson,
      idsJson,
      ...where.params,
    ) as number;
    const centre = cap.centre ?? 0;
    const hubsFirst = JSON.stringify([...nodes].sort((a, b) => b.degree - a.degree || a.id - b.id).map((n) => n.id));
    const fromCentre = prepared(db, `SELECT ${EDGE_COLUMNS} FROM triples t JOIN predicates p ON p.id = t.p
      WHERE t.s = ? AND t.o IN (SELECT value FROM json_each(?))${where.sql} AND t.derived = ? LIMIT ?`);
    const toCentre = prepared(db, `SELECT ${EDGE_COLUMNS} FROM triples t JOIN predicates p ON p.id = t.p
      WHERE t.o = ? AND t.s != t.o AND t.s IN (SELECT value FROM json_each(?))${where.sql} AND t.derived = ? LIMIT ?`);
    const others = prepared(db, `SELECT ${EDGE_COLUMNS} FROM json_each(?) a CROSS JOIN triples t ON t.s = a.value JOIN predicates p ON p.id = t.p
      WHERE +t.o IN (SELECT value FROM json_each(?))${where.sql} AND t.s != ? AND t.o != ? AND t.derived = ? LIMIT ?`);
    rows = [];
    for (const derived of [0, 1]) {
      if (centre) rows = rows.concat(fromCentre.all(centre, idsJson, ...where.params, derived, maxEdges - rows.length) as EdgeRow[]);
      if (centre && rows.length < maxEdges) rows = rows.concat(toCentre.all(centre, idsJson, ...where.params, derived, maxEdges - rows.length) as EdgeRow[]);
    }
    for (const derived of [0, 1]) {
      if (rows.length < maxEdges) rows = rows.concat(others.all(hubsFirst, idsJson, ...where.params, centre, centre, derived, maxEdges - rows.length) as EdgeRow[]);
    }
  }
  rows.sort((a, b) => a.id - b.id);
  const edges = rows.map((e) => ({ ...e, label: e.label ?? displayName(e.predicate), derived: e.derived === 1 }));
  return { nodes, edges, truncated, totalEntities, totalEdges };
}

const countEntities = (store: KgStore): number => prepared(store.db, 'SELECT count(*) FROM entities', true).get() as number;

/**
 * A bounded view of the whole KG: the `limit` entities of highest degree (of the wanted types) and the triples
 * among them. The renderer never receives the whole KG.
 */
export function overviewSlice(store: KgStore, limit = 2000, filter: SliceFilter = {}, maxEdges = DEFAULT_SLICE_MAX_EDGES): GraphSlice {
  const total = countEntities(store);
  const typeSql = filter.types?.length ? ` WHERE id IN (SELECT id FROM entities WHERE type IN (${filter.types.map(() => '?').join(',')}))` : '';
  const ids = store.db
    .prepare(`SELECT id FROM (
                SELECT s AS id, count(*) AS c FROM triples GROUP BY s
                UNION ALL SELECT o AS id, count(*) AS c FROM triples WHERE o > 0 GROUP BY o)${typeSql}
              GROUP BY id ORDER BY sum(c) DESC, id LIMIT ?`)
    .pluck()
    .all(...(filter.types ?? []), limit) as number[];
  return sliceFromIds(store, ids, total, total > ids.length, filter, { maxEdges });
}

/**
 * The entities within `hops` of an entity (both directions, along triples that pass the filter), bounded by
 * `limit` (nearest first), and the triples among them, at most `maxEdges` (the entity's own first).
 */
export function neighbourhoodSlice(store: KgStore, key: string, hops = 1, limit = 2000, filter: SliceFilter = {}, maxEdges = DEFAULT_SLICE_MAX_EDGES): GraphSlice {
  const start = entityByKey(store.db, key);
  if (!start) throw new Error(`no entity with key "${key}"`);
  const where = tripleFilterSql(filter);
  // Type links are not walked: two hops through "Person" would reach every person in the KG.
  const notType = ` AND t.p NOT IN (SELECT id FROM predicates WHERE key IN (${TYPE_LINK_KEYS_SQL}))`;
  const out = prepared(store.db, `SELECT t.o FROM triples t WHERE t.s = ? AND t.o > 0${where.sql}${notType} LIMIT ?`, true);
  const inc = prepared(store.db, `SELECT t.s FROM triples t WHERE t.o = ?${where.sql}${notType} LIMIT ?`, true);
  const typeOf = prepared(store.db, 'SELECT type FROM entities WHERE id = ?', true);
  const allowed = typeAllowed(filter);
  const typed = !!filter.types?.length;
  const seen = new Set<number>([start.id]);
  let frontier = [start.id];
  let truncated = false;
  // Once the slice is full nothing more is added: the walk stops there (a hub's frontier is thousands of entities).
  walk: for (let h = 0; h < hops && frontier.length > 0; h++) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const n of [...(out.all(id, ...where.params, limit) as number[]), ...(inc.all(id, ...where.params, limit) as number[])]) {
        if (seen.has(n) || (typed && !allowed(typeOf.get(n) as string | null))) continue;
        if (seen.size >= limit) {
          truncated = true;
          break walk;
        }
        seen.add(n);
        next.push(n);
      }
    }
    frontier = next;
  }
  return sliceFromIds(store, [...seen], countEntities(store), truncated, filter, { maxEdges, centre: start.id });
}

/** "Show the relations among the nodes on screen": every triple (passing the filter) between the given entities. */
export function relationsAmong(store: KgStore, ids: number[], filter: SliceFilter = {}, maxEdges = DEFAULT_SLICE_MAX_EDGES): GraphSlice {
  return sliceFromIds(store, ids, countEntities(store), false, filter, { maxEdges });
}
