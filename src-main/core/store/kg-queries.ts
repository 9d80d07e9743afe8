import type {
  EntityDetail, EntitySummary, GraphEdge, GraphNode, GraphSlice, KgStats, ObjectValue, Split, TripleView,
} from '../../contract/types.js';
import { degreeOf, entitiesBySearch, entityByKey, type EntityRow } from './kg-lookup.js';
import type { DatabaseHandle, KgStore } from './kg-store.js';
import { kgChangeCounter } from './change-counter.js';
import { prepared } from './statement-cache.js';
import { displayName } from './names.js';

const label = (row: { key: string; label: string | null }): string => row.label ?? displayName(row.key);

/** The last stats of each connection, with the change counter they were read at. */
const statsCache = new WeakMap<DatabaseHandle, { counter: string; stats: KgStats }>();

/**
 * Counts for the stats panel. Counting scans every triple (about 150 ms on FB15k-237's 310,000), so the answer is kept
 * per connection until the KG's change counter moves (a commit by any connection, or a write by this one): a server
 * answering many clients counts once per change, not once per call.
 */
export function kgStats(store: KgStore): KgStats {
  const db = store.db;
  const counter = kgChangeCounter(db);
  const cached = statsCache.get(db);
  if (cached?.counter === counter) return structuredClone(cached.stats);
  const stats = countKg(db);
  statsCache.set(db, { counter, stats });
  return structuredClone(stats);
}

function countKg(db: DatabaseHandle): KgStats {
  const one = (sql: string): number => (prepared(db, sql, true).get() as number) ?? 0;
  // Splits and derived triples in one pass over the triples (neither column is indexed).
  const splits: Partial<Record<Split, number>> = {};
  let derived = 0;
  for (const row of prepared(db, 'SELECT split, derived, count(*) AS n FROM triples GROUP BY split, derived').all() as Array<{ split: Split | null; derived: number; n: number }>) {
    if (row.split !== null) splits[row.split] = (splits[row.split] ?? 0) + row.n;
    if (row.derived === 1) derived += row.n;
  }
  const types = (prepared(db, 'SELECT type AS name, count(*) AS count FROM entities WHERE type IS NOT NULL GROUP BY type ORDER BY count DESC, name').all() as Array<{ name: string; count: number }>)
    .map((r) => ({ ...r, label: displayName(r.name) }));
  // Counted per predicate id on the POS index first, then named: no join row per triple.
  const predicateCounts = (prepared(
    db,
    'SELECT p.key AS name, p.label AS label, c.n AS count FROM (SELECT p, count(*) AS n FROM triples GROUP BY p) c JOIN predicates p ON p.id = c.p ORDER BY count DESC, name',
  ).all() as Array<{ name: string; label: string | null; count: number }>).map((r) => ({ ...r, label: r.label ?? displayName(r.name) }));
  return {
    entities: one('SELECT count(*) FROM entities'),
    predicates: predicateCounts.length,
    triples: one('SELECT count(*) FROM triples'),
    literals: one('SELECT count(*) FROM literals'),
    derived,
    splits,
    types,
    predicateCounts,
    sources: one('SELECT count(*) FROM sources'),
  };
}

function summary(store: KgStore, row: EntityRow): EntitySummary {
  return { id: row.id, key: row.key, label: label(row), type: row.type, degree: degreeOf(store.db, row.id) };
}

/** Entities for a search box: the exact key first, then the best full-text matches. */
export function searchEntities(store: KgStore, text: string, limit = 20): EntitySummary[] {
  const exact = entityByKey(store.db, text.trim());
  const rows = entitiesBySearch(store.db, text, limit);
  if (exact && !rows.some((r) => r.id === exact.id)) rows.unshift(exact);
  return rows.slice(0, limit).map((r) => summary(store, r));
}

interface TripleRow {
  id: number;
  s: number;
  s_key: string;
  s_label: string | null;
  p_key: string;
  p_label: string | null;
  o: number;
  o_key: string | null;
  o_label: string | null;
  o_type: string | null;
  l_value: string | null;
  l_datatype: string | null;
  l_lang: string | null;
  confidence: number;
  split: Split | null;
  derived: number;
  src_kind: TripleView['provenance'] extends infer P ? (P extends { kind: infer K } ? K : never) : never;
  src_name: string | null;
  source_line: number | null;
}

const TRIPLE_SELECT = `
  SELECT t.id, t.s, se.key AS s_key, se.label AS s_label, p.key AS p_key, p.label AS p_label, t.o,
         oe.key AS o_key, oe.label AS o_label, oe.type AS o_type, l.value AS l_value, l.datatype AS l_datatype, l.lang AS l_lang,
         t.confidence, t.split, t.derived, src.kind AS src_kind, src.name AS src_name, t.source_line
  FROM triples t
  JOIN entities se ON se.id = t.s
  JOIN predicates p ON p.id = t.p
  LEFT JOIN entities oe ON t.o > 0 AND oe.id = t.o
  LEFT JOIN literals l ON t.o < 0 AND l.id = -t.o
  LEFT JOIN sources src ON src.id = t.source_id`;

function tripleView(r: TripleRow): TripleView {
  const object: ObjectValue =
    r.o > 0
      ? { kind: 'entity', id: r.o, key: r.o_key!, label: r.o_label ?? displayName(r.o_key!), type: r.o_type }
      : { kind: 'literal', value: r.l_value!, datatype: r.l_datatype!, lang: r.l_lang! };
  return {
    id: r.id,
    subject: { id: r.s, key: r.s_key, label: r.s_label ?? displayName(r.s_key) },
    predicate: { key: r.p_key, label: r.p_label ?? displayName(r.p_key) },
    object,
    confidence: r.confidence,
    split: r.split,
    derived: r.derived === 1,
    provenance: r.src_kind ? { kind: r.src_kind, source: r.src_name ?? '', line: r.source_line } : null,
  };
}

export function entityDetail(store: KgStore, key: string, limit = 500): EntityDetail | null {
  const row = prepared(store.db, 'SELECT id, key, label, type, props FROM entities WHERE key = ?').get(key) as (EntityRow & { props: string | null }) | undefined;
  if (!row) return null;
  const outgoing = (prepared(store.db, `${TRIPLE_SELECT} WHERE t.s = ? ORDER BY p.key, t.id LIMIT ?`).all(row.id, limit) as TripleRow[]).map(tripleView);
  const incoming = (prepared(store.db, `${TRIPLE_SELECT} WHERE t.o = ? ORDER BY p.key, t.id LIMIT ?`).all(row.id, limit) as TripleRow[]).map(tripleView);
  const aliases = prepared(store.db, 'SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias', true).all(row.id) as string[];
  return { ...summary(store, row), props: row.props ? JSON.parse(row.props) : {}, aliases, outgoing, incoming };
}

export function getTriple(store: KgStore, id: number): TripleView | null {
  const row = prepared(store.db, `${TRIPLE_SELECT} WHERE t.id = ?`).get(id) as TripleRow | undefined;
  return row ? tripleView(row) : null;
}
