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
import { TICK_MASK, type EvalGuard } from './limits.js';

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
  deltaPlans: Array<{ rel: number; steps: Step[]; compiled?: CompiledPlan }>;
  /** The full plan compiled to a JavaScript generator function (plan-compiler.ts), when the engine compiles. */
  fullCompiled?: CompiledPlan;
}

/** A compiled plan: yields when the guard asks for a turn of the event loop, returns the number of new rows. */
export type CompiledPlan = (ctx: KernelContext) => Generator<number, number>;

export interface KernelContext {
  rels: Relation[];
  values: ValueTable;
  derivations: Derivations | null;
  /** Delta row range per relation number, for delta scans. */
  deltaLo: Int32Array;
  deltaHi: Int32Array;
  /** Limits and Cancel: ticked between rounds and every few thousand join rows; counts every new fact. */
  guard: EvalGuard;
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

const enum Mode { DeltaIndexed, DeltaRange, All, Exact, Indexed, Once }

/**
 * Runs one plan; `emit` receives the variable environment and the premise rows of each full match (and may
 * return true to stop the run). Iterative (a cursor per step, no recursion), so a body of thousands of literals
 * runs in constant stack. A generator: it yields when ctx.guard asks for a turn of the event loop; `rule` is the
 * rule index the guard names when a limit is crossed (-1 for a query's answers).
 */
export function* runPlan(
  ctx: KernelContext,
  steps: Step[],
  nSlots: number,
  nPremises: number,
  emit: (env: Int32Array, premRows: Int32Array) => boolean | void,
  rule = -1,
): Generator<number, void> {
  const env = new Int32Array(Math.max(nSlots, 1));
  const premRows = new Int32Array(Math.max(nPremises, 1));
  const { rels, values, guard } = ctx;
  const nSteps = steps.length;
  if (nSteps === 0) {
    emit(env, premRows);
    return;
  }
  // Per step: a key buffer (it must survive the deeper steps), the scan's mode, cursor, bounds and index chain.
  const keyBufs = steps.map((s) => new Int32Array(Math.max(s.kind === StepKind.Scan || s.kind === StepKind.Negation ? rels[s.rel].arity : 0, 1)));
  const mode = new Uint8Array(nSteps);
  const cursor = new Int32Array(nSteps);
  const lo = new Int32Array(nSteps);
  const hi = new Int32Array(nSteps);
  const chains: Array<Int32Array | null> = new Array(nSteps).fill(null);
  const val = (op: Operand): number => (op >= 0 ? env[op] : -op - 1);
  let ticks = 0;
  let tickAt = TICK_MASK + 1;

  /** Sets step i up for its first candidate; false when it has none (a failed filter). */
  const enter = (i: number): boolean => {
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
          const idx = rel.index(s.mask, keyCols);
          mode[i] = Mode.DeltaIndexed;
          chains[i] = idx.next;
          cursor[i] = idx.first(key);
          lo[i] = ctx.deltaLo[s.rel];
          hi[i] = ctx.deltaHi[s.rel];
        } else if (s.delta) {
          mode[i] = Mode.DeltaRange;
          cursor[i] = ctx.deltaLo[s.rel];
          hi[i] = ctx.deltaHi[s.rel];
        } else if (nk === 0) {
          mode[i] = Mode.All;
          cursor[i] = 0;
          hi[i] = rel.size;
        } else if (nk === a) {
          // Every column bound: keyCols are 0..a-1 in order, so the key is the tuple.
          mode[i] = Mode.Exact;
          cursor[i] = rel.find(key);
        } else {
          const idx = rel.index(s.mask, keyCols);
          mode[i] = Mode.Indexed;
          chains[i] = idx.next;
          cursor[i] = idx.first(key);
        }
        return true;
      }
      case StepKind.Negation: {
        const rel = rels[s.rel];
        const key = keyBufs[i];
        for (let k = 0; k < s.keyCols.length; k++) key[k] = val(s.keyOps[k]);
        mode[i] = Mode.Once;
        if (s.full) return rel.find(key) < 0;
        if (s.keyCols.length === 0) return rel.size === 0;
        return rel.index(s.mask, s.keyCols).first(key) < 0;
      }
      case StepKind.Compare: {
        mode[i] = Mode.Once;
        const l = val(s.left);
        const r = val(s.right);
        if (s.op === CmpOp.Eq) return l === r;
        if (s.op === CmpOp.Ne) return l !== r;
        const c = values.isNumber(l) && values.isNumber(r) ? values.numberOf(l) - values.numberOf(r) : values.compare(l, r);
        return s.op === CmpOp.Lt ? c < 0 : s.op === CmpOp.Le ? c <= 0 : s.op === CmpOp.Gt ? c > 0 : c >= 0;
      }
      case StepKind.Bind:
        mode[i] = Mode.Once;
        env[s.slot] = val(s.from);
        return true;
    }
  };

  /** Moves step i to its next match (binding its variables); false when it has no more. */
  const advance = (i: number): boolean => {
    const s = steps[i];
    if (s.kind !== StepKind.Scan) {
      // A filter or bind matches once: cursor 0 = not yet passed through.
      if (cursor[i] !== 0) return false;
      cursor[i] = 1;
      return true;
    }
    const rel = rels[s.rel];
    const a = rel.arity;
    const data = rel.data;
    switch (mode[i]) {
      case Mode.DeltaIndexed: {
        const next = chains[i]!;
        for (let row = cursor[i]; row >= lo[i]; row = next[row]) {
          ticks++;
          if (row < hi[i] && bindRow(s, data, row * a, env)) {
            cursor[i] = next[row];
            premRows[s.premise] = row;
            return true;
          }
        }
        cursor[i] = -1;
        return false;
      }
      case Mode.DeltaRange: {
        const key = keyBufs[i];
        const { keyCols } = s;
        const nk = keyCols.length;
        for (let row = cursor[i]; row < hi[i]; row++) {
          ticks++;
          const base = row * a;
          let ok = true;
          for (let k = 0; k < nk; k++) if (data[base + keyCols[k]] !== key[k]) { ok = false; break; }
          if (ok && bindRow(s, data, base, env)) {
            cursor[i] = row + 1;
            premRows[s.premise] = row;
            return true;
          }
        }
        cursor[i] = hi[i];
        return false;
      }
      case Mode.All: {
        for (let row = cursor[i]; row < hi[i]; row++) {
          ticks++;
          if (bindRow(s, data, row * a, env)) {
            cursor[i] = row + 1;
            premRows[s.premise] = row;
            return true;
          }
        }
        cursor[i] = hi[i];
        return false;
      }
      case Mode.Exact: {
        const row = cursor[i];
        if (row < 0) return false;
        cursor[i] = -1;
        premRows[s.premise] = row;
        return true;
      }
      default: {
        const next = chains[i]!;
        for (let row = cursor[i]; row >= 0; row = next[row]) {
          ticks++;
          if (bindRow(s, data, row * a, env)) {
            cursor[i] = next[row];
            premRows[s.premise] = row;
            return true;
          }
        }
        cursor[i] = -1;
        return false;
      }
    }
  };

  const live = (i: number): boolean => {
    if (!enter(i)) return false;
    if (steps[i].kind !== StepKind.Scan) cursor[i] = 0;
    return true;
  };
  let i = 0;
  let entered = live(0);
  while (i >= 0) {
    if (++ticks >= tickAt) {
      tickAt = ticks + TICK_MASK + 1;
      if (guard.tick(rule)) yield 0;
    }
    if (!entered || !advance(i)) {
      i--;
      entered = true;
      continue;
    }
    if (i + 1 === nSteps) {
      if (emit(env, premRows) === true) return;
      continue;
    }
    i++;
    entered = live(i);
  }
}

/** Inserts head tuples for one plan run; returns the number of new rows. */
function* runRule(ctx: KernelContext, r: CompiledRule, steps: Step[]): Generator<number, number> {
  const head = ctx.rels[r.headRel];
  const tuple = new Int32Array(r.head.length);
  const premRels = new Int32Array(r.nPremises);
  for (const s of steps) if (s.kind === StepKind.Scan) premRels[s.premise] = s.rel;
  let added = 0;
  const { guard } = ctx;
  yield* runPlan(ctx, steps, r.nSlots, r.nPremises, (env, premRows) => {
    for (let c = 0; c < tuple.length; c++) {
      const op = r.head[c];
      tuple[c] = op >= 0 ? env[op] : -op - 1;
    }
    const row = head.insert(tuple);
    if (row < 0) return;
    guard.fact(r.rule);
    if (ctx.derivations) head.deriv[row] = ctx.derivations.add(r.rule, premRels, premRows, r.nPremises);
    added++;
  }, r.rule);
  return added;
}

/** Groups the body's matches by the non-aggregate head columns and inserts one tuple per group. */
function* runAggregateRule(ctx: KernelContext, r: CompiledRule): Generator<number, number> {
  const { values } = ctx;
  const head = ctx.rels[r.headRel];
  const aggCols = new Set(r.aggregates.map((a) => a.col));
  const groupCols = Int32Array.from([...r.head.keys()].filter((c) => !aggCols.has(c)));
  const premRels = new Int32Array(r.nPremises);
  for (const s of r.full) if (s.kind === StepKind.Scan) premRels[s.premise] = s.rel;
  interface Group { tuple: Int32Array; acc: number[]; seen: boolean[]; rows: number[] }
  const groups = new Map<string, Group>();
  const tmp = new Int32Array(r.head.length);
  yield* runPlan(ctx, r.full, r.nSlots, r.nPremises, (env, premRows) => {
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
  }, r.rule);
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
    ctx.guard.fact(r.rule);
    added++;
  }
  return added;
}

/** Evaluates one stratum to fixpoint: aggregate rules once, then naive round, then semi-naive rounds. */
export function* evaluateStratum(ctx: KernelContext, rules: CompiledRule[], stratumRels: number[], recursive: boolean): Generator<number, StratumStats> {
  let derived = 0;
  const run = (r: CompiledRule, steps: Step[], compiled: CompiledPlan | undefined): Generator<number, number> => (compiled ? compiled(ctx) : runRule(ctx, r, steps));
  for (const r of rules) if (r.aggregates.length > 0) derived += yield* runAggregateRule(ctx, r);
  const start = stratumRels.map((rel) => ctx.rels[rel].size);
  const plain = rules.filter((r) => r.aggregates.length === 0);
  for (const r of plain) {
    if (ctx.guard.tick(r.rule)) yield 0;
    derived += yield* run(r, r.full, r.fullCompiled);
  }
  let rounds = 1;
  if (!recursive) return { rounds, derived };
  let lo = start;
  let hi = stratumRels.map((rel) => ctx.rels[rel].size);
  while (hi.some((h, k) => h > lo[k])) {
    stratumRels.forEach((rel, k) => {
      ctx.deltaLo[rel] = lo[k];
      ctx.deltaHi[rel] = hi[k];
    });
    for (const r of plain) {
      for (const plan of r.deltaPlans) {
        if (ctx.deltaHi[plan.rel] <= ctx.deltaLo[plan.rel]) continue;
        // Between rounds and plans: Cancel, the limits, and a turn of the event loop when running asynchronously.
        if (ctx.guard.tick(r.rule)) yield 0;
        derived += yield* run(r, plan.steps, plan.compiled);
      }
    }
    rounds++;
    lo = hi;
    hi = stratumRels.map((rel) => ctx.rels[rel].size);
  }
  return { rounds, derived };
}
