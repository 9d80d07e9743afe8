/**
 * The Datalog engine's plumbing: compiles an analysed program into kernel plans over interned ids,
 * loads base facts from a FactSource on demand, evaluates the strata a goal needs, answers queries,
 * and rebuilds proof trees from the derivation log.
 */
import { isAggregate, predicateId, type Atom, type BodyLiteral, type Program, type Query, type Rule, type Term } from './ast.js';
import { analyseProgram, checkSafety, negationWildcards, renameAnonymous, unknownPredicateWarnings, type AnalysedProgram } from './analysis.js';
import { DatalogError, type DatalogWarning } from './errors.js';
import { parseQuery } from './parser.js';
import { Derivations, Relation } from './relation.js';
import {
  AggKind, CmpOp, constOperand, evaluateStratum, runPlan, StepKind,
  type CompiledRule, type HeadAggregate, type KernelContext, type Operand, type Step,
} from './seminaive.js';
import { formatPredicate, ValueTable } from './values.js';
import { compilePlan } from './plan-compiler.js';
import { EvalGuard, runAsync, runSync, type EvalLimits } from './limits.js';
import { magicRewrite, MAGIC_PREFIX, originalPredicate } from './magic-sets.js';
import type { ProofNode } from '../../../contract/reasoning-types.js';

/** Supplies base facts for predicates (e.g. the KG's triples). */
export interface FactSource {
  /** Adds every base fact of name/arity; called at most once per predicate, when evaluation first needs it. */
  load(name: string, arity: number, values: ValueTable, add: (tuple: ArrayLike<number>, tag: number) => void): void;
  /** Whether the source has any fact for name/arity (for unknown-predicate warnings). */
  has(name: string, arity: number): boolean;
}

export interface EngineOptions {
  source?: FactSource;
  /** Record the first derivation of every fact (default true). */
  proofs?: boolean;
  /** Compile rule plans to JavaScript functions (default true); false runs the reference interpreter. */
  compile?: boolean;
  /** How predicate names are shown in proofs (the magic-sets sub-engine shows `aunt@bf` as `aunt`). */
  displayName?: (name: string) => string;
  /** Stop flag, checked with the limits (prefer limits.signal). */
  cancelled?: () => boolean;
  /** Derived facts, time, memory estimate and Cancel for every evaluation of this engine (limits.ts). */
  limits?: EvalLimits;
}

export interface QueryAnswer {
  values: number[];
  bindings: Record<string, string | number>;
  proof?: ProofNode[];
}

export interface QueryResult {
  variables: string[];
  answers: QueryAnswer[];
}

export interface EvaluationStats {
  strata: Array<{ predicates: string[]; rounds: number; derived: number; ms: number }>;
  /** The last query was answered goal-directed through magic sets. */
  magic?: boolean;
  rounds: number;
  derived: number;
  ms: number;
}

const CMP: Record<string, CmpOp> = { '=': CmpOp.Eq, '!=': CmpOp.Ne, '<': CmpOp.Lt, '<=': CmpOp.Le, '>': CmpOp.Gt, '>=': CmpOp.Ge };
const AGG: Record<string, AggKind> = { count: AggKind.Count, min: AggKind.Min, max: AggKind.Max, sum: AggKind.Sum };
const PROOF_NODE_LIMIT = 20000;
/**
 * Deepest proof step shown: a long recursive chain (a 5,000-step path) would otherwise nest deeper than the stack
 * allows here, and in everything that walks proofs (provenance, JSON, the UI); deeper steps are `truncated`.
 */
export const PROOF_DEPTH_LIMIT = 400;
/** Most (recursive body literals × body length) of one rule: planning and compiling grow with it. */
const MAX_DELTA_WORK = 40_000;
/** Most plan steps of one rule's delta plans together that are compiled to JavaScript; beyond, they are interpreted. */
const MAX_COMPILED_DELTA_STEPS = 4096;

/** A proof from the magic-sets program in the original program's terms: no magic facts, no bridge steps. */
function withoutMagic(node: ProofNode, bridges: Set<string>): ProofNode[] {
  if (node.predicate.startsWith(MAGIC_PREFIX)) return [];
  const premises = node.premises?.flatMap((p) => withoutMagic(p, bridges));
  if (node.rule !== undefined && bridges.has(node.rule)) return premises ?? [];
  return [{ ...node, ...(premises ? { premises } : {}) }];
}

export class DatalogEngine {
  readonly values = new ValueTable();
  readonly relations: Relation[] = [];
  readonly analysed: AnalysedProgram;
  readonly warnings: DatalogWarning[];
  readonly stats: EvaluationStats = { strata: [], rounds: 0, derived: 0, ms: 0 };
  private readonly relIndex = new Map<string, number>();
  private readonly derivations: Derivations | null;
  private readonly compiled: CompiledRule[];
  private readonly ruleRels: number[][];
  private readonly evaluated = new Set<number>();
  private readonly loaded = new Set<number>();
  private readonly ctx: KernelContext;
  /** The limits every evaluation of this engine checks (one budget for the engine's life). */
  readonly guard: EvalGuard;

  constructor(
    readonly program: Program,
    private readonly options: EngineOptions = {},
  ) {
    this.analysed = analyseProgram(program);
    this.derivations = options.proofs === false ? null : new Derivations();
    for (const f of program.facts) {
      const rel = this.relation(f.predicate, f.args.length);
      this.relations[rel].insert(f.args.map((a) => this.values.intern((a as Extract<Term, { kind: 'const' }>).value)));
    }
    const source = options.source;
    this.warnings = unknownPredicateWarnings(this.analysed, (p) => {
      const cut = p.lastIndexOf('/');
      return source ? source.has(p.slice(0, cut), Number(p.slice(cut + 1))) : false;
    });
    const stratumOf = new Map<string, number>();
    this.analysed.strata.forEach((s, i) => s.predicates.forEach((p) => stratumOf.set(p, i)));
    this.ruleRels = [];
    this.compiled = this.analysed.rules.map((r, i) => {
      const own = stratumOf.get(predicateId(r.head.predicate, r.head.args.length));
      this.ruleRels[i] = r.body.flatMap((l) => (l.kind === 'atom' ? [this.relation(l.atom.predicate, l.atom.args.length)] : []));
      return this.compileRule(r, i, (a) => stratumOf.get(predicateId(a.predicate, a.args.length)) === own);
    });
    if (options.compile !== false) {
      const arity = (rel: number): number => this.relations[rel].arity;
      for (const r of this.compiled) {
        if (r.aggregates.length > 0) continue;
        r.fullCompiled = compilePlan(r, r.full, arity);
        // V8 compiles each generated function separately: a long recursive body would make many large ones.
        if (r.deltaPlans.reduce((k, p) => k + p.steps.length, 0) > MAX_COMPILED_DELTA_STEPS) continue;
        for (const plan of r.deltaPlans) plan.compiled = compilePlan(r, plan.steps, arity);
      }
    }
    this.guard = new EvalGuard(options.limits ?? {}, (i) => this.describeRule(i), () => this.bytesEstimate(), options.cancelled);
    this.ctx = {
      rels: this.relations,
      values: this.values,
      derivations: this.derivations,
      deltaLo: new Int32Array(this.relations.length + 1),
      deltaHi: new Int32Array(this.relations.length + 1),
      guard: this.guard,
    };
  }

  /** The relation number of name/arity, created empty when new. */
  relation(name: string, arity: number): number {
    const id = predicateId(name, arity);
    let n = this.relIndex.get(id);
    if (n === undefined) {
      n = this.relations.length;
      this.relations.push(new Relation(name, arity));
      this.relIndex.set(id, n);
      if (this.ctx && this.ctx.deltaLo.length <= n) {
        this.ctx.deltaLo = new Int32Array(n * 2 + 1);
        this.ctx.deltaHi = new Int32Array(n * 2 + 1);
      }
    }
    return n;
  }

  hasRelation(name: string, arity: number): boolean {
    return this.relIndex.has(predicateId(name, arity));
  }

  private ensureLoaded(rel: number): void {
    if (this.loaded.has(rel)) return;
    this.loaded.add(rel);
    const r = this.relations[rel];
    this.options.source?.load(r.name, r.arity, this.values, (tuple, tag) => r.insert(tuple, -1, tag));
  }

  /**
   * Evaluates the strata needed for `predicates` (all strata when omitted). Idempotent. Throws a
   * DatalogLimitError past a limit, CancelledError once the signal fires (the engine is then unusable).
   */
  evaluate(predicates?: string[]): EvaluationStats {
    return runSync(this.evaluation(predicates));
  }

  /**
   * evaluate(), giving the event loop a turn every few tens of milliseconds (between rounds and inside joins),
   * so a server answers other calls, and a Cancel (the signal) arrives, while a big rule runs.
   */
  evaluateAsync(predicates?: string[]): Promise<EvaluationStats> {
    return runAsync(this.evaluation(predicates), this.guard);
  }

  private *evaluation(predicates?: string[]): Generator<number, EvaluationStats> {
    const t0 = performance.now();
    const needed = predicates ? this.closure(predicates) : null;
    try {
      for (let i = 0; i < this.analysed.strata.length; i++) {
        const s = this.analysed.strata[i];
        if (this.evaluated.has(i) || (needed && !s.predicates.some((p) => needed.has(p)))) continue;
        const t = performance.now();
        const rels = s.predicates.map((p) => this.relIndex.get(p)!);
        for (const rel of rels) this.ensureLoaded(rel);
        for (const ri of s.rules) for (const rel of this.ruleRels[ri]) this.ensureLoaded(rel);
        const st = yield* evaluateStratum(this.ctx, s.rules.map((ri) => this.compiled[ri]), rels, s.recursive);
        this.evaluated.add(i);
        this.stats.strata.push({ predicates: s.predicates, rounds: st.rounds, derived: st.derived, ms: performance.now() - t });
        this.stats.rounds += st.rounds;
        this.stats.derived += st.derived;
      }
    } finally {
      this.stats.ms += performance.now() - t0;
    }
    return this.stats;
  }

  /** A rule as limit errors name it: `rule TEXT (FILE, line N)`. */
  private describeRule(i: number): string {
    const r = this.analysed.rules[i];
    if (!r) return `rule #${i}`;
    return `rule ${r.text} (${r.pos.file ? `${r.pos.file}, ` : ''}line ${r.pos.line})`;
  }

  /**
   * What the relations take, roughly: per row its values (4 bytes each), derivation id and tag (12), and the
   * set index (about 16); plus the derivation log (8 bytes per derivation and per premise).
   */
  bytesEstimate(): number {
    let bytes = 0;
    for (const r of this.relations) bytes += r.size * (4 * r.arity + 28);
    return bytes + (this.derivations ? this.derivations.bytes() : 0);
  }

  private closure(predicates: string[]): Set<string> {
    const seen = new Set<string>();
    const todo = [...predicates];
    while (todo.length) {
      const p = todo.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      for (const q of this.analysed.dependsOn.get(p) ?? []) todo.push(q);
    }
    return seen;
  }

  /** All tuples of name/arity after evaluating what it depends on, as value ids. */
  tuples(name: string, arity: number): number[][] {
    const id = predicateId(name, arity);
    if (!this.relIndex.has(id)) return [];
    this.evaluate([id]);
    const rel = this.relIndex.get(id)!;
    this.ensureLoaded(rel);
    const r = this.relations[rel];
    return Array.from({ length: r.size }, (_, row) => r.tuple(row));
  }

  /** Number of tuples of name/arity after evaluating what it depends on. */
  count(name: string, arity: number): number {
    const id = predicateId(name, arity);
    if (!this.relIndex.has(id)) return 0;
    this.evaluate([id]);
    const rel = this.relIndex.get(id)!;
    this.ensureLoaded(rel);
    return this.relations[rel].size;
  }

  /** Row of a ground fact after evaluation, or -1. */
  findFact(name: string, args: number[]): { rel: number; row: number } | null {
    const id = predicateId(name, args.length);
    if (!this.relIndex.has(id)) return null;
    this.evaluate([id]);
    const rel = this.relIndex.get(id)!;
    this.ensureLoaded(rel);
    const row = this.relations[rel].find(args);
    return row >= 0 ? { rel, row } : null;
  }

  /** Answers `?- goal.`: distinct bindings of the goal's named variables, in order of first appearance. */
  query(q: Query | string, opts: { proofs?: boolean; limit?: number; magic?: boolean } = {}): QueryResult {
    const query = typeof q === 'string' ? parseQuery(q) : q;
    const rule = renameAnonymous({ head: { predicate: '?-', args: [], pos: query.pos }, body: query.body, pos: query.pos, text: query.text });
    if (opts.magic) {
      const rewritten = magicRewrite(this.program, this.analysed.rules, { ...query, body: rule.body }, this.analysed.dependsOn);
      if (rewritten) {
        const sub = new DatalogEngine(rewritten.program, { ...this.options, limits: this.guard.remaining(), displayName: (n) => originalPredicate(n) ?? n });
        const result = sub.query(rewritten.query, { ...opts, magic: false });
        this.stats.magic = true;
        this.stats.derived += sub.stats.derived;
        this.stats.rounds += sub.stats.rounds;
        if (opts.proofs) for (const a of result.answers) a.proof = a.proof?.flatMap((n) => withoutMagic(n, rewritten.bridges));
        return result;
      }
    }
    const variables: string[] = [];
    const wild = negationWildcards(rule.body, []);
    for (const l of rule.body) {
      const terms = l.kind === 'atom' ? l.atom.args : [l.left, l.right];
      for (const t of terms) if (t.kind === 'var' && !t.name.startsWith('_') && !variables.includes(t.name) && !wild.has(t.name)) variables.push(t.name);
    }
    const headTerms: Term[] = variables.map((name) => ({ kind: 'var', name, pos: query.pos }));
    checkSafety(headTerms, rule.body, 'query');
    rule.head = { predicate: '?-', args: headTerms, pos: query.pos };
    const preds = rule.body.flatMap((l) => (l.kind === 'atom' ? [predicateId(l.atom.predicate, l.atom.args.length)] : []));
    for (const l of rule.body) if (l.kind === 'atom') this.relation(l.atom.predicate, l.atom.args.length);
    this.evaluate(preds);
    for (const l of rule.body) if (l.kind === 'atom') this.ensureLoaded(this.relation(l.atom.predicate, l.atom.args.length));
    const compiled = this.compileRule(rule, -1, () => false);
    const premRels: number[] = [];
    for (const s of compiled.full) if (s.kind === StepKind.Scan) premRels[s.premise] = s.rel;
    const seen = new Set<string>();
    const answers: QueryAnswer[] = [];
    const limit = opts.limit ?? Infinity;
    runSync(runPlan(this.ctx, compiled.full, compiled.nSlots, compiled.nPremises, (env, premRows) => {
      const values = Array.from(compiled.head, (op) => (op >= 0 ? env[op] : -op - 1));
      const key = values.join(',');
      if (seen.has(key)) return;
      seen.add(key);
      // Distinct answers are capped like derived facts (each is kept in `seen`), counted on their own.
      this.guard.fact(-1);
      const bindings: Record<string, string | number> = {};
      variables.forEach((v, k) => (bindings[v] = this.values.toJson(values[k])));
      const answer: QueryAnswer = { values, bindings };
      if (opts.proofs) {
        const budget = { nodes: PROOF_NODE_LIMIT };
        answer.proof = Array.from(premRows.subarray(0, compiled.nPremises), (row, k) => this.proofOf(premRels[k], row, budget));
      }
      answers.push(answer);
      return answers.length >= limit; // enough answers: stop the join
    }));
    return { variables, answers };
  }

  /** The first derivation of a derived fact (rule index into analysed.rules, premise rows); null for a base fact. */
  derivationOf(rel: number, row: number): { rule: number; premises: Array<{ rel: number; row: number }> } | null {
    const d = this.relations[rel].deriv[row];
    if (d < 0 || !this.derivations) return null;
    return { rule: this.derivations.rule[d], premises: this.derivations.premises(d) };
  }

  /** The proof tree of a fact: the first derivation found, down to base facts. */
  explain(rel: number, row: number): ProofNode {
    return this.proofOf(rel, row, { nodes: PROOF_NODE_LIMIT });
  }

  formatFact(rel: number, row: number): string {
    const r = this.relations[rel];
    const t = r.tuple(row);
    const name = formatPredicate(this.displayName(r.name));
    return t.length === 0 ? name : `${name}(${t.map((v) => this.values.format(v)).join(', ')})`;
  }

  private displayName(name: string): string {
    return this.options.displayName ? this.options.displayName(name) : name;
  }

  private proofOf(rel: number, row: number, budget: { nodes: number }, depth = 0): ProofNode {
    const r = this.relations[rel];
    const tuple = r.tuple(row);
    const node: ProofNode = { fact: this.formatFact(rel, row), predicate: this.displayName(r.name), args: tuple.map((v) => this.values.toJson(v)) };
    budget.nodes--;
    const d = r.deriv[row];
    if (d < 0 || !this.derivations) {
      const tag = r.tags[row];
      node.base = Number.isNaN(tag) ? 'program' : 'source';
      if (!Number.isNaN(tag)) node.tag = tag;
      return node;
    }
    const ruleIdx = this.derivations.rule[d];
    const rule = this.analysed.rules[ruleIdx];
    node.rule = rule.note ? `${rule.text}  % ${rule.note}` : rule.text;
    const premises = this.derivations.premises(d);
    if (budget.nodes <= 0 || depth >= PROOF_DEPTH_LIMIT) {
      node.truncated = true;
      return node;
    }
    node.premises = premises.map((p) => this.proofOf(p.rel, p.row, budget, depth + 1));
    const conditions = this.conditions(rule, tuple, premises);
    if (conditions.length) node.conditions = conditions;
    return node;
  }

  /** Re-binds the rule's variables from the fact and its premises, then instantiates its negations and comparisons. */
  private conditions(rule: Rule, fact: number[], premises: Array<{ rel: number; row: number }>): string[] {
    if (rule.head.args.some(isAggregate)) return [];
    const env = new Map<string, number>();
    const bind = (t: Term, v: number): void => {
      if (t.kind === 'var') env.set(t.name, v);
    };
    rule.head.args.forEach((a, k) => bind(a as Term, fact[k]));
    let p = 0;
    for (const l of rule.body) {
      if (l.kind !== 'atom' || l.negated) continue;
      const prem = premises[p++];
      if (!prem) break;
      const t = this.relations[prem.rel].tuple(prem.row);
      l.atom.args.forEach((a, k) => bind(a, t[k]));
    }
    const show = (t: Term): string => {
      if (t.kind === 'const') return this.values.format(this.values.intern(t.value));
      const v = env.get(t.name);
      return v === undefined ? '_' : this.values.format(v);
    };
    const out: string[] = [];
    for (const l of rule.body) {
      if (l.kind === 'atom' && l.negated) out.push(`not ${formatPredicate(l.atom.predicate)}(${l.atom.args.map(show).join(', ')})`);
      else if (l.kind === 'builtin' && l.op !== '=') out.push(`${show(l.left)} ${l.op} ${show(l.right)}`);
    }
    return out;
  }

  /** Compiles a (renamed) rule into a full plan and delta plans for its recursive atoms. */
  private compileRule(rule: Rule, index: number, inOwnStratum: (a: Atom) => boolean): CompiledRule {
    const slots = new Map<string, number>();
    const slot = (name: string): number => {
      let s = slots.get(name);
      if (s === undefined) slots.set(name, (s = slots.size));
      return s;
    };
    const operand = (t: Term): Operand => (t.kind === 'var' ? slot(t.name) : constOperand(this.values.intern(t.value)));
    for (const l of rule.body) for (const t of l.kind === 'atom' ? l.atom.args : [l.left, l.right]) if (t.kind === 'var') slot(t.name);
    const aggregates: HeadAggregate[] = [];
    const head = Int32Array.from(rule.head.args, (a, col) => {
      if (isAggregate(a)) {
        aggregates.push({ col, kind: AGG[a.op], operand: operand(a.term) });
        return 0;
      }
      return operand(a);
    });
    const headRel = index >= 0 ? this.relation(rule.head.predicate, rule.head.args.length) : -1;
    const premiseOf = new Map<BodyLiteral, number>();
    for (const l of rule.body) if (l.kind === 'atom' && !l.negated) premiseOf.set(l, premiseOf.size);
    const wild = negationWildcards(rule.body, rule.head.args.flatMap((a) => (isAggregate(a) ? [a.term] : [a])).flatMap((t) => (t.kind === 'var' ? [t.name] : [])));
    const plan = (deltaLit: BodyLiteral | null): Step[] => this.plan(rule.body, deltaLit, premiseOf, slot, operand, wild);
    const recursiveLits = index >= 0 && aggregates.length === 0 ? rule.body.filter((l) => l.kind === 'atom' && !l.negated && inOwnStratum(l.atom)) : [];
    if (recursiveLits.length * rule.body.length > MAX_DELTA_WORK) {
      // One plan per recursive literal, each planned over the whole body: the work grows as their product.
      throw new DatalogError(
        `recursive rule too large: ${recursiveLits.length.toLocaleString('en-US')} of its ${rule.body.length.toLocaleString('en-US')} body literals are over predicates it defines recursively, ` +
          `and semi-naive evaluation plans the body once per such literal (at most ${MAX_DELTA_WORK.toLocaleString('en-US')} for their product); split it into smaller rules`,
        rule.pos,
      );
    }
    const deltaPlans = recursiveLits.map((l) => ({
      rel: this.relation((l as { atom: Atom }).atom.predicate, (l as { atom: Atom }).atom.args.length),
      steps: plan(l),
    }));
    return { rule: index, headRel, head, aggregates, nSlots: slots.size, nPremises: premiseOf.size, full: plan(null), deltaPlans };
  }

  /** Greedy join order: the delta atom first, then the atom with most bound arguments; filters as soon as bound. */
  private plan(
    body: BodyLiteral[],
    deltaLit: BodyLiteral | null,
    premiseOf: Map<BodyLiteral, number>,
    slot: (name: string) => number,
    operand: (t: Term) => Operand,
    wild: Set<string>,
  ): Step[] {
    const bound = new Set<string>();
    const isBound = (t: Term): boolean => t.kind === 'const' || bound.has(t.name);
    const steps: Step[] = [];
    const rest = new Set(body);
    const scan = (l: Extract<BodyLiteral, { kind: 'atom' }>, delta: boolean): void => {
      const rel = this.relation(l.atom.predicate, l.atom.args.length);
      const keyCols: number[] = [], keyOps: number[] = [], bindCols: number[] = [], bindSlots: number[] = [], eqCols: number[] = [], eqWith: number[] = [];
      const firstCol = new Map<string, number>();
      l.atom.args.forEach((t, col) => {
        if (isBound(t)) { keyCols.push(col); keyOps.push(operand(t)); }
        else if (t.kind === 'var' && firstCol.has(t.name)) { eqCols.push(col); eqWith.push(firstCol.get(t.name)!); }
        else if (t.kind === 'var') { firstCol.set(t.name, col); bindCols.push(col); bindSlots.push(slot(t.name)); }
      });
      for (const name of firstCol.keys()) bound.add(name);
      steps.push({
        kind: StepKind.Scan, rel, premise: premiseOf.get(l)!, delta,
        keyCols: Int32Array.from(keyCols), keyOps: Int32Array.from(keyOps), mask: keyCols.reduce((m, c) => m | (1 << c), 0),
        bindCols: Int32Array.from(bindCols), bindSlots: Int32Array.from(bindSlots), eqCols: Int32Array.from(eqCols), eqWith: Int32Array.from(eqWith),
      });
      rest.delete(l);
    };
    const flushFilters = (): void => {
      let progress = true;
      while (progress) {
        progress = false;
        for (const l of rest) {
          if (l.kind === 'builtin') {
            const lb = isBound(l.left), rb = isBound(l.right);
            if (lb && rb) steps.push({ kind: StepKind.Compare, op: CMP[l.op], left: operand(l.left), right: operand(l.right) });
            else if (l.op === '=' && lb && l.right.kind === 'var') { steps.push({ kind: StepKind.Bind, slot: slot(l.right.name), from: operand(l.left) }); bound.add(l.right.name); }
            else if (l.op === '=' && rb && l.left.kind === 'var') { steps.push({ kind: StepKind.Bind, slot: slot(l.left.name), from: operand(l.right) }); bound.add(l.left.name); }
            else continue;
          } else if (l.negated) {
            if (!l.atom.args.every((t) => isBound(t) || (t.kind === 'var' && wild.has(t.name)))) continue;
            const cols: number[] = [], ops: number[] = [];
            l.atom.args.forEach((t, col) => { if (isBound(t)) { cols.push(col); ops.push(operand(t)); } });
            steps.push({
              kind: StepKind.Negation, rel: this.relation(l.atom.predicate, l.atom.args.length),
              keyCols: Int32Array.from(cols), keyOps: Int32Array.from(ops), mask: cols.reduce((m, c) => m | (1 << c), 0), full: cols.length === l.atom.args.length,
            });
          } else continue;
          rest.delete(l);
          progress = true;
        }
      }
    };
    if (deltaLit && deltaLit.kind === 'atom') scan(deltaLit, true);
    flushFilters();
    for (;;) {
      let best: Extract<BodyLiteral, { kind: 'atom' }> | null = null;
      let bestScore = -1;
      for (const l of rest) {
        if (l.kind !== 'atom' || l.negated) continue;
        const score = l.atom.args.filter(isBound).length / Math.max(l.atom.args.length, 1);
        if (score > bestScore) { best = l; bestScore = score; }
      }
      if (!best) break;
      scan(best, false);
      flushFilters();
    }
    return steps;
  }
}
