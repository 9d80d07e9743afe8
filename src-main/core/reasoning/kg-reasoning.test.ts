import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetPath, tempDir } from '../../../test-support/paths.js';
import { importFiles } from '../import/import-files.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { materializeRules, queryKg } from './kg-reasoning.js';
import type { KgProofNode } from '../../contract/reasoning-types.js';
import { schemaRules } from './schema-rules.js';
import { RDF_TYPE } from '../../contract/vocabulary.js';

let tmp: ReturnType<typeof tempDir>;
let store: KgStore;

beforeEach(() => {
  tmp = tempDir();
  store = KgStore.open(join(tmp.dir, 'kg.sqlite'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

async function add(triples: Array<[string, string, string | number]>, name = 'facts.tsv'): Promise<void> {
  await store.write(() => {
    const w = new TripleWriter(store, { kind: 'file', name });
    triples.forEach(([s, p, o], i) =>
      w.add(w.entity(s), w.predicate(p), typeof o === 'number' ? w.literal(String(o), 'http://www.w3.org/2001/XMLSchema#integer') : w.entity(o), { line: i + 1 }),
    );
    w.finish();
  });
}

const RULES = { name: 'family.pl', text: 'aunt(X, A) :- father(X, F), sister(F, A).\nadult(X) :- age(X, A), A >= 18.\nn_kids(X, count(C)) :- father(C, X).' };
const bindings = (r: ReturnType<typeof queryKg>): string[] => r.answers.map((a) => Object.values(a.bindings).join(',')).sort();

describe('queries over the KG', () => {
  it('answers with proofs whose leaves are stored triples with their provenance; literals are typed', async () => {
    await add([['charlie', 'father', 'bob'], ['bob', 'sister', 'alice'], ['alice', 'age', 34], ['charlie', 'age', 9], ['dora', 'father', 'bob']]);
    const r = queryKg(store.db, [RULES], '?- aunt(charlie, A).', { explain: true });
    expect(r.count).toBe(1);
    expect(r.answers[0].bindings).toEqual({ A: 'alice' });
    const leaves = r.answers[0].proof![0].premises as KgProofNode[];
    expect(leaves.map((l) => [l.fact, l.triple?.source?.kind, l.triple?.source?.name, l.triple?.line])).toEqual([
      ['father(charlie, bob)', 'file', 'facts.tsv', 1],
      ['sister(bob, alice)', 'file', 'facts.tsv', 2],
    ]);
    expect(bindings(queryKg(store.db, [RULES], 'adult(X)'))).toEqual(['alice']);
    expect(bindings(queryKg(store.db, [RULES], 'n_kids(bob, N)'))).toEqual(['2']);
    expect(bindings(queryKg(store.db, [], 'age(X, A), A < 18'))).toEqual(['charlie,9']);
    expect(queryKg(store.db, [RULES], 'nephew(X, Y)').warnings).toEqual(['line 1, column 4: warning: unknown predicate nephew/2: no rule, fact or KG triple defines it']);
  });

  it('turns symmetric, transitive and inverse_of predicate flags into rules', async () => {
    await add([['a', 'married_to', 'b'], ['a', 'part_of', 'b'], ['b', 'part_of', 'c'], ['c', 'part_of', 'd'], ['x', 'parent_of', 'y']]);
    store.db.exec(`UPDATE predicates SET symmetric = 1 WHERE key = 'married_to';
      UPDATE predicates SET transitive = 1 WHERE key = 'part_of';
      INSERT INTO predicates(key) VALUES ('child_of');
      UPDATE predicates SET inverse_of = (SELECT id FROM predicates WHERE key = 'child_of') WHERE key = 'parent_of';`);
    expect(schemaRules(store.db).map((r) => r.text)).toEqual([
      'married_to(Y, X) :- married_to(X, Y).',
      'part_of(X, Z) :- part_of(X, Y), part_of(Y, Z).',
      'child_of(Y, X) :- parent_of(X, Y).',
      'parent_of(Y, X) :- child_of(X, Y).',
    ]);
    expect(bindings(queryKg(store.db, [], 'married_to(b, X)'))).toEqual(['a']);
    expect(bindings(queryKg(store.db, [], 'part_of(a, X)'))).toEqual(['b', 'c', 'd']);
    expect(bindings(queryKg(store.db, [], 'child_of(X, Y)'))).toEqual(['y,x']);
    expect(bindings(queryKg(store.db, [], 'part_of(a, X)', { schema: false }))).toEqual(['b']);
  });

  it('applies the RDFS subClassOf axioms of schema.org: every typed entity gets exactly its superclasses', async () => {
    const file = datasetPath('rdf-schemaorg', 'schemaorg-current-https.nt');
    await importFiles(store, [{ path: file }]);
    // The expected closure, computed independently from the N-Triples text.
    const sub = new Map<string, string[]>();
    const typed: Array<[string, string]> = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^<([^>]+)> <([^>]+)> <([^>]+)> \.$/.exec(line.trim());
      if (!m) continue;
      if (m[2] === 'http://www.w3.org/2000/01/rdf-schema#subClassOf') sub.set(m[1], [...(sub.get(m[1]) ?? []), m[3]]);
      if (m[2] === RDF_TYPE) typed.push([m[1], m[3]]);
    }
    const expected = new Set<string>();
    for (const [x, t] of typed) {
      const todo = [t];
      while (todo.length) {
        const c = todo.pop()!;
        if (expected.has(`${x},${c}`)) continue;
        expected.add(`${x},${c}`);
        todo.push(...(sub.get(c) ?? []));
      }
    }
    const r = queryKg(store.db, [], '?- type(X, T).');
    expect(r.count).toBe(expected.size);
    expect(bindings(r)).toEqual([...expected].sort());
    expect(expected.size).toBeGreaterThan(typed.length);
    const monday = queryKg(store.db, [], "?- type('https://schema.org/Monday', T).", { explain: true });
    expect(monday.answers.map((a) => a.bindings.T)).toContain('https://schema.org/Thing');
  });
});

describe('materialisation', () => {
  const count = (sql: string): number => store.db.prepare(sql).pluck().get() as number;

  it('stores derived triples with rule provenance, and a rerun after the facts change removes what no longer holds', async () => {
    await add([['charlie', 'father', 'bob'], ['bob', 'sister', 'alice'], ['dora', 'father', 'bob'], ['bob', 'sister', 'eve']]);
    const first = await materializeRules(store, [RULES]);
    // Four aunt triples and n_kids(bob, 2) with a literal object.
    expect([first.derived, first.removed, first.total_derived, first.not_stored]).toEqual([5, 0, 5, 0]);
    const rows = store.db
      .prepare(`SELECT s.key AS s, p.key AS p, o.key AS o, t.derived, src.kind, src.name, t.props FROM triples t JOIN entities s ON s.id = t.s
        JOIN predicates p ON p.id = t.p LEFT JOIN entities o ON o.id = t.o JOIN sources src ON src.id = t.source_id WHERE t.derived = 1 AND p.key = 'aunt' ORDER BY 1, 3`)
      .all() as Array<{ s: string; p: string; o: string; derived: number; kind: string; name: string; props: string }>;
    expect(rows.map((r) => `${r.s} ${r.o} ${r.kind} ${r.name}`)).toEqual([
      'charlie alice rule family.pl', 'charlie eve rule family.pl', 'dora alice rule family.pl', 'dora eve rule family.pl',
    ]);
    const props = JSON.parse(rows[0].props) as { rule: string; premises: number[] };
    expect(props.rule).toBe('aunt(X, A) :- father(X, F), sister(F, A).');
    const premiseTriples = props.premises.map((id) => store.db.prepare('SELECT s.key || \' \' || p.key || \' \' || o.key FROM triples t JOIN entities s ON s.id = t.s JOIN predicates p ON p.id = t.p JOIN entities o ON o.id = t.o WHERE t.id = ?').pluck().get(id));
    expect(premiseTriples).toEqual(['charlie father bob', 'bob sister alice']);

    // Same facts: nothing changes.
    const again = await materializeRules(store, [RULES]);
    expect([again.derived, again.removed, again.total_derived]).toEqual([0, 0, 5]);
    expect(count("SELECT count(*) FROM sources WHERE kind = 'rule'")).toBe(1);

    // Eve is no longer Bob's sister; Fay is.
    store.db.exec("DELETE FROM triples WHERE s = (SELECT id FROM entities WHERE key = 'bob') AND o = (SELECT id FROM entities WHERE key = 'eve')");
    await add([['bob', 'sister', 'fay']], 'more.tsv');
    const third = await materializeRules(store, [RULES]);
    expect([third.derived, third.removed, third.total_derived]).toEqual([2, 2, 5]);
    const aunts = store.db.prepare("SELECT s.key || ' ' || o.key FROM triples t JOIN entities s ON s.id = t.s JOIN entities o ON o.id = t.o JOIN predicates p ON p.id = t.p WHERE p.key = 'aunt' ORDER BY 1").pluck().all();
    expect(aunts).toEqual(['charlie alice', 'charlie fay', 'dora alice', 'dora fay']);
    expect(count('SELECT count(*) FROM triples WHERE derived = 1')).toBe(5);
    expect(count("SELECT count(*) FROM sources WHERE kind = 'rule'")).toBe(1);

    // The rule file is gone: clearing its rule set removes everything it derived.
    const cleared = await materializeRules(store, [], { name: 'family.pl', schema: false });
    expect([cleared.derived, cleared.removed, cleared.total_derived]).toEqual([0, 5, 0]);
    expect(count('SELECT count(*) FROM triples WHERE derived = 1')).toBe(0);
  });
});
