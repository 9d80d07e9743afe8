/**
 * `relate` and the kinship pack on generated families stored in a KG, checked against the same rules
 * evaluated by SWI-Prolog with tabling over the same facts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/paths.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { DatalogEngine } from './datalog/engine.js';
import type { ProofNode } from '../../contract/reasoning-types.js';
import { parseDatalog } from './datalog/parser.js';
import { toSwiProlog } from '../../../test-support/swi-prolog.js';
import { runSwipl, swiplAvailable } from '../../../test-support/swi-prolog-runner.js';
import { formatValue } from './datalog/values.js';
import { generateFamily, mixedFacts, type Fact } from '../../../test-support/family-generator.js';
import { KgFactSource } from './kg-facts.js';
import { relateEntities } from './relate.js';
import { loadRulePack, RULE_PACKS_DIR } from './rule-packs.js';

const HAVE_SWIPL = swiplAvailable();
if (!HAVE_SWIPL) console.warn('skipping the SWI-Prolog comparisons: swipl is not installed (apt-get install swi-prolog-nox)');

async function kgWith(path: string, facts: Fact[]): Promise<KgStore> {
  const store = KgStore.open(path);
  await store.write(() => {
    const w = new TripleWriter(store, { kind: 'file', name: 'family.tsv' });
    facts.forEach(([s, p, o], line) => w.add(w.entity(s), w.predicate(p), w.entity(o), { line: line + 1 }));
    w.finish();
  });
  return store;
}

const leaves = (n: ProofNode): string[] => (n.premises ? n.premises.flatMap(leaves) : [n.fact]);

describe('kinship pack and relate over a KG', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it("answers the seed's question from stored triples: Alice is Charlie's aunt; son(james, orville) makes James Orville's parent", async () => {
    const store = await kgWith(join(tmp.dir, 'seed.sqlite'), [
      ['charlie', 'father', 'bob'],
      ['bob', 'sister', 'alice'],
      ['james', 'son', 'orville'],
      ['orville', 'gender', 'male'],
      ['james', 'gender', 'male'],
    ]);
    try {
      const r = relateEntities(store.db, 'charlie', 'alice', [loadRulePack('kinship')]);
      expect(r.relations.map((x) => x.relation)).toEqual(['aunt', 'pibling']);
      const aunt = r.relations[0];
      expect(leaves(aunt.proof).sort()).toEqual(['father(charlie, bob)', 'sister(bob, alice)', 'sister(bob, alice)']);
      expect(r.paths.map((p) => p.steps.map((s) => `${s.s} ${s.p} ${s.o}`))).toEqual([['charlie father bob', 'bob sister alice']]);
      const back = relateEntities(store.db, 'alice', 'charlie', [loadRulePack('kinship')]);
      expect(back.relations.map((x) => x.relation)).toEqual(['nibling']); // Charlie's gender is not known
      const son = relateEntities(store.db, 'orville', 'james', [loadRulePack('kinship')]);
      expect(son.relations.map((x) => x.relation)).toEqual(['ancestor', 'father', 'parent']);
    } finally {
      store.close();
    }
  });

  it('reports hyphenated vocabulary names and reads KG predicates keyed with hyphens', async () => {
    const store = await kgWith(join(tmp.dir, 'inlaw.sqlite'), [
      ['ann', 'father-in-law', 'carl'],
      ['ann', 'husband', 'bert'],
      ['bert', 'brother', 'dave'],
    ]);
    try {
      const r = relateEntities(store.db, 'ann', 'carl', [loadRulePack('kinship')]);
      expect(r.relations.map((x) => [x.relation, x.stored])).toEqual([['parent-in-law', false], ['father-in-law', true]]);
      const d = relateEntities(store.db, 'ann', 'dave', [loadRulePack('kinship')]);
      expect(d.relations.map((x) => x.relation)).toEqual(['brother-in-law', 'sibling-in-law']);
    } finally {
      store.close();
    }
  });

  describe.skipIf(!HAVE_SWIPL)('on a generated family, against SWI-Prolog', () => {
    const family = generateFamily(180, 6, 1);
    const facts = mixedFacts(family, 5);
    const pack = readFileSync(join(RULE_PACKS_DIR, 'kinship.pl'), 'utf8');
    const program = parseDatalog(pack);
    const binary = [...new Set(program.rules.filter((r) => r.head.args.length === 2).map((r) => r.head.predicate))].sort();
    let store: KgStore;
    let swi: Map<string, Set<string>>;

    beforeAll(async () => {
      store = await kgWith(join(tmp.dir, 'family.sqlite'), facts);
      const factText = facts.map(([s, p, o]) => `${p}(${formatValue({ kind: 'sym', text: s })}, ${formatValue({ kind: 'sym', text: o })}).`).join('\n');
      const run = runSwipl(toSwiProlog(program, factText), binary.map((p) => ['A, B', `${p}(A, B)`]));
      swi = new Map(binary.map((p, i) => [p, run.answers[i]]));
    });
    afterAll(() => store?.close());

    it('derives exactly what SWI-Prolog derives, for every relation of the pack', () => {
      expect(family.people.length).toBeGreaterThan(150);
      const engine = new DatalogEngine(program, { source: new KgFactSource(store.db) });
      engine.evaluate();
      for (const p of binary) {
        const mine = new Set(engine.tuples(p, 2).map((t) => t.map((v) => engine.values.format(v)).join('\t')));
        expect([...mine].sort(), p).toEqual([...swi.get(p)!].sort());
      }
      // The generated truth: every stated parent link and gender comes back in the pack's terms.
      expect(swi.get('parent')!.size).toBe(family.parents.length);
      expect(swi.get('cousin')!.size).toBeGreaterThan(100);
      expect(swi.get('brother_in_law')!.size + swi.get('sister_in_law')!.size).toBeGreaterThan(50);
    });

    it('relate lists exactly the relations SWI-Prolog derives between sampled pairs, with proofs down to stored triples', () => {
      const pairs = new Set<string>();
      const all = binary.flatMap((p) => [...swi.get(p)!]);
      for (let i = 0; pairs.size < 25; i++) pairs.add(all[(i * 7919) % all.length]);
      pairs.add(`${family.people[0]}\t${family.people[family.people.length - 1]}`);
      let longest = 0;
      for (const pair of pairs) {
        const [a, b] = pair.split('\t');
        // aunt_by_marriage and the other readings come back folded into their relation's `readings`.
        const expected = binary.filter((p) => swi.get(p)!.has(pair) && !/_by_(blood|marriage)$/.test(p)).sort();
        const r = relateEntities(store.db, a, b, [loadRulePack('kinship')], { maxHops: 3 });
        expect(r.relations.map((x) => x.predicate).sort(), pair).toEqual(expected);
        for (const x of r.relations) {
          const readings = (['blood', 'marriage'] as const).filter((k) => swi.get(`${x.predicate}_by_${k}`)?.has(pair)).map((k) => `by ${k}`);
          expect(x.readings ?? [], `${pair} ${x.predicate}`).toEqual(readings);
        }
        for (const x of r.relations) {
          const l = leaves(x.proof);
          longest = Math.max(longest, new Set(l).size);
        }
      }
      expect(longest).toBeGreaterThanOrEqual(3);
    });

    it('follows chains of 5 or more facts: a great-great-grandparent is an ancestor, proved from 5 stored triples', () => {
      const youngest = family.people.find((x) => family.generationOf.get(x) === 5 && family.parents.some(([c]) => c === x))!;
      // Walk up five parent links.
      let at = youngest;
      for (let g = 0; g < 5; g++) at = family.parents.find(([c, p]) => c === at && family.generationOf.get(p) === 4 - g)![1];
      const r = relateEntities(store.db, youngest, at, [loadRulePack('kinship')], { maxHops: 5 });
      const ancestor = r.relations.find((x) => x.relation === 'ancestor')!;
      expect(ancestor).toBeDefined();
      const stored = leaves(ancestor.proof);
      expect(new Set(stored).size).toBeGreaterThanOrEqual(5);
      expect(swi.get('ancestor')!.has(`${youngest}\t${at}`)).toBe(true);
      expect(r.paths[0].length).toBeLessThanOrEqual(5);
    });
  });
});
