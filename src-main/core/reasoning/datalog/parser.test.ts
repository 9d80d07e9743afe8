import { describe, expect, it } from 'vitest';
import { DatalogError } from './errors.js';
import { parseDatalog, parseQuery } from './parser.js';

function errorOf(src: string): DatalogError {
  try {
    parseDatalog(src);
  } catch (e) {
    if (e instanceof DatalogError) return e;
    throw e;
  }
  throw new Error(`no error for: ${src}`);
}

describe('parseDatalog', () => {
  it('reads rules, facts, queries, comments and every kind of constant', () => {
    const p = parseDatalog(`% kinship
aunt(X, A) :- father(X, F), sister(F, A).   % seed example
father(charlie, bob). /* block
comment */ 'has part'(<http://ex.org/a>, "a \\"b\\"", -2.5e1, 'O''Brien').
?- aunt(charlie, A).`);
    expect(p.rules).toHaveLength(1);
    expect(p.rules[0].text).toBe('aunt(X, A) :- father(X, F), sister(F, A).');
    expect(p.facts.map((f) => f.predicate)).toEqual(['father', 'has part']);
    expect(p.facts[1].args.map((a) => (a.kind === 'const' ? a.value : null))).toEqual([
      { kind: 'sym', text: 'http://ex.org/a' },
      { kind: 'str', text: 'a "b"' },
      { kind: 'num', value: -25 },
      { kind: 'sym', text: "O'Brien" },
    ]);
    expect(p.queries[0].text).toBe('?- aunt(charlie, A).');
  });

  it('reads negation, comparisons and head aggregates', () => {
    const p = parseDatalog('n(X, count(Y), max(A)) :- parent(X, Y), age(Y, A), not dead(Y), \\+ p(Y), A >= 18, X != Y, Y =< X, X = X.');
    const r = p.rules[0];
    expect(r.head.args.map((a) => a.kind)).toEqual(['var', 'agg', 'agg']);
    expect(r.body.map((l) => (l.kind === 'atom' ? (l.negated ? 'not' : 'atom') : l.op))).toEqual(['atom', 'atom', 'not', 'not', '>=', '!=', '<=', '=']);
  });

  it('reports syntax errors with line and column', () => {
    expect(errorOf('p(a).\nq(X) :- p(X)\nr(b).').message).toBe("line 3, column 1: expected ',' or '.' after a body literal but found 'r'");
    expect(errorOf('p(a)\nq(b).').message).toBe("line 2, column 1: expected ':-' or '.' after the head but found 'q'");
    const e = errorOf('p(a).\n  q(X :- p(X).');
    expect([e.pos.line, e.pos.column]).toEqual([2, 7]);
    expect(e.message).toContain("expected ')'");
    const q = errorOf("p('abc).");
    expect([q.pos.line, q.pos.column, q.reason]).toEqual([1, 3, 'unterminated quoted atom']);
    const c = errorOf('p(X) :- q(f(X)).');
    expect([c.pos.line, c.pos.column]).toEqual([1, 11]);
    expect(c.reason).toContain('compound term');
    const u = errorOf('p(X) :-\n\tq(X) ~ r(X).');
    expect([u.pos.line, u.pos.column]).toEqual([2, 7]);
  });

  it('parses a bare query with or without ?- and the final dot', () => {
    expect(parseQuery('aunt(charlie, A)').body).toHaveLength(1);
    expect(parseQuery('?- parent(X, Y), X != Y.').body).toHaveLength(2);
    expect(() => parseQuery('aunt(charlie, A')).toThrow("line 1, column 16: expected ')' but found the end of the query");
    expect(() => parseQuery('aunt(charlie A)')).toThrow("line 1, column 14: expected ')' but found 'A'");
  });
});
