/**
 * The relations the shipped rule packs and the KG's accepted rule sets derive over a KG (aunt, grandchild, controls, ultimate_owner, treatment, …),
 * as look-up tables the question answerer walks like stored predicates. A pack takes part when the KG holds some of
 * the relations it speaks of; each takes part evaluated once (semi-naive, stored facts only) and is kept until the
 * KG's triples change. Proofs come from the engine, with the stored triples at their leaves.
 */
import { DatalogEngine } from '../reasoning/datalog/engine.js';
import { parseDatalog } from '../reasoning/datalog/parser.js';
import { KgFactSource } from '../reasoning/kg-facts.js';
import { buildProgram, withProvenance } from '../reasoning/kg-reasoning.js';
import type { KgProofNode } from '../../contract/reasoning-types.js';
import { listRulePacks, loadRulePack } from '../reasoning/rule-packs.js';
import type { KgStore } from '../store/kg-store.js';
import { ruleSetNames, ruleSetText } from '../store/rule-sets.js';
import { maxRowId, storedTripleCount } from '../store/kg-lookup.js';

export interface RuleRelation {
  /** Datalog name (`aunt`, `ultimate_owner`). */
  name: string;
  pack: string;
  engine: DatalogEngine;
  rel: number;
  /** subject value → object values, and the reverse (value ids of the engine). */
  forward: Map<number, number[]>;
  backward: Map<number, number[]>;
  size: number;
}

export interface RuleRelations {
  packs: string[];
  relations: RuleRelation[];
  /** Datalog names the packs define (their KG predicates are read through the rules instead). */
  names: Set<string>;
}

/** Helper relations of the packs that say nothing a user asks about. */
const HIDDEN = new Set(['has_stake', 'majority', 'owns_chain', 'holding', 'total_share', 'shared_symptom', 'avoid', 'type']);
/** Packs whose derived relations are looked up only when the KG has at most this many triples of their base relations. */
const MAX_BASE_TRIPLES = 200_000;

const cache = new WeakMap<KgStore, { stamp: string; value: RuleRelations }>();

/** Changes when triples or entities are added (new ids), edited or removed (the change log), or the file is replaced. */
function stampOf(store: KgStore): string {
  const db = store.db;
  return `${maxRowId(db, 'triples')}:${maxRowId(db, 'entities')}:${maxRowId(db, 'change_log')}:${maxRowId(db, 'sources')}`;
}

/** The rule packs' relations over this KG (cached until its triples change). */
export function ruleRelations(store: KgStore): RuleRelations {
  const stamp = stampOf(store);
  const hit = cache.get(store);
  if (hit && hit.stamp === stamp) return hit.value;
  const value = evaluatePacks(store);
  cache.set(store, { stamp, value });
  return value;
}

function evaluatePacks(store: KgStore): RuleRelations {
  const db = store.db;
  const out: RuleRelations = { packs: [], relations: [], names: new Set() };
  const probe = new KgFactSource(db, { storedOnly: true });
  // The shipped packs and the rule sets accepted into this KG (a set named like a pack stands for it).
  for (const pack of new Set([...listRulePacks(), ...ruleSetNames(db)])) {
    let text: string;
    try {
      text = ruleSetText(db, pack) ?? loadRulePack(pack).text;
    } catch {
      continue;
    }
    let parsed;
    try {
      parsed = parseDatalog(text, `pack:${pack}`);
    } catch {
      continue;
    }
    // The binary relations the pack speaks of, and how many stored triples the KG has of them.
    const names = new Set<string>();
    for (const r of parsed.rules) {
      if (r.head.args.length === 2) names.add(r.head.predicate);
      for (const l of r.body) if (l.kind === 'atom' && l.atom.args.length === 2) names.add(l.atom.predicate);
    }
    names.delete('type');
    let base = 0;
    for (const n of names) for (const p of probe.predicatesFor(n)) base += storedTripleCount(db, p.id);
    if (base === 0 || base > MAX_BASE_TRIPLES) continue;
    try {
      const { program } = buildProgram([{ name: `pack:${pack}`, text }], db, true);
      const engine = new DatalogEngine(program, { source: new KgFactSource(db, { storedOnly: true }) });
      engine.evaluate();
      const heads = new Set(parsed.rules.filter((r) => r.head.args.length === 2).map((r) => r.head.predicate));
      engine.relations.forEach((rel, n) => {
        if (rel.arity !== 2 || !heads.has(rel.name) || HIDDEN.has(rel.name) || rel.size === 0) return;
        const forward = new Map<number, number[]>();
        const backward = new Map<number, number[]>();
        for (let row = 0; row < rel.size; row++) {
          const s = rel.data[row * 2];
          const o = rel.data[row * 2 + 1];
          if (s === o) continue;
          (forward.get(s) ?? forward.set(s, []).get(s)!).push(o);
          (backward.get(o) ?? backward.set(o, []).get(o)!).push(s);
        }
        out.relations.push({ name: rel.name, pack, engine, rel: n, forward, backward, size: rel.size });
        out.names.add(rel.name);
      });
      out.packs.push(pack);
    } catch {
      // A pack that does not evaluate over this KG takes no part.
    }
  }
  return out;
}

/** A value of the engine as an entity key or a literal text. */
export function valueKey(engine: DatalogEngine, v: number): { key: string; literal: boolean } {
  const val = engine.values.value(v);
  if (val.kind === 'sym') return { key: val.text, literal: false };
  if (val.kind === 'num') return { key: String(val.value), literal: true };
  return { key: val.text, literal: true };
}

export function symOf(engine: DatalogEngine, key: string): number {
  return engine.values.lookup({ kind: 'sym', text: key });
}

/** The proof of relation(a, b), with stored triples at its leaves; null when it does not hold. */
export function proofOf(store: KgStore, r: RuleRelation, a: string, b: string): KgProofNode | null {
  const va = symOf(r.engine, a);
  const vb = symOf(r.engine, b);
  if (va < 0 || vb < 0) return null;
  const row = r.engine.relations[r.rel].find([va, vb]);
  if (row < 0) return null;
  return withProvenance(store.db, r.engine.explain(r.rel, row));
}
