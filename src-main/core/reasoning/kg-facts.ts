/**
 * The KG as Datalog base facts. A binary atom p(S, O) is the triples whose predicate matches p: its key
 * exactly; else an IRI key whose local name is p (RDF data); else a key equal to p with `_` read as `-`
 * (so the kinship pack's father_in_law reads triples keyed father-in-law). type(X, T) is entities.type plus
 * rdf:type triples; a unary p(X) is the entities of type p. Entities are named by their key; literal objects
 * become numbers (numeric XSD datatypes) or strings.
 */
import type { DatabaseHandle } from '../store/kg-store.js';
import { displayName } from '../store/names.js';
import { RDF_TYPE } from '../store/type-predicate.js';
import type { FactSource } from './datalog/engine.js';
import type { ValueTable } from './datalog/values.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC = new Set(
  ['integer', 'decimal', 'double', 'float', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'negativeInteger',
    'nonPositiveInteger', 'unsignedInt', 'unsignedLong', 'unsignedShort', 'unsignedByte'].map((t) => XSD + t),
);

/** Tag of a base fact that is an entity's type column rather than a triple: -(entity id). */
export const entityTypeTag = (entityId: number): number => -entityId;

export interface KgFactSourceOptions {
  /** Source ids whose triples are not base facts (the previous output of the rule set being recomputed). */
  excludeSources?: number[];
  /** Stored facts only (derived = 0): materialised rule output and model predictions are not premises. */
  storedOnly?: boolean;
}

interface PredicateRow {
  id: number;
  key: string;
}

export class KgFactSource implements FactSource {
  private readonly predicates: PredicateRow[];
  private readonly exclude: string;
  /** Datalog predicate name → KG predicate key used for it (for writing derived triples back). */
  readonly matchedKeys = new Map<string, string>();

  constructor(
    private readonly db: DatabaseHandle,
    options: KgFactSourceOptions = {},
  ) {
    this.predicates = db.prepare('SELECT id, key FROM predicates').all() as PredicateRow[];
    const ids = (options.excludeSources ?? []).filter((n) => Number.isInteger(n));
    this.exclude =
      (ids.length ? ` AND (t.source_id IS NULL OR t.source_id NOT IN (${ids.join(',')}))` : '') + (options.storedOnly ? ' AND t.derived = 0' : '');
  }

  /** KG predicates a Datalog name stands for: exact key first, else IRI local names and `_`-for-`-` keys. */
  predicatesFor(name: string): PredicateRow[] {
    const exact = this.predicates.filter((p) => p.key === name);
    if (exact.length) return exact;
    return this.predicates.filter((p) => (p.key !== displayName(p.key) && displayName(p.key) === name) || p.key.replace(/-/g, '_') === name);
  }

  has(name: string, arity: number): boolean {
    if (arity === 2) return name === 'type' || this.predicatesFor(name).length > 0;
    if (arity === 1) return this.db.prepare('SELECT 1 FROM entities WHERE type = ? LIMIT 1').get(name) !== undefined || this.typeKeysFor(name).length > 0;
    return false;
  }

  private typeKeysFor(name: string): string[] {
    const types = this.db.prepare('SELECT DISTINCT type FROM entities WHERE type IS NOT NULL').pluck().all() as string[];
    return types.filter((t) => t === name || displayName(t) === name);
  }

  load(name: string, arity: number, values: ValueTable, add: (tuple: ArrayLike<number>, tag: number) => void): void {
    const tuple = new Int32Array(arity);
    if (arity === 1) {
      for (const type of this.typeKeysFor(name)) {
        for (const row of this.db.prepare('SELECT id, key FROM entities WHERE type = ?').iterate(type) as Iterable<{ id: number; key: string }>) {
          tuple[0] = values.sym(row.key);
          add(tuple, entityTypeTag(row.id));
        }
      }
      return;
    }
    if (arity !== 2) return;
    const preds = this.predicatesFor(name);
    if (preds.length === 1) this.matchedKeys.set(name, preds[0].key);
    if (name === 'type') {
      for (const row of this.db.prepare('SELECT id, key, type FROM entities WHERE type IS NOT NULL').iterate() as Iterable<{ id: number; key: string; type: string }>) {
        tuple[0] = values.sym(row.key);
        tuple[1] = values.sym(row.type);
        add(tuple, entityTypeTag(row.id));
      }
      const rdfType = this.predicates.find((p) => p.key === RDF_TYPE);
      if (rdfType && !preds.includes(rdfType)) preds.push(rdfType);
    }
    if (preds.length === 0) return;
    const rows = this.db
      .prepare(
        `SELECT t.id, se.key AS s, oe.key AS o, l.value AS lv, l.datatype AS dt
         FROM triples t JOIN entities se ON se.id = t.s
         LEFT JOIN entities oe ON t.o > 0 AND oe.id = t.o
         LEFT JOIN literals l ON t.o < 0 AND l.id = -t.o
         WHERE t.p IN (${preds.map((p) => p.id).join(',')})${this.exclude}`,
      )
      .raw()
      .iterate() as Iterable<[number, string, string | null, string | null, string | null]>;
    for (const [id, s, o, lv, dt] of rows) {
      tuple[0] = values.sym(s);
      if (o !== null) tuple[1] = values.sym(o);
      else if (lv !== null) tuple[1] = literalValue(values, lv, dt ?? '');
      else continue;
      add(tuple, id);
    }
  }
}

function literalValue(values: ValueTable, value: string, datatype: string): number {
  if (NUMERIC.has(datatype)) {
    const n = Number(value);
    if (Number.isFinite(n)) return values.num(n);
  }
  return values.intern({ kind: 'str', text: value });
}
