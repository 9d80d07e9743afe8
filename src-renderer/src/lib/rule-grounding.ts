/**
 * A learned rule's clause read back (head and body atoms) and one of its example groundings laid onto it: which
 * entities it passes through and which facts (subject, predicate, object) connect them, so the graph view can show
 * and light them up. Learned rules are path rules as `rules.learn` writes them (src-main/core/rules/rule.ts):
 * `r(X, Y) :- p(X, A), q(A, Y).`, `r(X, c) :- p(X, d).`, `r(c, Y) :- p(Y, _).`; an example grounding lists the
 * entities along the body's path in order (X or Y first, the inner variables, then the last term).
 */

export interface Term {
  /** A variable's name, or a constant's key (quotes and escapes removed). */
  text: string;
  variable: boolean;
}

export interface Atom {
  predicate: string;
  args: Term[];
}

export interface Clause {
  head: Atom;
  body: Atom[];
}

/** One fact of a grounding; `head` marks the rule's conclusion (the fact the body predicts). */
export interface GroundFact {
  subject: string;
  predicate: string;
  object: string;
  head: boolean;
}

export interface Grounding {
  /** The entities of the grounding, each once, in path order. */
  keys: string[];
  /** The body's facts in order, then the head's (when both of its ends are known). */
  facts: GroundFact[];
}

type Token = { kind: 'name'; text: string; quoted: boolean } | { kind: 'punct'; text: string };

function tokens(text: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === ':' && text[i + 1] === '-') {
      out.push({ kind: 'punct', text: ':-' });
      i += 2;
    } else if (c === '(' || c === ')' || c === ',' || c === '.') {
      out.push({ kind: 'punct', text: c });
      i++;
    } else if (c === "'" || c === '"') {
      // Quoted: a doubled quote or a backslash escape stands for one character.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return null;
        const d = text[j];
        if (d === c && text[j + 1] === c) (value += c), (j += 2);
        else if (d === c) break;
        else if (d === '\\' && j + 1 < text.length) {
          const e = text[j + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else (value += d), j++;
      }
      out.push({ kind: 'name', text: value, quoted: true });
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_][A-Za-z0-9_\-+]*/.exec(text.slice(i));
      if (!m) return null;
      out.push({ kind: 'name', text: m[0], quoted: false });
      i += m[0].length;
    }
  }
  return out;
}

/** Parses `head :- a1, a2, … .` (binary and unary atoms alike); null when the text is not such a clause. */
export function parseClause(rule: string): Clause | null {
  const toks = tokens(rule);
  if (!toks) return null;
  let at = 0;
  const peek = (): Token | undefined => toks[at];
  const punct = (p: string): boolean => {
    const t = peek();
    if (t?.kind === 'punct' && t.text === p) return void at++, true;
    return false;
  };
  const atom = (): Atom | null => {
    const name = peek();
    if (name?.kind !== 'name') return null;
    at++;
    if (!punct('(')) return null;
    const args: Term[] = [];
    for (;;) {
      const t = peek();
      if (t?.kind !== 'name') return null;
      at++;
      args.push({ text: t.text, variable: !t.quoted && /^[A-Z_]/.test(t.text) });
      if (punct(')')) break;
      if (!punct(',')) return null;
    }
    return { predicate: name.text, args };
  };
  const head = atom();
  if (!head || !punct(':-')) return null;
  const body: Atom[] = [];
  for (;;) {
    const a = atom();
    if (!a) return null;
    body.push(a);
    if (punct('.')) break;
    if (!punct(',')) return null;
  }
  return at === toks.length ? { head, body } : null;
}

/**
 * Lays an example grounding onto a path rule: body atom i joins the example's entities i and i + 1. Null when the
 * rule is not a path rule of the example's length (then nothing is drawn rather than something wrong).
 */
export function groundRule(rule: string, example: readonly string[]): Grounding | null {
  const clause = parseClause(rule);
  if (!clause || example.length !== clause.body.length + 1) return null;
  if (clause.head.args.length !== 2 || clause.body.some((a) => a.args.length !== 2)) return null;
  // The path starts at the head's variable that the first body atom holds (X, or Y when the head's subject is a constant).
  const headVars = clause.head.args.filter((t) => t.variable && t.text !== '_').map((t) => t.text);
  const start = headVars.find((v) => clause.body[0].args.some((t) => t.variable && t.text === v));
  if (!start) return null;
  const bound = new Map<string, string>([[start, example[0]]]);
  let current = start;
  const facts: GroundFact[] = [];
  for (let i = 0; i < clause.body.length; i++) {
    const [a, b] = clause.body[i].args;
    const inFirst = a.variable && a.text === current;
    const inSecond = b.variable && b.text === current;
    if (!inFirst && !inSecond) return null;
    const out = inFirst ? b : a;
    const here = example[i];
    const next = example[i + 1];
    if (!out.variable && out.text !== next) return null; // a constant must be the example's entity
    if (out.variable && out.text !== '_') {
      const was = bound.get(out.text);
      if (was !== undefined && was !== next) return null;
      bound.set(out.text, next);
      current = out.text;
    } else {
      current = '';
    }
    facts.push(inFirst ? { subject: here, predicate: clause.body[i].predicate, object: next, head: false } : { subject: next, predicate: clause.body[i].predicate, object: here, head: false });
  }
  const end = (t: Term): string | undefined => (t.variable ? bound.get(t.text) : t.text);
  const [hs, ho] = clause.head.args.map(end);
  if (hs !== undefined && ho !== undefined) facts.push({ subject: hs, predicate: clause.head.predicate, object: ho, head: true });
  const keys = [...new Set([...example, ...(hs !== undefined ? [hs] : []), ...(ho !== undefined ? [ho] : [])])];
  return { keys, facts };
}

/** The last segment of an IRI (after # or /), or the name itself: `…rdf-syntax-ns#type` → `type`. */
export function shortName(name: string): string {
  const m = /[#/]([^#/]+)$/.exec(name);
  return m && /^[a-z]+:/i.test(name) ? m[1] : name;
}
