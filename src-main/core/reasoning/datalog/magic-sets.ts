/**
 * Magic-sets rewriting (Bancilhon, Maier, Sagiv & Ullman 1986; Beeri & Ramakrishnan 1991) for goal-directed
 * queries: `?- ancestor(p17, X).` then derives only the facts the goal can use instead of all of them.
 * Adorned predicates are named `p@bf` (b = bound, f = free argument), magic predicates `m@p@bf`; sideways
 * information passes left to right. Only for positive programs (comparisons allowed): when the rules a query
 * needs use negation or aggregates, `magicRewrite` returns null and the caller evaluates bottom-up as usual.
 */
import { isAggregate, predicateId, type Atom, type BodyLiteral, type Program, type Query, type Rule, type Term } from './ast.js';

export const ADORN = '@';
export const MAGIC_PREFIX = `m${ADORN}`;

/** The original predicate name of an adorned one (`aunt@bf` → `aunt`); null for magic predicates. */
export function originalPredicate(name: string): string | null {
  if (name.startsWith(MAGIC_PREFIX)) return null;
  const cut = name.lastIndexOf(ADORN);
  return cut > 0 && /^[bf]*$/.test(name.slice(cut + 1)) ? name.slice(0, cut) : name;
}

export interface MagicProgram {
  program: Program;
  /** The rewritten query (its IDB atoms replaced by adorned ones). */
  query: Query;
  /** Rule texts of the bridge rules `p@a(X..) :- m@p@a(..), p(X..)` that read a predicate's stored facts. */
  bridges: Set<string>;
}

export function magicRewrite(program: Program, rules: Rule[], query: Query, dependsOn: Map<string, Set<string>>): MagicProgram | null {
  const idb = new Set(rules.map((r) => predicateId(r.head.predicate, r.head.args.length)));
  const queryPreds = query.body.flatMap((l) => (l.kind === 'atom' ? [predicateId(l.atom.predicate, l.atom.args.length)] : []));
  if (!queryPreds.some((p) => idb.has(p))) return null;
  // Relevant rules must be positive and aggregate-free.
  const relevant = new Set<string>();
  const todo = [...queryPreds];
  while (todo.length) {
    const p = todo.pop()!;
    if (relevant.has(p)) continue;
    relevant.add(p);
    for (const q of dependsOn.get(p) ?? []) todo.push(q);
  }
  if (query.body.some((l) => l.kind === 'atom' && l.negated)) return null;
  for (const r of rules) {
    if (!relevant.has(predicateId(r.head.predicate, r.head.args.length))) continue;
    if (r.head.args.some(isAggregate) || r.body.some((l) => l.kind === 'atom' && l.negated)) return null;
  }
  const out: Rule[] = [];
  const bridges = new Set<string>();
  const seen = new Set<string>();
  const queue: Array<{ atom: Atom; adornment: string }> = [];
  const adorned = (a: Atom, adornment: string): Atom => ({ ...a, predicate: `${a.predicate}${ADORN}${adornment}` });
  const magicAtom = (a: Atom, adornment: string, args: Term[]): Atom => ({ predicate: `${MAGIC_PREFIX}${a.predicate}${ADORN}${adornment}`, args, pos: a.pos });
  const demand = (a: Atom, adornment: string): void => {
    const key = `${predicateId(a.predicate, a.args.length)}${ADORN}${adornment}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push({ atom: a, adornment });
  };

  /** Left-to-right SIPS over a body: adorns IDB atoms and emits their magic rules. */
  const rewriteBody = (body: BodyLiteral[], guard: Atom | null, bound: Set<string>, text: string, pos: Rule['pos']): BodyLiteral[] => {
    const prefix: BodyLiteral[] = guard ? [{ kind: 'atom', atom: guard, negated: false, pos: guard.pos }] : [];
    const isBound = (t: Term): boolean => t.kind === 'const' || bound.has(t.name);
    const pending = [...body];
    while (pending.length) {
      // Comparisons as soon as their variables are bound (`=` may bind one side); else the next atom in order.
      let idx = pending.findIndex((l) => l.kind === 'builtin' && ((isBound(l.left) && isBound(l.right)) || (l.op === '=' && (isBound(l.left) || isBound(l.right)))));
      if (idx < 0) idx = pending.findIndex((l) => l.kind === 'atom');
      if (idx < 0) idx = 0;
      const l = pending.splice(idx, 1)[0];
      if (l.kind === 'builtin') {
        if (l.op === '=') for (const t of [l.left, l.right]) if (t.kind === 'var') bound.add(t.name);
        prefix.push(l);
        continue;
      }
      const a = l.atom;
      if (idb.has(predicateId(a.predicate, a.args.length))) {
        const adornment = a.args.map((t) => (isBound(t) ? 'b' : 'f')).join('');
        const m = magicAtom(a, adornment, a.args.filter(isBound));
        out.push({ head: m, body: prefix.length ? [...prefix] : [], pos, text });
        demand(a, adornment);
        prefix.push({ ...l, atom: adorned(a, adornment) });
      } else {
        prefix.push(l);
      }
      for (const t of a.args) if (t.kind === 'var') bound.add(t.name);
    }
    return prefix;
  };

  const q = rewriteBody(query.body, null, new Set(), query.text, query.pos);
  while (queue.length) {
    const { atom, adornment } = queue.shift()!;
    const id = predicateId(atom.predicate, atom.args.length);
    const vars = atom.args.map((_, i) => ({ kind: 'var', name: `V${i}`, pos: atom.pos }) as Term);
    const guardOf = (args: Term[]): Atom => magicAtom(atom, adornment, args.filter((_, i) => adornment[i] === 'b'));
    // Stored facts of the predicate (KG triples or program facts) enter through a bridge rule.
    const bridgeText = `${atom.predicate}${ADORN}${adornment} bridge`;
    bridges.add(bridgeText);
    out.push({
      head: adorned({ ...atom, args: vars }, adornment),
      body: [
        { kind: 'atom', atom: guardOf(vars), negated: false, pos: atom.pos },
        { kind: 'atom', atom: { ...atom, args: vars }, negated: false, pos: atom.pos },
      ],
      pos: atom.pos,
      text: bridgeText,
    });
    for (const r of rules) {
      if (predicateId(r.head.predicate, r.head.args.length) !== id) continue;
      const head = r.head as Atom;
      const bound = new Set<string>();
      head.args.forEach((t, i) => {
        if (adornment[i] === 'b' && t.kind === 'var') bound.add(t.name);
      });
      const body = rewriteBody(r.body, guardOf(head.args), bound, r.text, r.pos);
      out.push({ head: adorned(head, adornment), body, pos: r.pos, text: r.text });
    }
  }
  // Magic rules with an empty body are ground seeds: turn them into facts.
  const facts = [...program.facts];
  const kept: Rule[] = [];
  for (const r of out) {
    if (r.body.length === 0) facts.push({ ...(r.head as Atom), text: r.text });
    else kept.push(r);
  }
  return { program: { rules: kept, facts, queries: [] }, query: { ...query, body: q }, bridges };
}
