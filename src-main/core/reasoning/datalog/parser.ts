import type { AggregateOp, Atom, BodyLiteral, ComparisonOp, HeadArg, Program, Query, SourcePos, Term, Value } from './ast.js';
import { DatalogError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

const COMPARISONS: Record<string, ComparisonOp> = {
  '=': '=', '!=': '!=', '\\=': '!=', '<': '<', '<=': '<=', '=<': '<=', '>': '>', '>=': '>=',
};
const AGGREGATES = new Set<string>(['count', 'min', 'max', 'sum']);

/** Parses Datalog in Prolog syntax: facts, rules, `?-` queries. Throws DatalogError with line and column. */
export function parseDatalog(src: string, file?: string): Program {
  return new Parser(src, tokenize(src, file)).program();
}

/** Parses a query given on its own, with or without the leading `?-` and trailing `.`; errors point into `src`. */
export function parseQuery(src: string): Query {
  const trimmed = src.trim();
  const prefix = trimmed.startsWith('?-') ? '' : '?- ';
  const suffix = trimmed.endsWith('.') ? '' : '.';
  const lead = src.length - src.trimStart().length;
  const text = `${prefix}${trimmed}${suffix}`;
  let program: Program;
  try {
    program = parseDatalog(text);
  } catch (e) {
    if (!(e instanceof DatalogError)) throw e;
    // Report positions in the user's text, and the added final '.' as the end of the query.
    const atAddedEnd = suffix !== '' && e.pos.line === text.split('\n').length && e.pos.column >= text.length - text.lastIndexOf('\n') - 1;
    const reason = atAddedEnd ? e.reason.replace("found '.'", 'found the end of the query') : e.reason;
    const column = e.pos.line === 1 ? e.pos.column - prefix.length + lead : e.pos.column;
    throw new DatalogError(reason, { line: e.pos.line, column: Math.max(1, column) });
  }
  if (program.queries.length !== 1 || program.rules.length + program.facts.length > 0) {
    throw new DatalogError('expected exactly one query', { line: 1, column: 1 });
  }
  return program.queries[0];
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private get tok(): Token {
    return this.tokens[this.i];
  }
  private peek(k = 1): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }
  private isPunct(text: string, t: Token = this.tok): boolean {
    return t.kind === 'punct' && t.text === text;
  }
  private fail(msg: string, t: Token = this.tok): never {
    throw new DatalogError(msg, t.pos);
  }
  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
  }
  private expect(text: string): Token {
    if (!this.isPunct(text)) this.fail(`expected '${text}' but found ${this.describe(this.tok)}`);
    return this.tokens[this.i++];
  }

  program(): Program {
    const out: Program = { rules: [], facts: [], queries: [] };
    while (this.tok.kind !== 'eof') {
      const start = this.tok;
      if (this.isPunct('?-')) {
        this.i++;
        const body = this.body();
        if (!this.isPunct('.')) this.fail(`expected ',' or '.' after a query literal but found ${this.describe(this.tok)}`);
        const end = this.expect('.');
        out.queries.push({ body, pos: start.pos, text: this.clauseText(start, end) });
        continue;
      }
      if (this.isPunct(':-')) this.fail('directives are not supported');
      const head = this.atom(true);
      let body: BodyLiteral[] = [];
      if (this.isPunct(':-')) {
        this.i++;
        body = this.body();
        if (!this.isPunct('.')) this.fail(`expected ',' or '.' after a body literal but found ${this.describe(this.tok)}`);
      }
      if (!this.isPunct('.')) this.fail(`expected ':-' or '.' after the head but found ${this.describe(this.tok)}`);
      const end = this.expect('.');
      const text = this.clauseText(start, end);
      if (body.length === 0 && head.args.every((a) => a.kind === 'const')) out.facts.push({ ...(head as Atom), text });
      else {
        const note = this.trailingComment(end);
        out.rules.push(note ? { head, body, pos: start.pos, text, note } : { head, body, pos: start.pos, text });
      }
    }
    return out;
  }

  /** The `%` comment after a clause on the same line, if any. */
  private trailingComment(end: Token): string | undefined {
    const lineEnd = this.src.indexOf('\n', end.end);
    const rest = this.src.slice(end.end, lineEnd < 0 ? undefined : lineEnd);
    const m = /^\s*%\s*(.*?)\s*$/.exec(rest);
    return m && m[1] ? m[1] : undefined;
  }

  private clauseText(start: Token, end: Token): string {
    return this.src.slice(start.offset, end.end).replace(/%[^\n]*/g, '').replace(/\s+/g, ' ').trim();
  }

  private body(): BodyLiteral[] {
    const lits = [this.literal()];
    while (this.isPunct(',')) {
      this.i++;
      lits.push(this.literal());
    }
    return lits;
  }

  private literal(): BodyLiteral {
    const t = this.tok;
    const next = this.peek();
    if (this.isPunct('\\+') || (t.kind === 'ident' && t.text === 'not' && (next.kind === 'ident' || next.kind === 'qatom' || next.kind === 'iri'))) {
      this.i++;
      const atom = this.atom(false) as Atom;
      return { kind: 'atom', atom, negated: true, pos: t.pos };
    }
    if (t.kind === 'ident' && t.text === 'not' && this.isPunct('(', next) && this.peek(2).kind !== 'var' && !this.isPunct(')', this.peek(3))) {
      // not(p(X)) also reads as negation.
      this.i += 2;
      const atom = this.atom(false) as Atom;
      this.expect(')');
      return { kind: 'atom', atom, negated: true, pos: t.pos };
    }
    const startsComparison =
      t.kind === 'var' || t.kind === 'num' || t.kind === 'str' ||
      ((t.kind === 'ident' || t.kind === 'qatom' || t.kind === 'iri') && next.kind === 'punct' && next.text in COMPARISONS);
    if (startsComparison) {
      const left = this.term();
      const opTok = this.tok;
      if (opTok.kind !== 'punct' || !(opTok.text in COMPARISONS)) {
        this.fail(`expected a comparison (=, !=, <, <=, >, >=) after ${this.describe(t)} but found ${this.describe(opTok)}`);
      }
      this.i++;
      const right = this.term();
      return { kind: 'builtin', op: COMPARISONS[opTok.text], left, right, pos: opTok.pos };
    }
    const atom = this.atom(false) as Atom;
    return { kind: 'atom', atom, negated: false, pos: atom.pos };
  }

  private atom(inHead: boolean): Atom<HeadArg> {
    const t = this.tok;
    if (t.kind !== 'ident' && t.kind !== 'qatom' && t.kind !== 'iri') {
      this.fail(`expected a predicate name but found ${this.describe(t)}`);
    }
    this.i++;
    const args: HeadArg[] = [];
    if (this.isPunct('(')) {
      this.i++;
      args.push(this.argument(inHead));
      while (this.isPunct(',')) {
        this.i++;
        args.push(this.argument(inHead));
      }
      this.expect(')');
    }
    return { predicate: String(t.value), args, pos: t.pos };
  }

  private argument(inHead: boolean): HeadArg {
    const t = this.tok;
    if (t.kind === 'ident' && this.isPunct('(', this.peek())) {
      if (inHead && AGGREGATES.has(t.text)) {
        this.i += 2;
        const term = this.term();
        this.expect(')');
        return { kind: 'agg', op: t.text as AggregateOp, term, pos: t.pos };
      }
      this.fail(
        inHead
          ? `compound term '${t.text}(...)' is not Datalog (head aggregates are count, min, max, sum)`
          : `compound term '${t.text}(...)' is not Datalog; aggregates may only appear in a rule head`,
      );
    }
    return this.term();
  }

  private term(): Term {
    const t = this.tok;
    const pos: SourcePos = t.pos;
    let value: Value;
    switch (t.kind) {
      case 'var':
        this.i++;
        return { kind: 'var', name: t.text, pos };
      case 'num':
        value = { kind: 'num', value: t.value as number };
        break;
      case 'str':
        value = { kind: 'str', text: t.value as string };
        break;
      case 'ident':
      case 'qatom':
      case 'iri':
        value = { kind: 'sym', text: t.value as string };
        break;
      default:
        return this.fail(`expected a variable or constant but found ${this.describe(t)}`);
    }
    this.i++;
    return { kind: 'const', value, pos };
  }
}
