/**
 * What reasoning reads from the KG: typed entities, the triples of given predicates with their ends' keys (or the
 * literal object), predicate flags and schema axioms. Scans hand out iterators over statements prepared for that
 * scan (once per relation loaded, never per row), so two scans may run interleaved.
 */
import type { DatabaseHandle } from './kg-store.js';
import { prepared } from './statement-cache.js';

/** Every distinct entity type (the entities.type column). */
export function entityTypes(db: DatabaseHandle): string[] {
  return prepared(db, 'SELECT DISTINCT type FROM entities WHERE type IS NOT NULL', true).all() as string[];
}

/** Whether some entity has exactly this type. */
export function hasEntityOfType(db: DatabaseHandle, type: string): boolean {
  return prepared(db, 'SELECT 1 FROM entities WHERE type = ? LIMIT 1', true).get(type) !== undefined;
}

/** The entities of one type, as (id, key). */
export function scanEntitiesOfType(db: DatabaseHandle, type: string): IterableIterator<{ id: number; key: string }> {
  return db.prepare('SELECT id, key FROM entities WHERE type = ?').iterate(type) as IterableIterator<{ id: number; key: string }>;
}

/** Every entity that has a type, as (id, key, type). */
export function scanTypedEntities(db: DatabaseHandle): IterableIterator<{ id: number; key: string; type: string }> {
  return db.prepare('SELECT id, key, type FROM entities WHERE type IS NOT NULL').iterate() as IterableIterator<{ id: number; key: string; type: string }>;
}

export interface TripleScanOptions {
  /** Leave out the triples of these sources. */
  excludeSources?: readonly number[];
  /** Stored triples only (derived = 0). */
  storedOnly?: boolean;
}

/** A scanned triple: [triple id, subject key, object key (null for a literal), literal value, literal datatype]. */
export type TripleFactRow = [number, string, string | null, string | null, string | null];

/** The triples of these predicates (ids), as raw rows with the subject's key and the object's key or literal. */
export function scanTripleFacts(db: DatabaseHandle, predicateIds: readonly number[], options: TripleScanOptions = {}): IterableIterator<TripleFactRow> {
  const sources = (options.excludeSources ?? []).filter((n) => Number.isInteger(n));
  const filter = (sources.length ? ` AND (t.source_id IS NULL OR t.source_id NOT IN (${sources.join(',')}))` : '') + (options.storedOnly ? ' AND t.derived = 0' : '');
  return db
    .prepare(
      `SELECT t.id, se.key AS s, oe.key AS o, l.value AS lv, l.datatype AS dt
       FROM triples t JOIN entities se ON se.id = t.s
       LEFT JOIN entities oe ON t.o > 0 AND oe.id = t.o
       LEFT JOIN literals l ON t.o < 0 AND l.id = -t.o
       WHERE t.p IN (${predicateIds.map((id) => Math.trunc(id)).join(',')})${filter}`,
    )
    .raw()
    .iterate() as IterableIterator<TripleFactRow>;
}

export interface PredicateFlags {
  key: string;
  symmetric: number;
  transitive: number;
  /** The key of the predicate it is the inverse of. */
  inverse: string | null;
}

/** Every predicate's symmetric / transitive / inverse-of flags. */
export function predicateFlags(db: DatabaseHandle): PredicateFlags[] {
  return prepared(db, 'SELECT p.key, p.symmetric, p.transitive, q.key AS inverse FROM predicates p LEFT JOIN predicates q ON q.id = p.inverse_of').all() as PredicateFlags[];
}

/** The (subject key, object key) pairs of the entity-to-entity triples of the predicate with this key. */
export function entityPairsOf(db: DatabaseHandle, predicateKey: string): Array<{ s: string; o: string }> {
  return prepared(
    db,
    `SELECT se.key AS s, oe.key AS o FROM triples t JOIN predicates pr ON pr.id = t.p
     JOIN entities se ON se.id = t.s JOIN entities oe ON oe.id = t.o WHERE pr.key = ? AND t.o > 0`,
  ).all(predicateKey) as Array<{ s: string; o: string }>;
}
