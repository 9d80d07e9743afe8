/**
 * Differential tests: Relata's answers must equal SWI-Prolog's (with tabling) on the same program,
 * for generated random programs and for the transitive closure of WordNet's hypernym relation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseProgram } from './analysis.js';
import type { Program } from './ast.js';
import { DatalogEngine } from './engine.js';
import { DatalogError } from './errors.js';
import { parseDatalog } from './parser.js';
import { toSwiProlog } from '../../../../test-support/swi-prolog.js';
import { runSwipl, swiplAvailable } from '../../../../test-support/swi-prolog-runner.js';
import { datasetPath } from '../../../../test-support/paths.js';
import { Mulberry32 } from '../../random/mulberry32.js';
import { readTsvTriples } from '../../import/tsv-triples.js';

const HAVE_SWIPL = swiplAvailable();
if (!HAVE_SWIPL) console.warn('skipping the SWI-Prolog comparisons: swipl is not installed (apt-get install swi-prolog-nox)');

/** Every answer of name/arity, printed as SWI-Prolog's `~q` prints it, tab-separated. */
function relataAnswers(e: DatalogEngine, name: string, arity: number): Set<string> {
  return new Set(e.tuples(name, arity).map((t) => t.map((v) => e.values.format(v)).join('\t')));
}

function compareWithSwipl(program: Program, predicates: Array<[string, number]>): { sizes: number[] } {
  const e = new DatalogEngine(program);
  const vars = (n: number): string => Array.from({ length: n }, (_, i) => `A${i}`).join(', ');
  const swi = runSwipl(toSwiProlog(program), predicates.map(([p, n]) => [vars(n), `${p}(${vars(n)})`]));
  const sizes: number[] = [];
  predicates.forEach(([p, n], i) => {
    const mine = relataAnswers(e, p, n);
    expect([...mine].sort(), `${p}/${n}`).toEqual([...swi.answers[i]].sort());
    sizes.push(mine.size);
  });
  return { sizes };
}

/** A random program over edb e/2, f/2, g/1 and idb r0..r4 (binary) with recursion, mutual recursion, negation, inequality. */
function randomProgram(seed: number): string {
  const rng = new Mulberry32(seed);
  const rnd = (): number => rng.next();
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const consts = ['a', 'b', 'c', 'd', 'e', 'f'];
  const lines: string[] = [];
  for (const p of ['e', 'f']) for (let i = 0; i < 12; i++) lines.push(`${p}(${pick(consts)}, ${pick(consts)}).`);
  for (let i = 0; i < 4; i++) lines.push(`g(${pick(consts)}).`);
  const idb = ['r0', 'r1', 'r2', 'r3', 'r4'];
  const vars = ['X', 'Y', 'Z', 'W'];
  for (let k = 0; k < 10; k++) {
    const head = idb[k % idb.length];
    const body: string[] = [];
    const bound = new Set<string>();
    const nAtoms = 1 + Math.floor(rnd() * 3);
    let prev = 'X';
    for (let j = 0; j < nAtoms; j++) {
      const next = pick(vars.filter((v) => v !== prev));
      // The first rule of each idb predicate is a base case over edb only.
      const pred = k < idb.length ? pick(['e', 'f']) : pick(['e', 'f', ...idb]);
      body.push(rnd() < 0.5 ? `${pred}(${prev}, ${next})` : `${pred}(${next}, ${prev})`);
      bound.add(prev).add(next);
      prev = next;
    }
    const b = [...bound];
    if (rnd() < 0.3) body.push(`g(${pick(b)})`);
    if (rnd() < 0.4) body.push(`${pick(b)} != ${pick(b)}`);
    if (rnd() < 0.4) body.push(`not ${pick(['e', 'f', ...idb])}(${pick(b)}, ${pick(b)})`);
    lines.push(`${head}(${pick(b)}, ${pick(b)}) :- ${body.join(', ')}.`);
  }
  return lines.join('\n');
}

describe.skipIf(!HAVE_SWIPL)('Relata vs SWI-Prolog tabling', () => {
  it('agrees on generated random programs with recursion, negation and inequality', () => {
    let compared = 0;
    let nonEmpty = 0;
    let magicQueries = 0;
    for (let seed = 1; compared < 30 && seed < 400; seed++) {
      const program = parseDatalog(randomProgram(seed));
      try {
        analyseProgram(program);
      } catch (e) {
        if (e instanceof DatalogError && /unstratifiable/.test(e.reason)) continue;
        throw e;
      }
      const preds = [...new Set(program.rules.map((r) => r.head.predicate))].map((p) => [p, 2] as [string, number]);
      const { sizes } = compareWithSwipl(program, preds);
      // Goal-directed answers (magic sets, or plain bottom-up where the rules use negation) agree too.
      const full = new DatalogEngine(program);
      for (const [p] of preds) {
        const want = full.tuples(p, 2).filter((t) => full.values.format(t[0]) === 'a').map((t) => full.values.format(t[1])).sort();
        const goal = new DatalogEngine(program);
        const got = goal.query(`${p}(a, X)`, { magic: true }).answers.map((x) => String(x.bindings.X)).sort();
        expect(got, `${p}(a, X) seed ${seed}`).toEqual(want);
        if (goal.stats.magic) magicQueries++;
      }
      compared++;
      if (sizes.some((s) => s > 0)) nonEmpty++;
    }
    expect(compared).toBe(30);
    expect(nonEmpty).toBeGreaterThan(20);
    expect(magicQueries).toBeGreaterThan(10);
  }, 60_000);

  it('agrees on aggregates, comparisons and mutual recursion', () => {
    const program = parseDatalog(`
      parent(a, b). parent(a, c). parent(b, d). parent(c, e). parent(d, f). parent(e, g).
      age(a, 80). age(b, 55). age(c, 50). age(d, 30). age(e, 28). age(f, 3). age(g, 1).
      anc(X, Y) :- parent(X, Y). anc(X, Z) :- anc(X, Y), parent(Y, Z).
      even(X, Y) :- parent(X, Y0), odd(Y0, Y). even(X, X) :- age(X, _). odd(X, Y) :- parent(X, Y0), even(Y0, Y).
      n_desc(X, count(Y)) :- anc(X, Y).
      ages(X, sum(A), min(A), max(A)) :- anc(X, Y), age(Y, A).
      older(X, Y) :- age(X, A), age(Y, B), A > B, not anc(X, Y).
      childless(X) :- age(X, _), not parent(X, _).`);
    compareWithSwipl(program, [['anc', 2], ['even', 2], ['odd', 2], ['n_desc', 2], ['ages', 4], ['older', 2], ['childless', 1]]);
  });

  it('computes the transitive closure of WN18RR _hypernym exactly as SWI-Prolog does', () => {
    const facts = ['train', 'valid', 'test']
      .flatMap((f) => readTsvTriples(datasetPath('wn18rr', `${f}.txt`)))
      .filter(([, r]) => r === '_hypernym')
      .map(([h, , t]) => `hypernym('${h}', '${t}').`);
    expect(facts.length).toBe(37221);
    const program = parseDatalog(`${facts.join('\n')}
      ancestor(X, Y) :- hypernym(X, Y).
      ancestor(X, Z) :- ancestor(X, Y), hypernym(Y, Z).`);
    const { sizes } = compareWithSwipl(program, [['ancestor', 2]]);
    expect(sizes[0]).toBeGreaterThan(200_000);
  }, 60_000);
});
