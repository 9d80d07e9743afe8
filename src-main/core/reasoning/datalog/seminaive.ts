/**
 * The evaluation kernel: semi-naive bottom-up evaluation of compiled rules over Relations of interned ids.
 * Knows nothing of syntax, files or the KG; the engine compiles rules into the plans below.
 *
 * Semi-naive: after a first naive round, each round re-runs every recursive rule once per body atom
 * over a stratum predicate, with that atom restricted to the previous round's new rows (the delta,
 * a row range since rows are append-only) and every other atom over the full relation.
 */
import type { Derivations, Relation } from './relation.js';
import type { ValueTable } from './values.js';

/** Operand code: >= 0 is a variable slot, < 0 is the constant with id -(code + 1). */
export type Operand = number;
export const constOperand = (id: number): Operand => -(id + 1);

export const enum StepKind { Scan, Negation, Compare, Bind }
export const enum CmpOp { Eq, Ne, Lt, Le, Gt, Ge }

export interface ScanStep {
  kind: StepKind.Scan;
  rel: number;
  /** Position among the rule's positive body atoms: where its row goes in the premise list. */
  premise: number;
  delta: boolean;
  /** Columns bound before the scan, their operands, and the index mask over them. */
  keyCols: Int32Array;
  keyOps: Int32Array;
  mask: number;
  /** Columns that bind a variable (first occurrence) and the slots they bind. */
  bindCols: Int32Array;
  bindSlots: Int32Array;
  /** Repeated new variables inside the atom: column must equal the earlier column. */
  eqCols: Int32Array;
  eqWith: Int32Array;
}
export interface NegationStep {
  kind: StepKind.Negation;
  rel: number;
  /** When every argument is bound: the full tuple; else look up the bound columns only (wildcards). */
  keyCols: Int32Array;
  keyOps: Int32Array;
  mask: number;
  full: boolean;
}
export interface CompareStep { kind: StepKind.Compare; op: CmpOp; left: Operand; right: Operand }
export interface BindStep { kind: StepKind.Bind; slot: number; from: Operand }
export type Step = ScanStep | NegationStep | CompareStep | BindStep;

export const enum AggKind { Count, Min, Max, Sum }
export interface HeadAggregate { col: number; kind: AggKind; operand: Operand }

export interface CompiledRule {
  /** Index of the source rule (for proofs). */
  rule: number;
  headRel: number;
  /** Operand per head column (aggregate columns are ignored here). */
  head: Int32Array;
  aggregates: HeadAggregate[];
  nSlots: number;
  nPremises: number;
  /** Plan with no delta, and one plan per positive body atom over a predicate of the rule's own stratum. */
  full: Step[];
  deltaPlans: Array<{ rel: number; steps: Step[]; compiled?: (ctx: KernelContext) => number }>;
  /** The full plan compiled to a JavaScript function (plan-compiler.ts), when the engine compiles. */
  fullCompiled?: (ctx: KernelContext) => number;
}

export interface KernelContext {
  rels: Relation[];
  values: ValueTable;
  derivations: Derivations | null;
  /** Delta row range per relation number, for delta scans. */
  deltaLo: Int32Array;
  deltaHi: Int32Array;
  /** Stop flag checked between rounds (and periodically in joins). */
  cancelled?: () => boolean;
}

export interface StratumStats {
  rounds: number;
  derived: number;
}

/** Binds a scanned row's new variables after checking repeated ones; false when the row does not match. */
function bindRow(s: ScanStep, data: Int32Array, base: number, env: Int32Array): boolean {
  const { eqCols, eqWith, bindCols, bindSlots } = s;
  for (let k = 0; k < eqCols.length; k++) if (data[base + eqCols[k]] !== data[base + eqWith[k]]) return false;
  for (let k = 0; k < bindCols.length; k++) env[bindSlots[k]] = data[base + bindCols[k]];
  return true;
}

/** Runs one plan; `emit` receives the variable environment and the premise rows of each full match. */
export function runPlan(
  ctx: KernelContext,
  steps: Step[],
  nSlots: number,
  nPremises: number,
  emit: (env: Int32Array, premRows: Int32Array) => void,
): void {
  const env = new Int32Array(Math.max(nSlots, 1));
  const premRows = new Int32Array(Math.max(nPremises, 1));
  const { rels, values } = ctx;
  const nSteps = steps.length;
  // One key buffer per step: a step's key must survive the deeper steps it calls.
  const keyBufs = steps.map((s) => new Int32Array(Math.max(s.kind === StepKind.Scan || s.kind === StepKind.Negation ? rels[s.rel].arity : 0, 1)));
  const val = (op: Operand): number => (op >= 0 ? env[op] : -op - 1);

  const step = (i: number): void => {
    if (i === nSteps) {
      emit(env, premRows);
      return;
    }
    const s = steps[i];
    switch (s.kind) {
      case StepKind.Scan: {
        const rel = rels[s.rel];
        const a = rel.arity;
        const { keyCols, keyOps } = s;
        const nk = keyCols.length;
        const key = keyBufs[i];
        for (let k = 0; k < nk; k++) key[k] = val(keyOps[k]);
        if (s.delta && nk > 0 && nk < a) {
          // Index chains run newest row first, so the delta [lo, hi) is a prefix of the chain past rows >= hi.
          const lo = ctx.deltaLo[s.rel];
          const hi = ctx.deltaHi[s.rel];
          const idx = rel.index(s.mask, keyCols);
          for (let row = idx.first(key); row >= lo; row = idx.next[row]) {
            if (row < hi && bindRow(s, rel.data, row * a, env)) {
              premRows[s.premise] = row;
              step(i + 1);
            }
          }
        } else if (s.delta) {
          const hi = ctx.deltaHi[s.rel];
          for (let row = ctx.deltaLo[s.rel]; row < hi; row++) {
            const data = rel.data;
            const base = row * a;
            let ok = true;
            for (let k = 0; k < nk; k++) if (data[base + keyCols[k]] !== key[k]) { ok = false; break; }
            if (ok && bindRow(s, data, base, env)) {
              premRows[s.premise] = row;
              step(i + 1);
            }
          }
        } else if (nk === 0) {
          const n = rel.size;
          for (let row = 0; row < n; row++) {
            if (bindRow(s, rel.data, row * a, env)) {
              premRows[s.premise] = row;
              step(i + 1);
            }
          }
        } else if (nk === a) {
          // Every column bound: keyCols are 0..a-1 in order, so the key is the tuple.
          const row = rel.find(key);
          if (row >= 0) {
            premRows[s.premise] = row;
            step(i + 1);
          }
        } else {
          const idx = rel.index(s.mask, keyCols);
          for (let row = idx.first(key); row >= 0; row = idx.next[row]) {
            if (bindRow(s, rel.data, row * a, env)) {
              premRows[s.premise] = row;
              step(i + 1);
            }
          }
        }
        return;
      }
      case StepKind.Negation: {
        const rel = rels[s.rel];
        const key = keyBufs[i];
        for (let k = 0; k < s.keyCols.length; k++) key[k] = val(s.keyOps[k]);
        if (s.full) {
          if (rel.find(key) >= 0) return;
        } else if (s.keyCols.length === 0) {
          if (rel.size > 0) return;
        } else if (rel.index(s.mask, s.keyCols).first(key) >= 0) return;
        step(i + 1);
        return;
      }
      case StepKind.Compare: {
        const l = val(s.left);
        const r = val(s.right);
        let ok: boolean;
        if (s.op === CmpOp.Eq) ok = l === r;
        else if (s.op === CmpOp.Ne) ok = l !== r;
        else {
          const c = values.isNumber(l) && values.isNumber(r) ? values.numberOf(l) - values.numberOf(r) : values.compare(l, r);
          ok = s.op === CmpOp.Lt ? c < 0 : s.op === CmpOp.Le ? c <= 0 : s.op === CmpOp.Gt ? c > 0 : c >= 0;
        }
        if (ok) step(i + 1);
        return;
      }
      case StepKind.Bind: {
        env[s.slot] = val(s.from);
        step(i + 1);
        return;
      }
    }
  };
  step(0);
}

/** Inserts head tuples for one plan run; returns the number of new rows. */
function runRule(ctx: KernelContext, r: CompiledRule, steps: Step[]): number {
  const head = ctx.rels[r.headRel];
  const tuple = new Int32Array(r.head.length);
  const premRels = new Int32Array(r.nPremises);
  for (const s of steps) if (s.kind === StepKind.Scan) premRels[s.premise] = s.rel;
  let added = 0;
  runPlan(ctx, steps, r.nSlots, r.nPremises, (env, premRows) => {
    for (let c = 0; c < tuple.length; c++) {
      const op = r.head[c];
      tuple[c] = op >= 0 ? env[op] : -op - 1;
    }
    const row = head.insert(tuple);
    if (row < 0) return;
    if (ctx.derivations) head.deriv[row] = ctx.derivations.add(r.rule, premRels, premRows, r.nPremises);
    added++;
  });
  return added;
}

/** Groups the body's matches by the non-aggregate head columns and inserts one tuple per group. */
function runAggregateRule(ctx: KernelContext, r: CompiledRule): number {
  const { values } = ctx;
  const head = ctx.rels[r.headRel];
  const aggCols = new Set(r.aggregates.map((a) => a.col));
  const groupCols = Int32Array.from([...r.head.keys()].filter((c) => !aggCols.has(c)));
  const premRels = new Int32Array(r.nPremises);
  for (const s of r.full) if (s.kind === StepKind.Scan) premRels[s.premise] = s.rel;
  interface Group { tuple: Int32Array; acc: number[]; seen: boolean[]; rows: number[] }
  const groups = new Map<string, Group>();
  const tmp = new Int32Array(r.head.length);
  runPlan(ctx, r.full, r.nSlots, r.nPremises, (env, premRows) => {
    for (const c of groupCols) {
      const op = r.head[c];
      tmp[c] = op >= 0 ? env[op] : -op - 1;
    }
    let key = '';
    for (const c of groupCols) key += `${tmp[c]},`;
    let g = groups.get(key);
    if (!g) {
      g = { tuple: tmp.slice(), acc: r.aggregates.map(() => 0), seen: r.aggregates.map(() => false), rows: [] };
      groups.set(key, g);
    }
    r.aggregates.forEach((a, k) => {
      const v = a.operand >= 0 ? env[a.operand] : -a.operand - 1;
      if (a.kind === AggKind.Count) g.acc[k]++;
      else if (a.kind === AggKind.Sum) {
        if (!values.isNumber(v)) throw new Error(`sum(...) over a non-number: ${values.format(v)}`);
        g.acc[k] += values.numberOf(v);
      } else if (!g.seen[k] || (a.kind === AggKind.Min ? values.compare(v, g.acc[k]) < 0 : values.compare(v, g.acc[k]) > 0)) {
        // min/max keep the value id; numbers compare by value (ValueTable.compare).
        g.acc[k] = v;
      }
      g.seen[k] = true;
    });
    if (ctx.derivations) for (let p = 0; p < r.nPremises; p++) g.rows.push(premRels[p], premRows[p]);
  });
  let added = 0;
  for (const g of groups.values()) {
    r.aggregates.forEach((a, k) => {
      g.tuple[a.col] = a.kind === AggKind.Count || a.kind === AggKind.Sum ? values.num(g.acc[k]) : g.acc[k];
    });
    if (head.find(g.tuple) >= 0) continue;
    let d = -1;
    if (ctx.derivations) {
      const n = g.rows.length / 2;
      const rels = new Int32Array(n);
      const rows = new Int32Array(n);
      for (let p = 0; p < n; p++) { rels[p] = g.rows[2 * p]; rows[p] = g.rows[2 * p + 1]; }
      d = ctx.derivations.add(r.rule, rels, rows, n);
    }
    head.insert(g.tuple, d);
    added++;
  }
  return added;
}

/** Evaluates one stratum to fixpoint: aggregate rules once, then naive round, then semi-naive rounds. */
export function evaluateStratum(ctx: KernelContext, rules: CompiledRule[], stratumRels: number[], recursive: boolean): StratumStats {
  let derived = 0;
  for (const r of rules) if (r.aggregates.length > 0) derived += runAggregateRule(ctx, r);
  const start = stratumRels.map((rel) => ctx.rels[rel].size);
  const plain = rules.filter((r) => r.aggregates.length === 0);
  for (const r of plain) derived += r.fullCompiled ? r.fullCompiled(ctx) : runRule(ctx, r, r.full);
  let rounds = 1;
  if (!recursive) return { rounds, derived };
  let lo = start;
  let hi = stratumRels.map((rel) => ctx.rels[rel].size);
  while (hi.some((h, k) => h > lo[k])) {
    if (ctx.cancelled?.()) throw new Error('evaluation cancelled');
    stratumRels.forEach((rel, k) => {
      ctx.deltaLo[rel] = lo[k];
      ctx.deltaHi[rel] = hi[k];
    });
    for (const r of plain) {
      for (const plan of r.deltaPlans) {
        if (ctx.deltaHi[plan.rel] > ctx.deltaLo[plan.rel]) derived += plan.compiled ? plan.compiled(ctx) : runRule(ctx, r, plan.steps);
      }
    }
    rounds++;
    lo = hi;
    hi = stratumRels.map((rel) => ctx.rels[rel].size);
  }
  return { rounds, derived };
}
