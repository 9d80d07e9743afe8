/**
 * Compiles a rule's join plan into a JavaScript function of nested loops (variables as locals, constants
 * inlined), the way Soufflé specialises its relational-algebra machine. Same semantics as runPlan +
 * runRule in seminaive.ts, which stay as the reference (and serve queries and aggregates); the tests run
 * both on the same programs.
 *
 * Indexes are fetched (caught up) once per run rather than per outer row: rows a run appends to the
 * relation it scans are the next round's delta anyway, so not seeing them within the run loses nothing.
 */
import { CmpOp, StepKind, type CompiledPlan, type CompiledRule, type KernelContext, type Operand, type Step } from './seminaive.js';
import { TICK_MASK } from './limits.js';

export type { CompiledPlan };

/**
 * Plans longer than this run in the interpreter (runPlan, iterative) instead: every step is a nested block in
 * the generated source, and V8's parser recurses on nesting (a 3,000-literal body overflowed its stack).
 */
export const MAX_COMPILED_STEPS = 200;

// eslint-disable-next-line @typescript-eslint/no-empty-function
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as new (...args: string[]) => (...a: unknown[]) => Generator<number, number>;

const CMP_JS: Record<number, string> = { [CmpOp.Lt]: '<', [CmpOp.Le]: '<=', [CmpOp.Gt]: '>', [CmpOp.Ge]: '>=' };

/**
 * The plan as a generator function: every loop body counts a row and every TICK_MASK + 1 rows asks ctx.guard
 * (Cancel, time, memory), yielding when an asynchronous run's slice is over; every new fact is counted
 * (the facts limit). Undefined for plans longer than MAX_COMPILED_STEPS.
 */
export function compilePlan(rule: CompiledRule, steps: Step[], arityOf: (rel: number) => number): CompiledPlan | undefined {
  if (steps.length > MAX_COMPILED_STEPS) return undefined;
  const lines: string[] = [];
  const colLists: Int32Array[] = [];
  const registerCols = (cols: Int32Array): number => colLists.push(cols) - 1;
  const ctxArity = arityOf;
  const pre: string[] = [];
  const op = (o: Operand): string => (o >= 0 ? `v${o}` : String(-o - 1));
  const rels = new Set<number>();
  for (const s of steps) if (s.kind === StepKind.Scan || s.kind === StepKind.Negation) rels.add(s.rel);
  rels.add(rule.headRel);
  for (const r of rels) pre.push(`const r${r} = ctx.rels[${r}];`);
  for (let k = 0; k < rule.nSlots; k++) pre.push(`let v${k} = 0;`);
  pre.push(`const prem = new Int32Array(${Math.max(rule.nPremises, 1)});`);
  pre.push(`const premRels = Int32Array.of(${steps.flatMap((s) => (s.kind === StepKind.Scan ? [[s.premise, s.rel]] : [])).sort((a, b) => a[0] - b[0]).map((p) => p[1]).join(', ')});`);
  pre.push(`const tuple = new Int32Array(${Math.max(rule.head.length, 1)});`);
  pre.push('const derivations = ctx.derivations; const values = ctx.values; const guard = ctx.guard; let added = 0;');
  pre.push(`let tk = 0, tkAt = ${TICK_MASK + 1};`);
  const tick = `if (++tk >= tkAt) { tkAt = tk + ${TICK_MASK + 1}; if (guard.tick(${rule.rule})) yield 0; }`;
  pre.push('const cmp = (l, r) => (values.isNumber(l) && values.isNumber(r) ? values.numberOf(l) - values.numberOf(r) : values.compare(l, r));');

  let depth = 0;
  const open = (line: string): void => {
    lines.push(line);
    depth++;
  };
  steps.forEach((s, i) => {
    switch (s.kind) {
      case StepKind.Scan: {
        const a = ctxArity(s.rel);
        const nk = s.keyCols.length;
        pre.push(`const key${i} = new Int32Array(${Math.max(a, 1)});`);
        const setKey = Array.from(s.keyOps, (o, k) => `key${i}[${k}] = ${op(o)};`).join(' ');
        const body = (row: string, cond?: string): string => {
          const checks = [
            ...Array.from(s.eqCols, (c, k) => `d[b + ${c}] === d[b + ${s.eqWith[k]}]`),
          ];
          const binds = Array.from(s.bindCols, (c, k) => `v${s.bindSlots[k]} = d[b + ${c}];`).join(' ');
          return `{ ${tick} ${cond ? `if (!(${cond})) continue;` : ''} const d = r${s.rel}.data; const b = ${row} * ${a}; ${checks.length ? `if (${checks.join(' && ')})` : ''} { ${binds} prem[${s.premise}] = ${row};`;
        };
        if (s.delta && nk > 0 && nk < a) {
          pre.push(`const ix${i} = r${s.rel}.index(${s.mask}, cols[${registerCols(s.keyCols)}]);`);
          lines.push(`${setKey} const lo${i} = ctx.deltaLo[${s.rel}], hi${i} = ctx.deltaHi[${s.rel}];`);
          open(`for (let row${i} = ix${i}.first(key${i}); row${i} >= lo${i}; row${i} = ix${i}.next[row${i}]) ${body(`row${i}`, `row${i} < hi${i}`)}`);
        } else if (s.delta) {
          const keyChecks = Array.from(s.keyCols, (c, k) => `r${s.rel}.data[row${i} * ${a} + ${c}] === key${i}[${k}]`);
          lines.push(`${setKey} const hi${i} = ctx.deltaHi[${s.rel}];`);
          open(`for (let row${i} = ctx.deltaLo[${s.rel}]; row${i} < hi${i}; row${i}++) ${body(`row${i}`, keyChecks.length ? keyChecks.join(' && ') : undefined)}`);
        } else if (nk === 0) {
          open(`for (let row${i} = 0, n${i} = r${s.rel}.size; row${i} < n${i}; row${i}++) ${body(`row${i}`)}`);
        } else if (nk === a) {
          lines.push(setKey);
          open(`{ const row${i} = r${s.rel}.find(key${i}); if (row${i} >= 0) { prem[${s.premise}] = row${i};`);
        } else {
          pre.push(`const ix${i} = r${s.rel}.index(${s.mask}, cols[${registerCols(s.keyCols)}]);`);
          lines.push(setKey);
          open(`for (let row${i} = ix${i}.first(key${i}); row${i} >= 0; row${i} = ix${i}.next[row${i}]) ${body(`row${i}`)}`);
        }
        break;
      }
      case StepKind.Negation: {
        pre.push(`const key${i} = new Int32Array(${Math.max(ctxArity(s.rel), 1)});`);
        const setKey = Array.from(s.keyOps, (o, k) => `key${i}[${k}] = ${op(o)};`).join(' ');
        const absent = s.full
          ? `r${s.rel}.find(key${i}) < 0`
          : s.keyCols.length === 0
            ? `r${s.rel}.size === 0`
            : `ix${i}.first(key${i}) < 0`;
        if (!s.full && s.keyCols.length > 0) pre.push(`const ix${i} = r${s.rel}.index(${s.mask}, cols[${registerCols(s.keyCols)}]);`);
        lines.push(setKey);
        open(`if (${absent}) { {`);
        break;
      }
      case StepKind.Compare: {
        const l = op(s.left);
        const r = op(s.right);
        const cond = s.op === CmpOp.Eq ? `${l} === ${r}` : s.op === CmpOp.Ne ? `${l} !== ${r}` : `cmp(${l}, ${r}) ${CMP_JS[s.op]} 0`;
        open(`if (${cond}) { {`);
        break;
      }
      case StepKind.Bind:
        lines.push(`v${s.slot} = ${op(s.from)};`);
        break;
    }
  });
  const emit = [
    ...Array.from(rule.head, (o, c) => `tuple[${c}] = ${op(o)};`),
    `const nr = r${rule.headRel}.insert(tuple);`,
    `if (nr >= 0) { guard.fact(${rule.rule}); added++; if (derivations) r${rule.headRel}.deriv[nr] = derivations.add(${rule.rule}, premRels, prem, ${rule.nPremises}); }`,
  ];
  lines.push(...emit);
  // Every opened construct ends with two braces: the loop/if body block and the inner block.
  for (let k = 0; k < depth; k++) lines.push('} }');
  const src = `${pre.join('\n')}\n${lines.join('\n')}\nreturn added;`;
  const fn = new GeneratorFunction('ctx', 'cols', src) as (ctx: KernelContext, cols: Int32Array[]) => Generator<number, number>;
  return (ctx) => fn(ctx, colLists);
}
