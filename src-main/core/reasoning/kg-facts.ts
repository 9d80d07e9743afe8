/**
 * The KG as Datalog base facts. A binary atom p(S, O) is the triples whose predicate matches p: its key
 * exactly; else an IRI key whose local name is p (RDF data); else a key equal to p with `_` read as `-`
 * (so the kinship pack's father_in_law reads triples keyed father-in-law). type(X, T) is entities.type plus
 * rdf:type triples; a unary p(X) is the entities of type p. Entities are named by their key; literal objects
 * become numbers (numeric XSD datatypes) or strings.
 */
import type { DatabaseHandle } from '../store/kg-store.js';
import { displayName } from '../store/names.js';
import { predicateRows } from '../store/kg-lookup.js';
import { entityTypes, hasEntityOfType, scanEntitiesOfType, scanTripleFacts, scanTypedEntities, type TripleScanOptions } from '../store/fact-scan.js';
import { RDF_TYPE } from '../../contract/vocabulary.js';
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
  private readonly scan: TripleScanOptions;
  /** Datalog predicate name → KG predicate key used for it (for writing derived triples back). */
  readonly matchedKeys = new Map<string, string>();

  constructor(
    private readonly db: DatabaseHandle,
    options: KgFactSourceOptions = {},
  ) {
    this.predicates = predicateRows(db);
    this.scan = { excludeSources: options.excludeSources, storedOnly: options.storedOnly };
  }

  /** KG predicates a Datalog name stands for: exact key first, else IRI local names and `_`-for-`-` keys. */
  predicatesFor(name: string): PredicateRow[] {
    const exact = this.predicates.filter((p) => p.key === name);
    if (exact.length) return exact;
    return this.predicates.filter((p) => (p.key !== displayName(p.key) && displayName(p.key) === name) || p.key.replace(/-/g, '_') === name);
  }

  has(name: string, arity: number): boolean {
    if (arity === 2) return name === 'type' || this.predicatesFor(name).length > 0;
    if (arity === 1) return hasEntityOfType(this.db, name) || this.typeKeysFor(name).length > 0;
    return false;
  }

  private typeKeysFor(name: string): string[] {
    return entityTypes(this.db).filter((t) => t === name || displayName(t) === name);
  }

  load(name: string, arity: number, values: ValueTable, add: (tuple: ArrayLike<number>, tag: number) => void): void {
    const tuple = new Int32Array(arity);
    if (arity === 1) {
      for (const type of this.typeKeysFor(name)) {
        for (const row of scanEntitiesOfType(this.db, type)) {
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
      for (const row of scanTypedEntities(this.db)) {
        tuple[0] = values.sym(row.key);
        tuple[1] = values.sym(row.type);
        add(tuple, entityTypeTag(row.id));
      }
      const rdfType = this.predicates.find((p) => p.key === RDF_TYPE);
      if (rdfType && !preds.includes(rdfType)) preds.push(rdfType);
    }
    if (preds.length === 0) return;
    const rows = scanTripleFacts(this.db, preds.map((p) => p.id), this.scan);
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
