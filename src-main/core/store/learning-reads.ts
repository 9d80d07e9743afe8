/**
 * The KG read whole, as ids and keys, for the data that learning builds: GNN node classification (entities with
 * types, every triple as ids, literal triples for text features, a property's values), KG-embedding training sets
 * (asserted entity-to-entity triples by key) and model predictions (known facts). Streams prepare their own
 * statement (raw tuples, no row objects); point reads go through the statement cache.
 */
import type { DatabaseHandle } from './kg-store.js';
import { prepared } from './statement-cache.js';

/** Every entity as [id, key, type], in id order. */
export function entityTypeTuples(db: DatabaseHandle): Array<[number, string, string | null]> {
  return db.prepare('SELECT id, key, type FROM entities ORDER BY id').raw().all() as Array<[number, string, string | null]>;
}

/** [key, type] of every entity with a type. */
export function typedEntityTuples(db: DatabaseHandle): Iterable<[string, string]> {
  return db.prepare('SELECT key, type FROM entities WHERE type IS NOT NULL').raw().iterate() as Iterable<[string, string]>;
}

/** [id, label] of every entity with a label. */
export function entityLabelTuples(db: DatabaseHandle): Iterable<[number, string]> {
  return db.prepare('SELECT id, label FROM entities WHERE label IS NOT NULL').raw().iterate() as Iterable<[number, string]>;
}

/** The labels of the first `limit` entities in id order (null where unlabelled). */
export function firstEntityLabels(db: DatabaseHandle, limit: number): Array<string | null> {
  return prepared(db, 'SELECT label FROM entities ORDER BY id LIMIT ?', true).all(limit) as Array<string | null>;
}

/** Every triple as [id, s, p, o] (o < 0: a literal), in storage order. */
export function tripleIdQuads(db: DatabaseHandle): Iterable<[number, number, number, number]> {
  return db.prepare('SELECT id, s, p, o FROM triples').raw().iterate() as Iterable<[number, number, number, number]>;
}

/** [s, o] of every triple of predicate `p`, in id order. */
export function subjectObjectPairs(db: DatabaseHandle, p: number): Array<[number, number]> {
  return db.prepare('SELECT s, o FROM triples WHERE p = ? ORDER BY id').raw().all(p) as Array<[number, number]>;
}

/** [s, p, value, datatype, lang] of every triple with a literal object, in id order. */
export function literalTripleTuples(db: DatabaseHandle): Iterable<[number, number, string, string, string]> {
  return db
    .prepare('SELECT t.s, t.p, l.value, l.datatype, l.lang FROM triples t JOIN literals l ON l.id = -t.o WHERE t.o < 0 ORDER BY t.id')
    .raw()
    .iterate() as Iterable<[number, number, string, string, string]>;
}

export function literalById(db: DatabaseHandle, id: number): { value: string; datatype: string; lang: string } | undefined {
  return prepared(db, 'SELECT value, datatype, lang FROM literals WHERE id = ?').get(id) as { value: string; datatype: string; lang: string } | undefined;
}

/** Of `keys`, the predicate with the most triples (then the lowest id), or undefined when the KG has none of them. */
export function mostUsedPredicateKey(db: DatabaseHandle, keys: readonly string[]): string | undefined {
  return prepared(
    db,
    'SELECT p.key FROM predicates p WHERE p.key IN (SELECT value FROM json_each(?)) ORDER BY (SELECT count(*) FROM triples t WHERE t.p = p.id) DESC, p.id LIMIT 1',
    true,
  ).get(JSON.stringify(keys)) as string | undefined;
}

/** A triple of predicate `predicateKey` with its subject's key and its object as a key or a literal's parts. */
export interface PredicateTermRow {
  s: string;
  okey: string | null;
  value: string | null;
  datatype: string;
  lang: string;
}

export function predicateTermRows(db: DatabaseHandle, predicateKey: string): Iterable<PredicateTermRow> {
  return db
    .prepare(
      `SELECT es.key AS s, eo.key AS okey, l.value, l.datatype, l.lang FROM triples t JOIN predicates p ON p.id = t.p AND p.key = ?
         JOIN entities es ON es.id = t.s LEFT JOIN entities eo ON t.o > 0 AND eo.id = t.o LEFT JOIN literals l ON t.o < 0 AND l.id = -t.o`,
    )
    .iterate(predicateKey) as Iterable<PredicateTermRow>;
}

/** Asserted (not derived) entity-to-entity triples by key, with their stored split, in id order. */
export function assertedEntityTriples(db: DatabaseHandle): Array<{ s: string; p: string; o: string; split: string | null }> {
  return db
    .prepare(
      `SELECT es.key AS s, p.key AS p, eo.key AS o, t.split AS split
         FROM triples t JOIN entities es ON es.id = t.s JOIN predicates p ON p.id = t.p JOIN entities eo ON eo.id = t.o
        WHERE t.o > 0 AND t.derived = 0 ORDER BY t.id`,
    )
    .all() as Array<{ s: string; p: string; o: string; split: string | null }>;
}

/** Entity-to-entity triples (asserted and derived) by key, of one predicate when given. */
export function entityTripleKeys(db: DatabaseHandle, predicateKey?: string): Iterable<{ s: string; p: string; o: string }> {
  const sql = 'SELECT es.key AS s, p.key AS p, eo.key AS o FROM triples t JOIN entities es ON es.id = t.s JOIN predicates p ON p.id = t.p JOIN entities eo ON eo.id = t.o WHERE t.o > 0';
  const rows = predicateKey === undefined ? db.prepare(sql).iterate() : db.prepare(`${sql} AND p.key = ?`).iterate(predicateKey);
  return rows as Iterable<{ s: string; p: string; o: string }>;
}

/** A triple seen from one of its entities: the direction, the predicate and the entity at the other end. */
export interface TripleFromEntity {
  out: number;
  pkey: string;
  plabel: string | null;
  nkey: string;
  nlabel: string | null;
}

/** Triple `tripleId` seen from entity `key`, which it touches (undefined when either is gone). */
export function tripleFromEntity(db: DatabaseHandle, key: string, tripleId: number): TripleFromEntity | undefined {
  return prepared(
    db,
    `SELECT t.s = e.id AS out, p.key AS pkey, p.label AS plabel, n.key AS nkey, n.label AS nlabel
       FROM triples t JOIN entities e ON e.key = ? JOIN predicates p ON p.id = t.p
       JOIN entities n ON n.id = CASE WHEN t.s = e.id THEN t.o ELSE t.s END
      WHERE t.id = ?`,
  ).get(key, tripleId) as TripleFromEntity | undefined;
}
