/**
 * The KG's triples read whole, in a stream, for the views that rewrite all of it: the exporters (terms spelled out
 * as keys and literals) and the SPARQL dataset loader (ids, with each entity and predicate key read once). Each read
 * prepares its own statement, so two exports on one connection can stream at the same time.
 */
import type { DatabaseHandle } from './kg-store.js';

/** One stored triple with its terms spelled out, as every exporter reads it. */
export interface ExportRow {
  s: string;
  p: string;
  /** Entity key, or null when the object is a literal. */
  o: string | null;
  value: string | null;
  datatype: string;
  lang: string;
  confidence: number;
  props: string | null;
}

/** Which stored triples a stream reads: all, asserted only, derived only, or those a model (embeddings, GNN) wrote. */
export type TripleSubset = 'all' | 'asserted' | 'derived' | 'model';

const SUBSET_FILTER: Record<TripleSubset, string> = {
  all: '',
  asserted: 'WHERE t.derived = 0',
  derived: 'WHERE t.derived = 1',
  model: "WHERE t.source_id IN (SELECT id FROM sources WHERE kind = 'model')",
};

/** Streams every triple of `subset` (default all) in id order without loading the KG into memory. */
export function* exportRows(db: DatabaseHandle, subset: TripleSubset = 'all'): Generator<ExportRow> {
  const stmt = db.prepare(`
    SELECT se.key AS s, p.key AS p, oe.key AS o, l.value AS value, coalesce(l.datatype, '') AS datatype,
           coalesce(l.lang, '') AS lang, t.confidence, t.props
    FROM triples t
    JOIN entities se ON se.id = t.s
    JOIN predicates p ON p.id = t.p
    LEFT JOIN entities oe ON t.o > 0 AND oe.id = t.o
    LEFT JOIN literals l ON t.o < 0 AND l.id = -t.o
    ${SUBSET_FILTER[subset]}
    ORDER BY t.id`);
  yield* stmt.iterate() as Iterable<ExportRow>;
}

export function countTriples(db: DatabaseHandle): number {
  return db.prepare('SELECT count(*) FROM triples').pluck().get() as number;
}

/** Every entity as [id, key], in storage order. */
export function entityKeyTuples(db: DatabaseHandle): Iterable<[number, string]> {
  return db.prepare('SELECT id, key FROM entities').raw().iterate() as Iterable<[number, string]>;
}

/** Every predicate as [id, key], in storage order. */
export function predicateKeyTuples(db: DatabaseHandle): Iterable<[number, string]> {
  return db.prepare('SELECT id, key FROM predicates').raw().iterate() as Iterable<[number, string]>;
}

/** [s, p, o, literal value, datatype, lang, props]: ids, with a literal object's parts ('' for no datatype/lang). */
export type TripleIdTuple = [number, number, number, string | null, string, string, string | null];

/** Every triple (derived ones only when asked) as a TripleIdTuple, in storage order. */
export function tripleIdTuples(db: DatabaseHandle, includeDerived: boolean): Iterable<TripleIdTuple> {
  return db.prepare(`
    SELECT t.s, t.p, t.o, l.value, coalesce(l.datatype, ''), coalesce(l.lang, ''), t.props
    FROM triples t LEFT JOIN literals l ON t.o < 0 AND l.id = -t.o
    ${includeDerived ? '' : 'WHERE t.derived = 0'}`).raw().iterate() as Iterable<TripleIdTuple>;
}

/** An entity whose label or type column is set, and whether a stored triple already states it. */
export interface EntityColumnRow {
  key: string;
  label: string | null;
  type: string | null;
  /** 1 when a triple with one of `labelPredicates` gives the entity a literal. */
  has_label: number;
  /** 1 when a triple with one of `typePredicates` links the entity to its type column's entity. */
  has_type: number;
}

/**
 * Entities with a label other than their key or a type, each with whether a triple already says so (the RDF view
 * adds rdfs:label / rdf:type for the rest). Predicate keys are SQL-quoted here; they are the caller's constants.
 */
export function entityColumnRows(db: DatabaseHandle, labelPredicates: readonly string[], typePredicates: readonly string[]): Iterable<EntityColumnRow> {
  const list = (keys: readonly string[]): string => keys.map((k) => `'${k.replaceAll("'", "''")}'`).join(', ');
  return db.prepare(`
    SELECT e.key, e.label, e.type,
      EXISTS (SELECT 1 FROM triples t JOIN predicates p ON p.id = t.p
              WHERE t.s = e.id AND t.o < 0 AND p.key IN (${list(labelPredicates)})) AS has_label,
      EXISTS (SELECT 1 FROM triples t JOIN predicates p ON p.id = t.p JOIN entities te ON te.id = t.o
              WHERE t.s = e.id AND t.o > 0 AND te.key = e.type AND p.key IN (${list(typePredicates)})) AS has_type
    FROM entities e WHERE (e.label IS NOT NULL AND e.label <> e.key) OR e.type IS NOT NULL`).iterate() as Iterable<EntityColumnRow>;
}
