import { isAggregate, predicateId, type BodyLiteral, type Program, type Rule, type SourcePos, type Term } from './ast.js';
import { DatalogError, type DatalogWarning } from './errors.js';

/** `_` is a fresh variable at each occurrence, as in Prolog; give each its own name. */
export function renameAnonymous(rule: Rule): Rule {
  let k = 0;
  const fix = (t: Term): Term => (t.kind === 'var' && t.name === '_' ? { ...t, name: `_#${k++}` } : t);
  return {
    ...rule,
    head: { ...rule.head, args: rule.head.args.map((a) => (isAggregate(a) ? { ...a, term: fix(a.term) } : fix(a))) },
    body: rule.body.map((l) =>
      l.kind === 'atom' ? { ...l, atom: { ...l.atom, args: l.atom.args.map(fix) } } : { ...l, left: fix(l.left), right: fix(l.right) },
    ),
  };
}

const varsOf = (terms: Term[]): string[] => terms.flatMap((t) => (t.kind === 'var' ? [t.name] : []));

/** Variables that a negated literal may leave unbound: those starting with `_` that occur nowhere else in the rule. */
export function negationWildcards(body: BodyLiteral[], headVars: string[]): Set<string> {
  const count = new Map<string, number>();
  for (const v of headVars) count.set(v, (count.get(v) ?? 0) + 1);
  for (const l of body) {
    for (const v of l.kind === 'atom' ? varsOf(l.atom.args) : varsOf([l.left, l.right])) count.set(v, (count.get(v) ?? 0) + 1);
  }
  const out = new Set<string>();
  for (const l of body) {
    if (l.kind === 'atom' && l.negated) for (const v of varsOf(l.atom.args)) if (v.startsWith('_') && count.get(v) === 1) out.add(v);
  }
  return out;
}

/**
 * Range restriction: every variable of the head, of a negated literal and of a comparison must be bound
 * by a positive body atom (or by `=` from a bound term). Throws at the first unsafe occurrence.
 */
export function checkSafety(head: Term[], body: BodyLiteral[], what = 'rule'): void {
  const bound = new Set<string>();
  for (const l of body) if (l.kind === 'atom' && !l.negated) for (const v of varsOf(l.atom.args)) bound.add(v);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of body) {
      if (l.kind !== 'builtin' || l.op !== '=') continue;
      const lb = l.left.kind === 'const' || bound.has(l.left.name);
      const rb = l.right.kind === 'const' || bound.has(l.right.name);
      if (lb && !rb && l.right.kind === 'var') { bound.add(l.right.name); grew = true; }
      if (rb && !lb && l.left.kind === 'var') { bound.add(l.left.name); grew = true; }
    }
  }
  const wild = negationWildcards(body, varsOf(head));
  const unsafe = (t: Term, where: string): never => {
    throw new DatalogError(`unsafe variable ${(t as { name: string }).name.startsWith('_#') ? '_' : (t as { name: string }).name}: it appears ${where} but in no positive body atom of the ${what}`, t.pos);
  };
  for (const t of head) if (t.kind === 'var' && !bound.has(t.name)) unsafe(t, 'in the head');
  for (const l of body) {
    if (l.kind === 'atom' && l.negated) {
      for (const t of l.atom.args) if (t.kind === 'var' && !bound.has(t.name) && !wild.has(t.name)) unsafe(t, `in 'not ${l.atom.predicate}'`);
    } else if (l.kind === 'builtin') {
      for (const t of [l.left, l.right]) if (t.kind === 'var' && !bound.has(t.name)) unsafe(t, `in a comparison '${l.op}'`);
    }
  }
}

export interface Stratum {
  /** Predicate ids (`name/arity`) defined in this stratum. */
  predicates: string[];
  /** Indices into the analysed rules. */
  rules: number[];
  /** True when some rule of the stratum uses one of the stratum's predicates in its body. */
  recursive: boolean;
}

export interface AnalysedProgram {
  rules: Rule[];
  strata: Stratum[];
  /** Predicates used in bodies with no rule or fact in the program: expected from the fact source. */
  extensional: Map<string, SourcePos>;
  /** predicate id → the predicate ids its rules use (for query relevance). */
  dependsOn: Map<string, Set<string>>;
}

/** Safety, stratification (Tarjan's SCCs, dependencies first), and the predicates left to the fact source. */
export function analyseProgram(program: Program): AnalysedProgram {
  const rules = program.rules.map(renameAnonymous);
  for (const r of rules) {
    const headTerms = r.head.args.map((a) => (isAggregate(a) ? a.term : a));
    checkSafety(headTerms, r.body);
    const aggs = r.head.args.filter(isAggregate);
    for (const a of aggs) {
      if (a.op !== 'count' && a.term.kind !== 'var') throw new DatalogError(`${a.op}(...) needs a variable`, a.pos);
    }
  }
  const defined = new Set<string>();
  for (const r of rules) defined.add(predicateId(r.head.predicate, r.head.args.length));
  const withFacts = new Set(program.facts.map((f) => predicateId(f.predicate, f.args.length)));

  // Dependency graph over predicates: edge head -> body predicate, negative for `not` and for aggregate heads.
  const nodes = new Set<string>(defined);
  const edges = new Map<string, Array<{ to: string; via: 'positive' | 'negation' | 'aggregate'; pos: SourcePos }>>();
  const dependsOn = new Map<string, Set<string>>();
  const extensional = new Map<string, SourcePos>();
  for (const r of rules) {
    const h = predicateId(r.head.predicate, r.head.args.length);
    const aggregate = r.head.args.some(isAggregate);
    const list = edges.get(h) ?? [];
    edges.set(h, list);
    const deps = dependsOn.get(h) ?? new Set<string>();
    dependsOn.set(h, deps);
    for (const l of r.body) {
      if (l.kind !== 'atom') continue;
      const b = predicateId(l.atom.predicate, l.atom.args.length);
      nodes.add(b);
      deps.add(b);
      list.push({ to: b, via: l.negated ? 'negation' : aggregate ? 'aggregate' : 'positive', pos: l.pos });
      if (!defined.has(b) && !withFacts.has(b) && !extensional.has(b)) extensional.set(b, l.atom.pos);
    }
  }

  const sccs = tarjan([...nodes], (n) => (edges.get(n) ?? []).map((e) => e.to));
  const sccOf = new Map<string, number>();
  sccs.forEach((scc, i) => scc.forEach((n) => sccOf.set(n, i)));
  for (const [from, list] of edges) {
    for (const e of list) {
      if (e.via !== 'positive' && sccOf.get(from) === sccOf.get(e.to)) {
        throw new DatalogError(
          `unstratifiable program: ${from} depends on ${e.to} through ${e.via === 'negation' ? 'negation' : 'an aggregate'} inside a recursive cycle`,
          e.pos,
        );
      }
    }
  }

  const rulesBySCC = new Map<number, number[]>();
  rules.forEach((r, i) => {
    const s = sccOf.get(predicateId(r.head.predicate, r.head.args.length))!;
    rulesBySCC.set(s, [...(rulesBySCC.get(s) ?? []), i]);
  });
  const strata: Stratum[] = [];
  sccs.forEach((scc, i) => {
    const ruleIdx = rulesBySCC.get(i);
    if (!ruleIdx) return;
    const own = new Set(scc);
    const recursive = ruleIdx.some((ri) => rules[ri].body.some((l) => l.kind === 'atom' && !l.negated && own.has(predicateId(l.atom.predicate, l.atom.args.length))));
    strata.push({ predicates: scc, rules: ruleIdx, recursive });
  });
  return { rules, strata, extensional, dependsOn };
}

/** Unknown-predicate warnings for body predicates that nothing defines and `known` does not supply. */
export function unknownPredicateWarnings(a: AnalysedProgram, known: (predicate: string) => boolean): DatalogWarning[] {
  const out: DatalogWarning[] = [];
  for (const [p, pos] of a.extensional) if (!known(p)) out.push({ message: `unknown predicate ${p}: no rule, fact or KG triple defines it`, pos });
  return out;
}

/** Tarjan's strongly connected components; each component is emitted after every component it reaches. */
function tarjan(nodes: string[], succ: (n: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Iterative DFS: frames of (node, successor list, next successor position).
    const frames: Array<{ n: string; s: string[]; k: number }> = [];
    const open = (n: string): void => {
      index.set(n, counter);
      low.set(n, counter++);
      stack.push(n);
      onStack.add(n);
      frames.push({ n, s: succ(n), k: 0 });
    };
    open(root);
    while (frames.length) {
      const f = frames[frames.length - 1];
      if (f.k < f.s.length) {
        const m = f.s[f.k++];
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(f.n, Math.min(low.get(f.n)!, index.get(m)!));
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1].n;
        low.set(parent, Math.min(low.get(parent)!, low.get(f.n)!));
      }
      if (low.get(f.n) === index.get(f.n)) {
        const scc: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          scc.push(m);
        } while (m !== f.n);
        out.push(scc);
      }
    }
  }
  return out;
}
