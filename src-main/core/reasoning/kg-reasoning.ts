/**
 * Datalog over a KG file: builds the program (rule files + packs + predicate semantics), answers queries
 * with proofs whose leaves carry the stored triples' provenance, and materialises derived triples.
 */
import { mergePrograms, predicateId, type Program } from './datalog/ast.js';
import { DatalogEngine } from './datalog/engine.js';
import { formatWarning, type DatalogWarning } from './datalog/errors.js';
import { parseDatalog, parseQuery } from './datalog/parser.js';
import { KgFactSource } from './kg-facts.js';
import type { RuleText } from './rule-packs.js';
import { CONVENTION_PREFIX, conventionRuleIndex, markConventions } from './conventions.js';
import { schemaRules, type SchemaRule } from './schema-rules.js';
import type { DatabaseHandle, KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { sourceIdsOfKind, tripleIdBySpo, tripleProvenance } from '../store/kg-lookup.js';
import { deleteDerivedTriplesOf, derivedTriplesOf, setTripleProps } from '../store/rule-output.js';
import { throwIfCancelled } from '../run/cancelled-error.js';
import type { EvalLimits } from './datalog/limits.js';
import type { KgProofNode, KgQueryResult, MaterializeResult, ProofNode } from '../../contract/reasoning-types.js';

const SCHEMA_RULES_FILE = 'KG predicate semantics';

export interface KgProgram {
  program: Program;
  schemaRules: SchemaRule[];
}

/** Parses every rule text (errors name the file) and adds the KG's predicate semantics unless `schema` is false. */
export function buildProgram(rules: RuleText[], db: DatabaseHandle | null, schema = true): KgProgram {
  const programs = rules.map((r) => parseDatalog(r.text, r.name));
  const sr = schema && db ? schemaRules(db) : [];
  if (sr.length) programs.push(parseDatalog(sr.map((r) => r.text).join('\n'), SCHEMA_RULES_FILE));
  return { program: mergePrograms(...programs), schemaRules: sr };
}

/**
 * Unknown-predicate warnings only for the user's own rules: shipped packs cover several vocabularies and
 * generated schema rules name every declared property, so a KG lacking some of their predicates is normal.
 */
const packFree = (ws: DatalogWarning[]): DatalogWarning[] =>
  ws.filter((w) => !w.pos.file?.startsWith('pack:') && !w.pos.file?.startsWith(CONVENTION_PREFIX) && w.pos.file !== SCHEMA_RULES_FILE);

/** The named conventions (e.g. family-tree) among the rules, in order. */
export const conventionsOf = (rules: RuleText[]): string[] => rules.filter((r) => r.name.startsWith(CONVENTION_PREFIX)).map((r) => r.name.slice(CONVENTION_PREFIX.length));

/** Adds the triple id and provenance to every leaf of a proof that came from the KG. */
export function withProvenance(db: DatabaseHandle, node: ProofNode): KgProofNode {
  const out: KgProofNode = { ...node };
  if (node.premises) out.premises = node.premises.map((p) => withProvenance(db, p));
  if (node.base === 'source' && node.tag !== undefined) {
    if (node.tag >= 0) {
      const row = tripleProvenance(db, node.tag);
      if (row) out.triple = { id: row.id, derived: row.derived === 1, source: row.kind ? { kind: row.kind, name: row.name ?? '' } : null, line: row.line };
    } else {
      out.entity_type = { entity_id: -node.tag };
    }
    delete out.tag;
  }
  return out;
}

export interface KgQueryOptions {
  explain?: boolean;
  schema?: boolean;
  limit?: number;
  magic?: boolean;
  /** Derived facts, time, memory estimate and Cancel (datalog/limits.ts); defaults protect a desktop. */
  limits?: EvalLimits;
}

/** The engine for a query and the warnings about its goal. */
function prepareQuery(db: DatabaseHandle, rules: RuleText[], query: string, opts: KgQueryOptions) {
  const { program } = buildProgram(rules, db, opts.schema ?? true);
  const q = parseQuery(query);
  const source = new KgFactSource(db, { storedOnly: true });
  const engine = new DatalogEngine(program, { source, limits: opts.limits });
  const warnings = packFree(engine.warnings).map(formatWarning);
  const goal: string[] = [];
  for (const l of q.body) {
    if (l.kind !== 'atom') continue;
    const id = predicateId(l.atom.predicate, l.atom.args.length);
    goal.push(id);
    const defined = program.rules.some((r) => predicateId(r.head.predicate, r.head.args.length) === id) || program.facts.some((f) => predicateId(f.predicate, f.args.length) === id);
    if (!defined && !source.has(l.atom.predicate, l.atom.args.length)) warnings.push(`line ${l.atom.pos.line}, column ${l.atom.pos.column}: warning: unknown predicate ${id}: no rule, fact or KG triple defines it`);
  }
  return { q, engine, warnings, goal };
}

function answerQuery(db: DatabaseHandle, rules: RuleText[], prepared: ReturnType<typeof prepareQuery>, opts: KgQueryOptions): KgQueryResult {
  const { q, engine, warnings } = prepared;
  const result = engine.query(q, { proofs: opts.explain, limit: opts.limit, magic: opts.magic });
  const conventions = conventionsOf(rules);
  const index = conventionRuleIndex(rules);
  const used = new Set<string>();
  const answers = result.answers.map((a) => ({ bindings: a.bindings, ...(a.proof ? { proof: a.proof.map((p) => withProvenance(db, p)) } : {}) }));
  for (const a of answers) for (const p of a.proof ?? []) markConventions(p, index, used);
  return {
    variables: result.variables,
    answers,
    count: result.answers.length,
    warnings,
    stats: { rounds: engine.stats.rounds, derived: engine.stats.derived, ms: engine.stats.ms, magic: engine.stats.magic === true },
    ...(conventions.length ? { conventions, conventions_used: [...used].sort() } : {}),
  };
}

/** Answers a query, blocking until done (within opts.limits). */
export function queryKg(db: DatabaseHandle, rules: RuleText[], query: string, opts: KgQueryOptions = {}): KgQueryResult {
  return answerQuery(db, rules, prepareQuery(db, rules, query, opts), opts);
}

/**
 * queryKg for servers and the CLI: the rules run with turns for the event loop (other calls, Cancel through
 * opts.limits.signal). Goal-directed (magic) runs evaluate in their own engine, synchronously, within the same limits.
 */
export async function queryKgAsync(db: DatabaseHandle, rules: RuleText[], query: string, opts: KgQueryOptions = {}): Promise<KgQueryResult> {
  const prepared = prepareQuery(db, rules, query, opts);
  if (!opts.magic) await prepared.engine.evaluateAsync(prepared.goal);
  return answerQuery(db, rules, prepared, opts);
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/**
 * Recomputes a rule set over the KG (without its own previous output) and replaces its derived triples in one
 * transaction: triples that no longer hold disappear, new ones appear, each with the rule and premise triple ids.
 */
export async function materializeRules(store: KgStore, rules: RuleText[], opts: { name?: string; schema?: boolean; limits?: EvalLimits } = {}): Promise<MaterializeResult> {
  const t0 = performance.now();
  const db = store.db;
  const name = opts.name ?? rules.map((r) => r.name).join(' + ');
  const previousSources = sourceIdsOfKind(db, 'rule', name);
  const previous = new Map<string, number>();
  for (const r of derivedTriplesOf(db, previousSources)) previous.set(`${r.s} ${r.p} ${r.o}`, r.id);
  const { program } = buildProgram(rules, db, opts.schema ?? true);
  const source = new KgFactSource(db, { excludeSources: previousSources });
  const engine = new DatalogEngine(program, { source, limits: opts.limits });
  // A limit or Cancel throws here, before the write transaction: nothing is written.
  await engine.evaluateAsync();
  const warnings = packFree(engine.warnings).map(formatWarning);

  // Derived binary facts, each with its premises as (relation, row).
  const heads = new Set(program.rules.map((r) => predicateId(r.head.predicate, r.head.args.length)));
  const facts: Array<{ rel: number; row: number }> = [];
  let notStored = 0;
  engine.relations.forEach((rel, n) => {
    if (!heads.has(rel.id)) return;
    for (let row = 0; row < rel.size; row++) {
      if (rel.deriv[row] < 0) continue;
      if (rel.arity !== 2 || engine.values.value(rel.data[row * 2]).kind !== 'sym') notStored++;
      else facts.push({ rel: n, row });
    }
  });

  const signal = opts.limits?.signal;
  throwIfCancelled(signal);
  // Every 10,000 facts the write yields (a Cancel sent as a message, or another call, gets its turn) and checks Cancel.
  const checkpoint = async (k: number): Promise<void> => {
    if (k % 10000 !== 0 || k === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    throwIfCancelled(signal);
  };
  return store.write(async () => {
    // A Cancel while this transaction is under way rolls it back.
    deleteDerivedTriplesOf(db, previousSources);
    const writer = new TripleWriter(store, { kind: 'rule', name, detail: { rules: rules.map((r) => ({ name: r.name, text: r.text })) } });
    const tripleOf = new Map<string, number>(); // "rel row" -> new triple id
    const conventionRules = conventionRuleIndex(rules);
    const ids: Array<number | null> = [];
    let fresh = 0;
    for (const [k, f] of facts.entries()) {
      await checkpoint(k);
      const rel = engine.relations[f.rel];
      const [s, o] = rel.tuple(f.row).map((v) => engine.values.value(v));
      const sId = writer.entity((s as { text: string }).text);
      const pId = writer.predicate(source.matchedKeys.get(rel.name) ?? rel.name);
      const oId = o.kind === 'sym' ? writer.entity(o.text) : o.kind === 'num' ? writer.literal(String(o.value), Number.isInteger(o.value) ? `${XSD}integer` : `${XSD}decimal`) : writer.literal(o.text);
      if (!writer.add(sId, pId, oId, { derived: true })) {
        notStored++;
        ids.push(null);
        continue;
      }
      const id = tripleIdBySpo(db, sId, pId, oId)!;
      ids.push(id);
      tripleOf.set(`${f.rel} ${f.row}`, id);
      if (!previous.has(`${sId} ${pId} ${oId}`)) fresh++;
    }
    for (const [k, f] of facts.entries()) {
      await checkpoint(k);
      const id = ids[k];
      if (id === null) continue;
      const derivation = engine.derivationOf(f.rel, f.row)!;
      const premises = derivation.premises.map((p) => {
        const r = engine.relations[p.rel];
        if (r.deriv[p.row] < 0) return Number.isNaN(r.tags[p.row]) || r.tags[p.row] < 0 ? engine.formatFact(p.rel, p.row) : r.tags[p.row];
        return tripleOf.get(`${p.rel} ${p.row}`) ?? engine.formatFact(p.rel, p.row);
      });
      const rule = engine.analysed.rules[derivation.rule].text;
      const convention = conventionRules.get(rule);
      setTripleProps(db, id, JSON.stringify({ rule, premises, ...(convention ? { convention } : {}) }));
    }
    throwIfCancelled(signal);
    writer.finish();
    const total = ids.filter((i) => i !== null).length;
    return {
      rule_set: name,
      derived: fresh,
      removed: previous.size - (total - fresh),
      total_derived: total,
      not_stored: notStored,
      source_id: writer.sourceId,
      rounds: engine.stats.rounds,
      ms: performance.now() - t0,
      warnings,
      ...(conventionsOf(rules).length ? { conventions: conventionsOf(rules) } : {}),
    };
  }, { signal, label: 'materialize' });
}
