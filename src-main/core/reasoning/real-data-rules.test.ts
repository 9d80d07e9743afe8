/**
 * Hand-written rule sets on real benchmark data: Countries S1–S3 (checked against SWI-Prolog and against
 * NTP's published AUC-PR as recall thresholds) and Neural-LP Family with the kinship pack.
 */
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../test-support/paths.js';
import { DatalogEngine, type FactSource } from './datalog/engine.js';
import { parseDatalog } from './datalog/parser.js';
import { toSwiProlog } from '../../../test-support/swi-prolog.js';
import { runSwipl, swiplAvailable } from '../../../test-support/swi-prolog-runner.js';
import { loadRulePack } from './rule-packs.js';
import { readTsvRecords } from '../import/tsv-records.js';

const HAVE_SWIPL = swiplAvailable();
if (!HAVE_SWIPL) console.warn('skipping the SWI-Prolog comparison: swipl is not installed (apt-get install swi-prolog-nox)');

const lines = (...path: string[]): string[][] => readTsvRecords(datasetPath(...path)).map((r) => r.record);

const COUNTRIES_RULES = `
region(R) :- locatedIn(_, R), not locatedIn(R, _).
in(X, Y) :- locatedIn(X, Y).
in(X, Z) :- in(X, Y), locatedIn(Y, Z).
near(X, Y) :- neighborOf(X, Y).
near(X, Y) :- neighborOf(Y, X).
% S1: through the subregion. S2: a neighbour's region. S3: a neighbour's neighbour's region.
s1(C, R) :- in(C, R), region(R).
s2(C, R) :- near(C, N), in(N, R), region(R).
s3(C, R) :- near(C, N), near(N, M), in(M, R), region(R), C != M.
`;

describe('Countries S1–S3 (NTP split) with hand-written rules', () => {
  const test = lines('countries', 'ntp', 'test.tsv');
  // NTP's published AUC-PR (Rocktäschel & Riedel 2017): S1 1.00, S2 .93, S3 .77; used here as recall floors.
  const cases: Array<[number, string, number]> = [[1, 's1', 1.0], [2, 's2', 0.93], [3, 's3', 0.77]];

  for (const [S, rule, floor] of cases) {
    it(`S${S}: rule ${rule} finds the held-out regions (recall ≥ ${floor}) and agrees with SWI-Prolog`, () => {
      const facts = lines('countries', 'ntp', `countries_S${S}.train.tsv`).map(([h, r, t]) => `${r}('${h}', '${t}').`);
      const program = parseDatalog(`${COUNTRIES_RULES}\n${facts.join('\n')}`);
      const e = new DatalogEngine(program);
      expect(e.query('region(R)').answers.map((a) => a.bindings.R).sort()).toEqual(lines('countries', 'ntp', 'regions.txt').map((l) => l[0]).sort());
      let hits = 0;
      for (const [country, , region] of test) {
        const regions = e.query(`${rule}('${country}', R)`).answers.map((a) => a.bindings.R);
        if (regions.includes(region)) hits++;
        if (S === 1) expect(regions).toEqual([region]);
      }
      expect(hits / test.length).toBeGreaterThanOrEqual(floor);
      if (HAVE_SWIPL) {
        const preds = ['in', 's1', 's2', 's3'];
        const swi = runSwipl(toSwiProlog(program), preds.map((p) => ['A, B', `${p}(A, B)`]));
        preds.forEach((p, i) => expect(e.tuples(p, 2).map((t) => t.map((v) => e.values.format(v)).join('\t')).sort(), p).toEqual([...swi.answers[i]].sort()));
      }
    });
  }
});

describe('Neural-LP Family with the kinship pack', () => {
  it('entails at least as many test triples as Neural LP ranks first, with no gender contradictions', () => {
    // Neural-LP's (h, r, t) reads "h is t's r", the pack's r(X, Y) reads "Y is X's r": so (h, r, t) is r(t, h).
    const kb = [...lines('neural-lp-family', 'facts.txt'), ...lines('neural-lp-family', 'train.txt')];
    const byPredicate = new Map<string, Array<[string, string]>>();
    for (const [h, r, t] of kb) byPredicate.set(r, [...(byPredicate.get(r) ?? []), [t, h]]);
    const source: FactSource = {
      has: (name, arity) => arity === 2 && byPredicate.has(name),
      load: (name, arity, values, add) => {
        if (arity === 2) for (const [x, y] of byPredicate.get(name) ?? []) add([values.sym(x), values.sym(y)], NaN);
      },
    };
    const pack = loadRulePack('kinship');
    const e = new DatalogEngine(parseDatalog(pack.text, pack.name), { source });
    e.evaluate();
    const test = lines('neural-lp-family', 'test.txt');
    const entailed = test.filter(([h, r, t]) => e.findFact(r, [e.values.sym(t), e.values.sym(h)]) !== null).length;
    // Neural LP on Family: Hits@1 .86 (Yang et al. 2017, as reported in the DRUM paper, Sadeghian et al. 2019).
    expect(entailed / test.length).toBeGreaterThanOrEqual(0.86);
    const male = new Set(e.query('gender(X, male)').answers.map((a) => a.bindings.X));
    const both = e.query('gender(X, female)').answers.filter((a) => male.has(a.bindings.X as string));
    expect(both).toEqual([]);
  });
});
