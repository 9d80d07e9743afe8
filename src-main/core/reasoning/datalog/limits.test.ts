import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../run/cancelled-error.js';
import { DatalogEngine, PROOF_DEPTH_LIMIT } from './engine.js';
import { isDatalogLimitError, type DatalogLimitError, type EvalLimits } from './limits.js';
import { parseDatalog } from './parser.js';

/** A graph of n nodes, one edge out of each: e(A, _) has n distinct subjects. */
const graph = (n: number): string => Array.from({ length: n }, (_, i) => `e(${i}, ${(i * 7 + 1) % n}).`).join(' ');
const BIG = 'big(A,B,C) :- e(A,_), e(B,_), e(C,_).';
/** Never derives anything (A < B < C < D < A) but walks on the order of n^4 / 6 rows. */
const SLOW = 'never(A) :- e(A,_), e(B,_), e(C,_), e(D,_), A < B, B < C, C < D, D < A.';

const engine = (src: string, limits: EvalLimits = {}, compile = true): DatalogEngine => new DatalogEngine(parseDatalog(src), { limits, compile });

function limitError(run: () => unknown): DatalogLimitError {
  try {
    run();
  } catch (e) {
    if (isDatalogLimitError(e)) return e;
    throw e;
  }
  throw new Error('no limit error');
}

describe('limits on a rule run', () => {
  for (const compile of [true, false]) {
    it(`stops the cross-product rule at the facts limit, naming the rule and its facts (${compile ? 'compiled' : 'interpreted'})`, () => {
      const t = performance.now();
      const e = limitError(() => engine(`${graph(60)}\n${BIG}`, { maxFacts: 50_000 }, compile).evaluate());
      expect(performance.now() - t).toBeLessThan(5000);
      expect(e.message).toBe('rule big(A,B,C) :- e(A,_), e(B,_), e(C,_). (line 2) derived 50,000 facts: over the limit of 50,000 derived facts (raise it with maxFacts)');
      expect(e).toMatchObject({ limit: 'facts', rule: 'big(A,B,C) :- e(A,_), e(B,_), e(C,_).', ruleFacts: 50_000, derived: 50_000 });
    });
  }

  it('names the rule that made the last facts when several rules derive, with what all rules made', () => {
    const src = `${graph(60)}\nsmall(A, B) :- e(A, B).\n${BIG}`;
    const e = limitError(() => engine(src, { maxFacts: 10_000, hints: { facts: '--max-facts' } }).evaluate());
    expect(e.message).toBe('rule big(A,B,C) :- e(A,_), e(B,_), e(C,_). (line 3) derived 9,940 facts (10,000 in all): over the limit of 10,000 derived facts (raise it with --max-facts)');
  });

  it('a raised facts limit lets the same run finish', () => {
    const e = engine(`${graph(60)}\n${BIG}`, { maxFacts: 216_000 });
    expect(e.count('big', 3)).toBe(216_000);
    expect(e.guard.facts).toBe(216_000);
  });

  it('the default facts limit is 5,000,000', () => {
    expect(engine(BIG).guard.maxFacts).toBe(5_000_000);
  });

  it('stops a join that derives nothing at the time limit (checked inside the join)', () => {
    const t = performance.now();
    const e = limitError(() => engine(`${graph(300)}\n${SLOW}`, { maxSeconds: 0.2, hints: { seconds: '--max-seconds' } }).evaluate());
    const ms = performance.now() - t;
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(2000);
    expect(e.message).toBe('rule never(A) :- e(A,_), e(B,_), e(C,_), e(D,_), A < B, B < C, C < D, D < A. (line 2) derived 0 facts: over the time limit of 0.2 s (raise it with --max-seconds)');
  });

  it('stops at the memory estimate', () => {
    const e = limitError(() => engine(`${graph(100)}\n${BIG}`, { maxMemoryMb: 8 }).evaluate());
    expect(e.limit).toBe('memory');
    expect(e.message).toMatch(/^rule big\(A,B,C\) :- e\(A,_\), e\(B,_\), e\(C,_\)\. \(line 2\) derived [\d,]+ facts: the derived facts need about \d+ MiB, over the memory limit of 8 MiB \(raise it with maxMemoryMb\)$/);
    expect(e.ruleFacts).toBeGreaterThan(50_000);
    expect(e.ruleFacts).toBeLessThan(400_000);
  });

  it('limits a query\'s own answers too (a cross product asked directly)', () => {
    const e = limitError(() => engine(graph(60), { maxFacts: 1000 }).query('?- e(A,_), e(B,_), e(C,_).'));
    expect(e.message).toBe('the query found 1,000 answers: over the limit of 1,000 answers (raise it with maxFacts)');
    // With a limit on answers the join stops there.
    expect(engine(graph(60), { maxFacts: 1000 }).query('?- e(A,_), e(B,_), e(C,_).', { limit: 10 }).answers).toHaveLength(10);
  });
});

describe('Cancel and a responsive event loop', () => {
  it('an AbortSignal cancels an asynchronous evaluation inside a long join, and timers keep running meanwhile', async () => {
    const controller = new AbortController();
    const e = engine(`${graph(300)}\n${SLOW}`, { signal: controller.signal });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    setTimeout(() => controller.abort(), 150);
    const t = performance.now();
    try {
      await expect(e.evaluateAsync()).rejects.toBeInstanceOf(CancelledError);
    } finally {
      clearInterval(timer);
    }
    const ms = performance.now() - t;
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1500);
    // The event loop had turns while the rule ran (the interval fired repeatedly).
    expect(ticks).toBeGreaterThanOrEqual(2);
  });

  it('cancels between semi-naive rounds of a recursive rule (interpreted plans too)', async () => {
    const chain = Array.from({ length: 3000 }, (_, i) => `c(${i}, ${i + 1}).`).join(' ');
    const controller = new AbortController();
    const e = engine(`${chain}\np(X, Y) :- c(X, Y).\np(X, Z) :- p(X, Y), c(Y, Z).`, { signal: controller.signal }, false);
    setTimeout(() => controller.abort(), 100);
    await expect(e.evaluateAsync()).rejects.toBeInstanceOf(CancelledError);
    expect(e.stats.strata).toEqual([]); // p's stratum never finished
    expect(e.guard.facts).toBeGreaterThan(0);
  });

  it('the synchronous and asynchronous runs derive the same facts', async () => {
    const src = `${graph(40)}\np(X, Y) :- e(X, Y).\np(X, Z) :- p(X, Y), e(Y, Z).\nn(X, count(Y)) :- p(X, Y).`;
    const a = engine(src);
    const b = engine(src);
    a.evaluate();
    await b.evaluateAsync();
    expect(b.tuples('p', 2).sort()).toEqual(a.tuples('p', 2).sort());
    expect(b.tuples('n', 2)).toEqual(a.tuples('n', 2));
  });
});

describe('deep rule bodies', () => {
  const n = 3000;
  const chainBody = (k: number): string => Array.from({ length: k }, (_, i) => `e(X${i}, X${i + 1})`).join(', ');
  for (const compile of [true, false]) {
    it(`a ${n}-literal body parses, plans and runs without exhausting the stack (${compile ? 'compiled' : 'interpreted'})`, () => {
      // A 3-cycle: the 3,000-step walk from each node ends where it started.
      const e = engine(`e(a, b). e(b, c). e(c, a).\nwalk(X0, X${n}) :- ${chainBody(n)}.`, {}, compile);
      expect(e.tuples('walk', 2).map((t) => t.map((v) => e.values.format(v)).join('-')).sort()).toEqual(['a-a', 'b-b', 'c-c']);
      const r = e.query(`?- ${chainBody(n)}, X0 = a.`, { limit: 5 });
      expect(r.answers).toHaveLength(1);
      const proof = e.query('?- walk(a, Y).', { proofs: true }).answers[0].proof![0];
      expect(proof.premises).toHaveLength(n);
    });
  }

  it('a recursive rule with a 3,000-literal body over itself is refused with its position, not planned 3,000 times', () => {
    const body = Array.from({ length: n }, (_, i) => `p(X${i}, X${i + 1})`).join(', ');
    const t = performance.now();
    expect(() => engine(`e(a, b). p(X, Y) :- e(X, Y).\np(X0, X${n}) :- ${body}.`)).toThrow(
      /^line 2, column 1: recursive rule too large: 3,000 of its 3,000 body literals are over predicates it defines recursively, .* split it into smaller rules$/,
    );
    expect(performance.now() - t).toBeLessThan(3000);
    // 150 recursive literals still run (planned 150 times, interpreted beyond the compile budget).
    const ok = Array.from({ length: 150 }, (_, i) => `p(X${i}, X${i + 1})`).join(', ');
    expect(engine(`e(a, b). e(b, b). p(X, Y) :- e(X, Y).\np(X0, X150) :- ${ok}.`).count('p', 2)).toBe(2);
  });

  it('the proof of a fact 5,000 derivations deep is cut at PROOF_DEPTH_LIMIT (marked truncated) and serialises', () => {
    const chain = Array.from({ length: 5000 }, (_, i) => `c(${i}, ${i + 1}).`).join(' ');
    const e = engine(`${chain}\nreach(Y) :- c(0, Y).\nreach(Z) :- reach(Y), c(Y, Z).`);
    const proof = e.query('?- reach(5000).', { proofs: true }).answers[0].proof![0];
    let depth = 0;
    let node = proof;
    while (node.premises) {
      node = node.premises[0];
      depth++;
    }
    expect(depth).toBe(PROOF_DEPTH_LIMIT);
    expect(node.truncated).toBe(true);
    expect(JSON.parse(JSON.stringify(proof)).fact).toBe('reach(5000)');
  });

  it('a syntax error at the end of a deep body is reported with its position', () => {
    const src = `p(X0) :- ${chainBody(n)}, .`;
    expect(() => parseDatalog(src)).toThrow(/^line 1, column \d+: expected a predicate name but found '\.'$/);
  });
});
