import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatalogEngine } from './datalog/engine.js';
import { parseDatalog } from './datalog/parser.js';
import { toSwiProlog } from '../../../test-support/swi-prolog.js';
import { runSwipl, swiplAvailable } from '../../../test-support/swi-prolog-runner.js';
import { RULE_PACKS_DIR } from './rule-packs.js';

const HAVE_SWIPL = swiplAvailable();
if (!HAVE_SWIPL) console.warn('skipping the SWI-Prolog comparison: swipl is not installed (apt-get install swi-prolog-nox)');

const PACK = readFileSync(join(RULE_PACKS_DIR, 'ownership.pl'), 'utf8');
// A holding: top -> mid (60%) -> op (70%); top also holds 30% of jv directly and mid holds 25% of jv (55% jointly);
// a ring a -> b -> c -> a; two shells sharing a director and an address.
const FACTS = `
stake(top, mid, 0.6). stake(mid, op, 0.7). stake(top, jv, 0.3). stake(mid, jv, 0.25). stake(other, jv, 0.45).
stake(a, b, 0.4). stake(b, c, 0.9). stake(c, a, 0.51). owns_majority(fund, top).
director(shell1, dan). director(shell2, dan). address(shell1, 'PO Box 7'). address(shell2, 'PO Box 7').`;

const answers = (e: DatalogEngine, q: string): string[] => e.query(q).answers.map((a) => Object.values(a.bindings).join(',')).sort();

describe('ownership pack', () => {
  const e = new DatalogEngine(parseDatalog(PACK + FACTS));

  it('follows chains of majority ownership to the ultimate controlling owner', () => {
    expect(answers(e, 'controls(fund, Y)')).toEqual(['mid', 'op', 'top']);
    expect(answers(e, 'ultimate_owner(op, U)')).toEqual(['fund']);
    expect(answers(e, 'n_subsidiaries(fund, N)')).toEqual(['3']);
  });

  it('finds joint control through controlled companies, with the summed share', () => {
    expect(answers(e, 'jointly_controls(X, jv)')).toEqual(['fund', 'top']); // fund controls top and mid
    expect(answers(e, 'total_share(top, jv, T)')).toEqual(['0.55']);
  });

  it('finds circular ownership and shared directors and addresses', () => {
    expect(answers(e, 'in_ownership_cycle(X)')).toEqual(['a', 'b', 'c']);
    expect(answers(e, 'ultimate_owner(b, U)')).toEqual([]); // everyone in the ring is controlled
    expect(answers(e, 'shares_director(shell1, B)')).toEqual(['shell2']);
    expect(answers(e, 'shares_address(A, shell2)')).toEqual(['shell1']);
  });

  it.skipIf(!HAVE_SWIPL)('derives exactly what SWI-Prolog derives', () => {
    const program = parseDatalog(PACK + FACTS);
    const preds: Array<[string, number]> = [['controls', 2], ['jointly_controls', 2], ['ultimate_owner', 2], ['in_ownership_cycle', 1], ['cycle_partner', 2], ['shares_director', 2], ['n_subsidiaries', 2]];
    const vars = (n: number): string => Array.from({ length: n }, (_, i) => `A${i}`).join(', ');
    const swi = runSwipl(toSwiProlog(program), preds.map(([p, n]) => [vars(n), `${p}(${vars(n)})`]));
    preds.forEach(([p, n], i) => {
      const mine = e.tuples(p, n).map((t) => t.map((v) => e.values.format(v)).join('\t'));
      expect(mine.sort(), p).toEqual([...swi.answers[i]].sort());
    });
  });
});
