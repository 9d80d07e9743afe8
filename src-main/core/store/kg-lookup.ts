/**
 * The query layer over the KG's tables: entities by key, label or alias (and the one way to resolve a user's name
 * for an entity), ids ↔ keys in bulk, predicate ids, triples by pattern, degree. Statements are prepared once per
 * connection (statement-cache); bulk look-ups go through json_each in chunks, so no call is per row.
 */
import type { DatabaseHandle } from './kg-store.js';
import { prepared } from './statement-cache.js';

export interface EntityRow {
  id: number;
  key: string;
  label: string | null;
  type: string | null;
}

/** How a name matched an entity: its exact key, its label or an alias (case-insensitive), or full-text search. */
export type EntityMatch = 'key' | 'label' | 'alias' | 'search';

export interface EntityResolution {
  via: EntityMatch;
  /** Every entity matched at the first level that matched anything (at most `limit`), in id order. */
  entities: EntityRow[];
}

export interface ResolveOptions {
  /** After key, label and alias: the key case-insensitive with spaces as `_`, then the best full-text matches. */
  search?: boolean;
  /** Most candidates returned; default 20. */
  limit?: number;
}

export interface TriplePattern {
  /** Subject: entity id or key. */
  s?: number | string;
  /** Predicate: id or key. */
  p?: number | string;
  /** Object: entity id or key (a negative id is a literal). */
  o?: number | string;
  limit?: number;
  offset?: number;
}

export interface TripleIdRow {
  id: number;
  s: number;
  p: number;
  o: number;
  confidence: number;
  derived: number;
}

const ENTITY = 'SELECT id, key, label, type FROM entities';
/** Rows per json_each batch in bulk look-ups. */
const CHUNK = 500;

function inChunks<T, R>(items: readonly T[], run: (chunk: string) => R[]): R[] {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...run(JSON.stringify(items.slice(i, i + CHUNK))));
  return out;
}

/** The entity with this exact key. */
export function entityByKey(db: DatabaseHandle, key: string): EntityRow | undefined {
  return prepared(db, `${ENTITY} WHERE key = ?`).get(key) as EntityRow | undefined;
}

/** The id of the entity with this exact key. */
export function entityIdByKey(db: DatabaseHandle, key: string): number | undefined {
  return prepared(db, 'SELECT id FROM entities WHERE key = ?', true).get(key) as number | undefined;
}

/** The entity with this id. */
export function entityById(db: DatabaseHandle, id: number): EntityRow | undefined {
  return prepared(db, `${ENTITY} WHERE id = ?`).get(id) as EntityRow | undefined;
}

/** Entities whose label is `label`, ignoring (ASCII) case, in id order. */
export function entitiesByLabel(db: DatabaseHandle, label: string, limit = 20): EntityRow[] {
  return prepared(db, `${ENTITY} WHERE label = ? COLLATE NOCASE ORDER BY id LIMIT ?`).all(label, limit) as EntityRow[];
}

/** Entities with the alias `alias`, ignoring (ASCII) case, in id order. */
export function entitiesByAlias(db: DatabaseHandle, alias: string, limit = 20): EntityRow[] {
  return prepared(
    db,
    'SELECT DISTINCT e.id, e.key, e.label, e.type FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ? COLLATE NOCASE ORDER BY e.id LIMIT ?',
  ).all(alias, limit) as EntityRow[];
}

/** Entities whose key is `key`, ignoring (ASCII) case, in id order. */
export function entitiesByKeyIgnoringCase(db: DatabaseHandle, key: string, limit = 20): EntityRow[] {
  return prepared(db, `${ENTITY} WHERE key = ? COLLATE NOCASE ORDER BY id LIMIT ?`).all(key, limit) as EntityRow[];
}

/** Turns free text into an FTS5 prefix query that cannot be a syntax error ("ein ger" → "ein"* "ger"*). */
export function ftsPrefixQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu);
  if (!words) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** The best full-text (FTS5 prefix) matches of free text over labels and aliases, best first. */
export function entitiesBySearch(db: DatabaseHandle, text: string, limit = 20): EntityRow[] {
  const query = ftsPrefixQuery(text);
  if (!query) return [];
  return prepared(
    db,
    'SELECT e.id, e.key, e.label, e.type FROM entity_fts f JOIN entities e ON e.id = f.rowid WHERE entity_fts MATCH ? ORDER BY bm25(entity_fts), length(e.label) LIMIT ?',
  ).all(query, limit) as EntityRow[];
}

/**
 * Resolves a user's name for an entity: the exact key, else a label, else an alias (both case-insensitive), else (with
 * `search`) the key with spaces as `_` ignoring case, then full-text search. The text is trimmed first. Returns every
 * entity of the first level that matched (callers decide what several mean), or null when nothing did.
 */
export function resolveEntity(db: DatabaseHandle, text: string, options: ResolveOptions = {}): EntityResolution | null {
  const t = text.trim();
  const limit = options.limit ?? 20;
  const key = entityByKey(db, t);
  if (key) return { via: 'key', entities: [key] };
  const levels: Array<[EntityMatch, () => EntityRow[]]> = [
    ['label', () => entitiesByLabel(db, t, limit)],
    ['alias', () => entitiesByAlias(db, t, limit)],
  ];
  if (options.search) {
    levels.push(['key', () => entitiesByKeyIgnoringCase(db, t.replace(/\s+/g, '_'), limit)], ['search', () => entitiesBySearch(db, t, limit)]);
  }
  for (const [via, find] of levels) {
    const entities = find();
    if (entities.length) return { via, entities };
  }
  return null;
}

/** Ids of the entities with these keys (keys not in the KG are left out). */
export function entityIdsByKeys(db: DatabaseHandle, keys: readonly string[]): Map<string, number> {
  const statement = prepared(db, 'SELECT key, id FROM entities WHERE key IN (SELECT value FROM json_each(?))');
  return new Map(inChunks(keys, (chunk) => statement.all(chunk) as Array<{ key: string; id: number }>).map((r) => [r.key, r.id]));
}

/** Keys of the entities with these ids (ids not in the KG are left out). */
export function entityKeysByIds(db: DatabaseHandle, ids: readonly number[]): Map<number, string> {
  return new Map([...entitiesByIds(db, ids)].map(([id, e]) => [id, e.key]));
}

/** The entities with these ids (ids not in the KG are left out). */
export function entitiesByIds(db: DatabaseHandle, ids: readonly number[]): Map<number, EntityRow> {
  const statement = prepared(db, `${ENTITY} WHERE id IN (SELECT value FROM json_each(?))`);
  return new Map(inChunks(ids, (chunk) => statement.all(chunk) as EntityRow[]).map((e) => [e.id, e]));
}

/** Values of the literals with these (positive) literal ids. */
export function literalValuesByIds(db: DatabaseHandle, ids: readonly number[]): Map<number, string> {
  const statement = prepared(db, 'SELECT id, value FROM literals WHERE id IN (SELECT value FROM json_each(?))');
  return new Map(inChunks(ids, (chunk) => statement.all(chunk) as Array<{ id: number; value: string }>).map((r) => [r.id, r.value]));
}

/** Literals whose value is exactly `value` (any datatype or language), in (value, datatype, lang) order. */
export function literalsByValue(db: DatabaseHandle, value: string, limit = 5): Array<{ id: number; value: string }> {
  return prepared(db, 'SELECT id, value FROM literals WHERE value = ? LIMIT ?').all(value, limit) as Array<{ id: number; value: string }>;
}

/** Every entity (id, key, label, type), in id order. */
export function allEntityRows(db: DatabaseHandle): EntityRow[] {
  return prepared(db, `${ENTITY} ORDER BY id`).all() as EntityRow[];
}

/** Every alias with its entity's id. */
export function allAliases(db: DatabaseHandle): Array<{ entity_id: number; alias: string }> {
  return prepared(db, 'SELECT entity_id, alias FROM aliases').all() as Array<{ entity_id: number; alias: string }>;
}

/** Whether any entity has a type (the entities.type column). */
export function hasTypedEntities(db: DatabaseHandle): boolean {
  return prepared(db, 'SELECT 1 FROM entities WHERE type IS NOT NULL LIMIT 1', true).get() !== undefined;
}

/** The KG's tables whose size and highest id say whether it changed (for caches keyed by a stamp). */
export type StampedTable = 'entities' | 'aliases' | 'predicates' | 'literals' | 'triples' | 'sources' | 'change_log';

/** The table's highest id (0 when empty). */
export function maxRowId(db: DatabaseHandle, table: Exclude<StampedTable, 'aliases'>): number {
  return (prepared(db, `SELECT max(id) FROM ${table}`, true).get() as number | null) ?? 0;
}

/** The table's number of rows. */
export function rowCount(db: DatabaseHandle, table: StampedTable): number {
  return prepared(db, `SELECT count(*) FROM ${table}`, true).get() as number;
}

/** Ids of the provenance sources of a kind (and name, when given), in id order. */
export function sourceIdsOfKind(db: DatabaseHandle, kind: 'file' | 'user' | 'rule' | 'model', name?: string): number[] {
  if (name === undefined) return prepared(db, 'SELECT id FROM sources WHERE kind = ? ORDER BY id', true).all(kind) as number[];
  return prepared(db, 'SELECT id FROM sources WHERE kind = ? AND name = ? ORDER BY id', true).all(kind, name) as number[];
}

export interface TripleProvenance {
  id: number;
  derived: number;
  line: number | null;
  kind: string | null;
  name: string | null;
}

/** A triple's derived flag, source line and source (kind, name). */
export function tripleProvenance(db: DatabaseHandle, id: number): TripleProvenance | undefined {
  return prepared(db, 'SELECT t.id, t.derived, t.source_line AS line, s.kind, s.name FROM triples t LEFT JOIN sources s ON s.id = t.source_id WHERE t.id = ?').get(id) as
    | TripleProvenance
    | undefined;
}

/** The id of the predicate with this exact key. */
export function predicateIdByKey(db: DatabaseHandle, key: string): number | undefined {
  return prepared(db, 'SELECT id FROM predicates WHERE key = ?', true).get(key) as number | undefined;
}

/** Ids of the predicates with these keys, in the keys' order (unknown keys left out). */
export function predicateIdsByKeys(db: DatabaseHandle, keys: readonly string[]): number[] {
  return keys.map((k) => predicateIdByKey(db, k)).filter((id): id is number => id !== undefined);
}

/** Every predicate: id, key, label. */
export function predicateRows(db: DatabaseHandle): Array<{ id: number; key: string; label: string | null }> {
  return prepared(db, 'SELECT id, key, label FROM predicates ORDER BY id').all() as Array<{ id: number; key: string; label: string | null }>;
}

/** Number of predicates (used or not). */
export function predicateCount(db: DatabaseHandle): number {
  return prepared(db, 'SELECT count(*) FROM predicates', true).get() as number;
}

/** Number of stored (not derived) triples of a predicate. */
export function storedTripleCount(db: DatabaseHandle, predicateId: number): number {
  return prepared(db, 'SELECT count(*) FROM triples WHERE p = ? AND derived = 0', true).get(predicateId) as number;
}

/** Number of triples in which the entity is subject or object. */
export function degreeOf(db: DatabaseHandle, id: number): number {
  return prepared(db, 'SELECT (SELECT count(*) FROM triples WHERE s = @id) + (SELECT count(*) FROM triples WHERE o = @id)', true).get({ id }) as number;
}

/** The WHERE clause and parameters of a pattern, or null when it names a key the KG does not have. */
function patternWhere(db: DatabaseHandle, pattern: TriplePattern): { sql: string; params: number[] } | null {
  const where: string[] = [];
  const params: number[] = [];
  for (const col of ['s', 'p', 'o'] as const) {
    const v = pattern[col];
    if (v === undefined) continue;
    const id = typeof v === 'number' ? v : col === 'p' ? predicateIdByKey(db, v) : entityIdByKey(db, v);
    if (id === undefined) return null;
    where.push(`${col} = ?`);
    params.push(id);
  }
  return { sql: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
}

/** The id of the triple (s, p, o), asserted or derived. */
export function tripleIdBySpo(db: DatabaseHandle, s: number, p: number, o: number): number | undefined {
  return prepared(db, 'SELECT id FROM triples WHERE s = ? AND p = ? AND o = ?', true).get(s, p, o) as number | undefined;
}

/** Whether some triple matches the pattern (limit and offset ignored). */
export function tripleExists(db: DatabaseHandle, pattern: TriplePattern): boolean {
  const where = patternWhere(db, pattern);
  return !!where && prepared(db, `SELECT 1 FROM triples${where.sql} LIMIT 1`, true).get(...where.params) !== undefined;
}

/**
 * Triples matching a pattern (any of s, p, o given as id or key; the rest free), in id order, as ids. A key the KG
 * does not have matches nothing.
 */
export function triplesByPattern(db: DatabaseHandle, pattern: TriplePattern): TripleIdRow[] {
  const where = patternWhere(db, pattern);
  if (!where) return [];
  const sql = `SELECT id, s, p, o, confidence, derived FROM triples${where.sql} ORDER BY id LIMIT ? OFFSET ?`;
  return prepared(db, sql).all(...where.params, pattern.limit ?? -1, pattern.offset ?? 0) as TripleIdRow[];
}
