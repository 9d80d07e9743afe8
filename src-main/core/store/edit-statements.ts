/**
 * The reads and small writes KgEditor plans edits with: full rows (as change ops carry them) by key or by (s, p, o),
 * the next free ids, the user's and models' `sources` rows, interned predicates and literals. Plain look-ups (ids by
 * key) are kg-lookup's; the ops themselves are applied by change-ops.
 */
import type { EntityRow, NegativeRow, RuleRow, TripleRow } from './change-ops.js';
import { entityIdByKey, predicateIdByKey } from './kg-lookup.js';
import type { DatabaseHandle } from './kg-store.js';
import { prepared } from './statement-cache.js';

export interface LiteralInput {
  value: string;
  datatype?: string;
  lang?: string;
}

/** A triple by keys: subject, predicate, and an entity key or a literal; `graph`: the named graph it is in (a key). */
export interface KeyedFact {
  subject: string;
  predicate: string;
  object: { key: string } | LiteralInput;
  graph?: string | null;
}

/** The `sources` row every hand edit points to (kind 'user'). */
const USER_SOURCE = 'user edits';

/** The entity's full row, props included. */
export function entityWithPropsByKey(db: DatabaseHandle, key: string): EntityRow | undefined {
  return prepared(db, 'SELECT id, key, label, type, props FROM entities WHERE key = ?').get(key) as EntityRow | undefined;
}

/** The predicate's id, stored with `label` first when the KG has no such predicate. */
export function internPredicate(db: DatabaseHandle, key: string, label: string): number {
  return predicateIdByKey(db, key) ?? Number(prepared(db, 'INSERT INTO predicates(key, label) VALUES (?, ?)').run(key, label).lastInsertRowid);
}

export function literalIdOf(db: DatabaseHandle, literal: LiteralInput): number | undefined {
  return prepared(db, 'SELECT id FROM literals WHERE value = ? AND datatype = ? AND lang = ?', true)
    .get(literal.value, literal.datatype ?? '', literal.lang ?? '') as number | undefined;
}

/** The literal's id, stored first when new (a triple's object is its negation). */
export function internLiteral(db: DatabaseHandle, literal: LiteralInput): number {
  prepared(db, 'INSERT OR IGNORE INTO literals(value, datatype, lang) VALUES (?, ?, ?)').run(literal.value, literal.datatype ?? '', literal.lang ?? '');
  return literalIdOf(db, literal) as number;
}

/** A keyed fact's (s, p, o) ids, or undefined when a term is not stored; nothing is created. */
export function factIds(db: DatabaseHandle, fact: KeyedFact): { s: number; p: number; o: number } | undefined {
  const s = entityIdByKey(db, fact.subject);
  const p = predicateIdByKey(db, fact.predicate);
  const o = 'key' in fact.object ? entityIdByKey(db, fact.object.key) : -(literalIdOf(db, fact.object) ?? 0) || undefined;
  return s === undefined || p === undefined || o === undefined ? undefined : { s, p, o };
}

export function tripleById(db: DatabaseHandle, id: number): TripleRow | undefined {
  return prepared(db, 'SELECT * FROM triples WHERE id = ?').get(id) as TripleRow | undefined;
}

/** The triple (s, p, o), asserted or derived. */
export function tripleBySpo(db: DatabaseHandle, s: number, p: number, o: number): TripleRow | undefined {
  return prepared(db, 'SELECT * FROM triples WHERE s = ? AND p = ? AND o = ?').get(s, p, o) as TripleRow | undefined;
}

/** The stored asserted (not derived) triple a keyed fact names. */
export function assertedTriple(db: DatabaseHandle, fact: KeyedFact): TripleRow | undefined {
  const ids = factIds(db, fact);
  return ids && (prepared(db, 'SELECT * FROM triples WHERE s = ? AND p = ? AND o = ? AND derived = 0').get(ids.s, ids.p, ids.o) as TripleRow | undefined);
}

/** Every triple with the entity as subject or object, in id order. */
export function triplesTouching(db: DatabaseHandle, entityId: number): TripleRow[] {
  return prepared(db, 'SELECT * FROM triples WHERE s = ? OR o = ? ORDER BY id').all(entityId, entityId) as TripleRow[];
}

export function aliasesOf(db: DatabaseHandle, entityId: number): string[] {
  return prepared(db, 'SELECT alias FROM aliases WHERE entity_id = ?', true).all(entityId) as string[];
}

/** One past the table's largest id: ops carry their ids so that undo and redo restore the same rows. */
export function nextId(db: DatabaseHandle, table: 'entities' | 'triples' | 'rule_set_rules' | 'rejected_rules'): number {
  return ((prepared(db, `SELECT max(id) FROM ${table}`, true).get() as number | null) ?? 0) + 1;
}

/** The `sources` row of hand edits, created on first use. */
export function userSourceId(db: DatabaseHandle): number {
  const found = prepared(db, "SELECT id FROM sources WHERE kind = 'user' AND name = ?", true).get(USER_SOURCE) as number | undefined;
  if (found) return found;
  return Number(prepared(db, "INSERT INTO sources(kind, name, created_at) VALUES ('user', ?, ?)").run(USER_SOURCE, new Date().toISOString()).lastInsertRowid);
}

/** A new `sources` row naming the model whose predictions are being accepted (it outlives undo, so redo keeps it). */
export function insertModelSource(db: DatabaseHandle, model: string, detail: Record<string, unknown>): number {
  return Number(
    prepared(db, "INSERT INTO sources(kind, name, detail, created_at) VALUES ('model', ?, ?, ?)").run(model, JSON.stringify(detail), new Date().toISOString()).lastInsertRowid,
  );
}

/** The rejection of a model's prediction (s, p, o), if one is stored. */
export function negativeBySpo(db: DatabaseHandle, s: number, p: number, o: number): NegativeRow | undefined {
  return prepared(db, 'SELECT * FROM model_negatives WHERE s = ? AND p = ? AND o = ?').get(s, p, o) as NegativeRow | undefined;
}

export function rejectedRule(db: DatabaseHandle, rule: string): RuleRow | undefined {
  return prepared(db, 'SELECT id, NULL AS rule_set, rule, head, stats, rejected_at AS at FROM rejected_rules WHERE rule = ?').get(rule) as RuleRow | undefined;
}

/** The rule's rows in every rule set that holds it. */
export function ruleSetRows(db: DatabaseHandle, rule: string): RuleRow[] {
  return prepared(db, 'SELECT id, rule_set, rule, head, stats, accepted_at AS at FROM rule_set_rules WHERE rule = ?').all(rule) as RuleRow[];
}

export function ruleSetHolds(db: DatabaseHandle, ruleSet: string, rule: string): boolean {
  return prepared(db, 'SELECT 1 FROM rule_set_rules WHERE rule_set = ? AND rule = ?').get(ruleSet, rule) !== undefined;
}
