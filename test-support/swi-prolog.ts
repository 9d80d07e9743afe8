/**
 * Writes a Datalog program as an SWI-Prolog program with tabling, with the same meaning under
 * Relata's semantics: every derived predicate tabled, body reordered so that positive atoms bind
 * before comparisons and `\+`, and head aggregates as `aggregate_all/3` per distinct group.
 * Used to check Relata's answers against SWI-Prolog and to benchmark against it.
 */
import { isAggregate, predicateId, type Atom, type BodyLiteral, type HeadArg, type Program, type Rule, type Term } from '../src-main/core/reasoning/datalog/ast.js';
import { renameAnonymous } from '../src-main/core/reasoning/datalog/analysis.js';
import { formatPredicate, formatValue } from '../src-main/core/reasoning/datalog/values.js';

const PRELUDE = `:- set_prolog_flag(double_quotes, string).
:- style_check(-discontiguous).
:- use_module(library(solution_sequences)).
:- use_module(library(aggregate)).
dl_cmp(Op, X, Y) :- ( number(X), number(Y) -> dl_num(Op, X, Y) ; compare(O, X, Y), dl_ord(Op, O) ).
dl_num(<, X, Y) :- X < Y.
dl_num(=<, X, Y) :- X =< Y.
dl_num(>, X, Y) :- X > Y.
dl_num(>=, X, Y) :- X >= Y.
dl_ord(<, <). dl_ord(=<, <). dl_ord(=<, =). dl_ord(>, >). dl_ord(>=, >). dl_ord(>=, =).
`;

const OPS: Record<string, string> = { '<': '<', '<=': '=<', '>': '>', '>=': '>=' };

function term(t: Term, rename?: Map<string, string>): string {
  if (t.kind === 'const') return formatValue(t.value);
  // `_#3` (an anonymous variable made distinct) becomes `_3`: still exempt from singleton warnings.
  return rename?.get(t.name) ?? t.name.replace('#', '');
}

function atom(a: Atom, rename?: Map<string, string>): string {
  return a.args.length === 0 ? formatPredicate(a.predicate) : `${formatPredicate(a.predicate)}(${a.args.map((t) => term(t, rename)).join(', ')})`;
}

/** Positive atoms first, then `=`, then comparisons and negations: Relata's safety makes these ground there. */
function body(lits: BodyLiteral[], rename?: Map<string, string>): string {
  const pos = lits.filter((l) => l.kind === 'atom' && !l.negated);
  const eq = lits.filter((l) => l.kind === 'builtin' && l.op === '=');
  const rest = lits.filter((l) => !pos.includes(l) && !eq.includes(l));
  return [...pos, ...eq, ...rest]
    .map((l) => {
      if (l.kind === 'atom') return l.negated ? `\\+ ${atom(l.atom, rename)}` : atom(l.atom, rename);
      if (l.op === '=') return `${term(l.left, rename)} = ${term(l.right, rename)}`;
      if (l.op === '!=') return `${term(l.left, rename)} \\== ${term(l.right, rename)}`;
      return `dl_cmp(${OPS[l.op]}, ${term(l.left, rename)}, ${term(l.right, rename)})`;
    })
    .join(', ');
}

function clause(r: Rule): string {
  const rule = renameAnonymous(r);
  const aggs = rule.head.args.filter(isAggregate);
  if (aggs.length === 0) return `${atom(rule.head as Atom)} :- ${body(rule.body)}.`;
  const groupVars = rule.head.args.flatMap((a: HeadArg) => (!isAggregate(a) && a.kind === 'var' ? [a.name] : []));
  const fresh = new Map<string, string>();
  let k = 0;
  for (const l of rule.body) {
    for (const t of l.kind === 'atom' ? l.atom.args : [l.left, l.right]) {
      if (t.kind === 'var' && !groupVars.includes(t.name) && !fresh.has(t.name)) fresh.set(t.name, `G${k++}`);
    }
  }
  const results = aggs.map((_, i) => `R${i}`);
  let ai = 0;
  const headArgs = rule.head.args.map((a) => (isAggregate(a) ? results[ai++] : term(a)));
  const goals = [`distinct([${groupVars.map((v) => term({ kind: 'var', name: v, pos: rule.pos })).join(', ')}], (${body(rule.body, fresh)}))`];
  aggs.forEach((a, i) => {
    const spec = a.op === 'count' ? 'count' : `${a.op}(${term(a.term)})`;
    goals.push(`aggregate_all(${spec}, (${body(rule.body)}), ${results[i]})`);
  });
  return `${formatPredicate(rule.head.predicate)}(${headArgs.join(', ')}) :- ${goals.join(', ')}.`;
}

/** The program as SWI-Prolog source: tables, dynamic declarations, facts, rules. */
export function toSwiProlog(program: Program, extraFacts = ''): string {
  const derived = new Set(program.rules.map((r) => predicateId(r.head.predicate, r.head.args.length)));
  const all = new Set(derived);
  for (const r of program.rules) for (const l of r.body) if (l.kind === 'atom') all.add(predicateId(l.atom.predicate, l.atom.args.length));
  for (const f of program.facts) all.add(predicateId(f.predicate, f.args.length));
  const decl = (id: string): string => {
    const cut = id.lastIndexOf('/');
    return `${formatPredicate(id.slice(0, cut))}/${id.slice(cut + 1)}`;
  };
  const lines = [PRELUDE];
  for (const p of all) if (!derived.has(p)) lines.push(`:- dynamic ${decl(p)}.`);
  for (const p of derived) lines.push(`:- table ${decl(p)}.`);
  for (const f of program.facts) lines.push(`${atom(f)}.`);
  lines.push(extraFacts);
  for (const r of program.rules) lines.push(clause(r));
  return lines.join('\n') + '\n';
}
