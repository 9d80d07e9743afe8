import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult } from '../../contract/types.js';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { importFiles } from '../import/import-files.js';
import { generateFamily, mixedFacts } from '../../../test-support/family-generator.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { datasetPath, REPO_ROOT, tempDir } from '../../../test-support/paths.js';
import { ask } from './ask.js';
import { relationWords } from './lexicon.js';

const tmp = tempDir();
let service: RelataService;
const db = join(tmp.dir, 'kg.sqlite');
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(db);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
});
afterAll(() => {
  service.close();
  tmp.cleanup();
});

const askQ = (question: string): Promise<AskResult> => service.call('qa.ask', { question });
const keys = (r: AskResult): string[] => r.answers.map((a) => a.key).sort();
/** What the kinship/ownership/medical packs themselves answer: the independent check on rule-derived answers. */
async function packAnswers(pack: string, query: string, variable: string): Promise<string[]> {
  const r = await service.call('reason.query', { query, packs: [pack] });
  return r.answers.map((a) => String(a.bindings[variable])).sort();
}
/** Stored triples, straight from the KG file. */
function sql(query: string, ...params: unknown[]): string[] {
  const s = KgStore.open(db);
  try {
    return (s.db.prepare(query).pluck().all(...params) as string[]).sort();
  } finally {
    s.close();
  }
}
const OBJECTS = 'SELECT o.key FROM triples t JOIN entities s ON s.id = t.s JOIN predicates p ON p.id = t.p JOIN entities o ON o.id = t.o WHERE s.key = ? AND p.key = ?';
const SUBJECTS = 'SELECT s.key FROM triples t JOIN entities s ON s.id = t.s JOIN predicates p ON p.id = t.p JOIN entities o ON o.id = t.o WHERE o.key = ? AND p.key = ?';

describe('relation look-ups on the demo KG, in either direction, with answers and the reading', () => {
  it('derived relations from the kinship pack: "Who is Charlie\'s aunt?"', async () => {
    const r = await askQ("Who is Charlie's aunt?");
    expect(r.answered).toBe(true);
    expect(keys(r)).toEqual(await packAnswers('kinship', '?- aunt(charlie, A).', 'A'));
    expect(r.reading).toBe('?- aunt(charlie, X).');
    // The derived fact is cited with its proof and the stored triples under it.
    const derived = r.facts.find((f) => f.kind === 'derived');
    expect(derived?.proof).toBeTruthy();
    expect(r.facts.filter((f) => f.kind === 'stored' && r.citations.includes(f.id)).length).toBeGreaterThan(0);
    for (const id of r.citations) expect(r.facts.some((f) => f.id === id)).toBe(true);
  });

  it('grandchildren, plural and possessive, and a person who has none', async () => {
    const frank = await askQ("Who are Frank's grandchildren?");
    expect(keys(frank)).toEqual(await packAnswers('kinship', '?- grandchild(frank, G).', 'G'));
    expect(frank.answers.length).toBeGreaterThan(0);
    const diana = await askQ("Who are Diana's grandchildren?");
    expect(await packAnswers('kinship', '?- grandchild(diana, G).', 'G')).toEqual([]);
    expect(diana.answers).toEqual([]);
    expect(diana.reading).toBe('?- grandchild(diana, X).');
  });

  it('"ultimately control" reads the ownership pack\'s control relation', async () => {
    const r = await askQ('Which companies does Apex Holdings ultimately control?');
    expect(r.reading).toBe('?- controls(apex_holdings, X).');
    expect(keys(r)).toEqual(await packAnswers('ownership', '?- controls(apex_holdings, C).', 'C'));
  });

  it('both directions of a stored relation, chosen by the grammar', async () => {
    expect(keys(await askQ('Which companies does Beta Capital own?'))).toEqual(sql(OBJECTS, 'beta_capital', 'owns'));
    expect(keys(await askQ('Who owns Beta Capital?'))).toEqual(sql(SUBJECTS, 'beta_capital', 'owns'));
    expect(keys(await askQ('Who founded Apple?'))).toEqual(sql(OBJECTS, 'apple', 'founded_by'));
    expect(keys(await askQ("Who is Bob's father?"))).toEqual(sql(OBJECTS, 'bob', 'father'));
    expect(keys(await askQ('Whose father is Bob?'))).toEqual(sql(SUBJECTS, 'bob', 'father'));
    expect(keys(await askQ('Who was born in Ulm?'))).toEqual(sql(SUBJECTS, 'ulm', 'born_in'));
  });

  it('morphology and synonyms: nationality reads citizen_of, "when … born" a birth year literal', async () => {
    expect(keys(await askQ('What is the nationality of Albert Einstein?'))).toEqual(sql(OBJECTS, 'albert_einstein', 'citizen_of'));
    const when = await askQ('When was Einstein born?');
    const year = sql("SELECT l.value FROM triples t JOIN entities s ON s.id = t.s JOIN predicates p ON p.id = t.p JOIN literals l ON l.id = -t.o WHERE s.key = 'albert_einstein' AND p.key = 'birth_year'");
    expect(when.answers.map((a) => a.label)).toEqual(year);
  });

  it('links names tolerant of case, accents, possessives and small typos', async () => {
    const expected = sql(OBJECTS, 'albert_einstein', 'born_in');
    for (const q of ['Where was Einstein born?', 'where was einstein born', 'Where was Älbert Einstein born?', 'Where was Einstien born?']) {
      const r = await askQ(q);
      expect(keys(r), q).toEqual(expected);
    }
    expect(keys(await askQ("who is CHARLIE's aunt?"))).toEqual(await packAnswers('kinship', '?- aunt(charlie, A).', 'A'));
  });
});

describe('chains of relations, counts and constraints', () => {
  it('"In which countries were the founders of Apple born?" walks founded_by, born_in and located_in to a Country', async () => {
    const r = await askQ('In which countries were the founders of Apple born?');
    const founders = sql(OBJECTS, 'apple', 'founded_by');
    const cities = [...new Set(founders.flatMap((f) => sql(OBJECTS, f, 'born_in')))];
    const countries = [...new Set(cities.flatMap((c) => sql(OBJECTS, c, 'located_in')))].sort();
    expect(keys(r)).toEqual(countries);
    expect(r.reading).toBe('?- founded_by(apple, X1), born_in(X1, X2), located_in(X2, X).');
  });

  it('"Which drugs treat the diseases that present fever?" composes presents and treats', async () => {
    const r = await askQ('Which drugs treat the diseases that present fever?');
    const diseases = sql(SUBJECTS, 'fever', 'presents');
    expect(keys(r)).toEqual([...new Set(diseases.flatMap((d) => sql(SUBJECTS, d, 'treats')))].sort());
  });

  it('of-chains are walked from the anchor outward, over derived relations too', async () => {
    const r = await askQ("Who is the husband of Charlie's aunt?");
    const aunts = await packAnswers('kinship', '?- aunt(charlie, A).', 'A');
    const husbands = (await Promise.all(aunts.map((a) => packAnswers('kinship', `?- husband(${a}, H).`, 'H')))).flat().sort();
    expect(keys(r)).toEqual(husbands);
    expect(r.reading).toBe('?- aunt(charlie, X1), husband(X1, X).');
  });

  it('another named entity filters the answers: "Which of Frank\'s grandchildren is Alice\'s nephew?"', async () => {
    const r = await askQ("Which of Frank's grandchildren is Alice's nephew?");
    const grandchildren = await packAnswers('kinship', '?- grandchild(frank, G).', 'G');
    const nephews = await packAnswers('kinship', '?- nephew(alice, N).', 'N');
    expect(keys(r)).toEqual(grandchildren.filter((g) => nephews.includes(g)));
    expect(r.reading).toBe('?- grandchild(frank, X), nephew(alice, X).');
  });

  it('a literal value named in the question is walked back to the entities that have it: "Who was born in 1879?"', async () => {
    const r = await askQ('Who was born in 1879?');
    const born = sql("SELECT s.key FROM triples t JOIN entities s ON s.id = t.s JOIN predicates p ON p.id = t.p JOIN literals l ON l.id = -t.o WHERE p.key = 'birth_year' AND l.value = '1879'");
    expect(keys(r)).toEqual(born);
    expect(r.reading).toBe('?- birth_year(X, 1879).');
  });

  it('"How many …" counts the answers', async () => {
    const r = await askQ('How many diseases present fever?');
    expect(r.answers).toEqual([{ key: String(sql(SUBJECTS, 'fever', 'presents').length), label: String(sql(SUBJECTS, 'fever', 'presents').length), score: 1 }]);
    expect(r.reading.startsWith('count(X): ')).toBe(true);
  });

  it('two named findings constrain the same chain: "Which diseases present fever and cough?"', async () => {
    const r = await askQ('Which diseases present fever and cough?');
    const both = sql(SUBJECTS, 'fever', 'presents').filter((d) => sql(SUBJECTS, 'cough', 'presents').includes(d));
    expect(keys(r)).toEqual(both);
  });
});

describe('findings → causes, and honest failures', () => {
  it('"What could cause fever and cough?" runs the findings ranking and answers with its top causes', async () => {
    const r = await askQ('What could cause fever and cough?');
    const ranking = await service.call('findings.explain', { findings: ['fever', 'cough'], relation: 'presents' });
    expect(r.answered).toBe(true);
    expect(r.answers[0].key).toBe(ranking.candidates[0].key);
    expect(r.answer).toContain(ranking.candidates[0].label);
    expect(r.reading).toBe('?- rank_causes([fever, cough], presents).');
    const scores = r.answers.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.citations.length).toBeGreaterThan(0);
  });

  it('says it did not understand, and suggests the closest readings', async () => {
    const r = await askQ("Who is Charlie's ant?");
    expect(r.answered).toBe(false);
    expect(r.answers).toEqual([]);
    expect(r.answer).toMatch(/Did you mean: .*aunt\(charlie, X\)/);
  });

  it('a question that names nothing in the KG has no answers and no reading', async () => {
    const r = await askQ('What is the capital of Mars?');
    expect(r.answered).toBe(false);
    expect(r.answers).toEqual([]);
  });

  it('yes/no questions check the named entity against the reading\'s answers', async () => {
    const aunts = await packAnswers('kinship', '?- aunt(charlie, A).', 'A');
    const yes = await askQ("Is Alice Charlie's aunt?");
    expect(yes.answers.map((a) => a.key)).toEqual([aunts.includes('alice') ? 'yes' : 'no']);
    const no = await askQ("Is Diana Charlie's aunt?");
    expect(no.answers.map((a) => a.key)).toEqual([aunts.includes('diana') ? 'yes' : 'no']);
    const controlled = await packAnswers('ownership', '?- controls(apex_holdings, C).', 'C');
    const ctl = await askQ('Does Apex Holdings control Delta Logistics?');
    expect(ctl.answers.map((a) => a.key)).toEqual([controlled.includes('delta_logistics') ? 'yes' : 'no']);
    expect(ctl.reading).toBe('?- controls(apex_holdings, X).');
  });

  it('relationship questions beyond kinship: what the other packs derive between two companies, with proofs', async () => {
    const r = await askQ('How is Apex Holdings related to Delta Logistics?');
    const controls = await packAnswers('ownership', '?- controls(apex_holdings, C).', 'C');
    expect(controls).toContain('delta_logistics');
    expect(r.answers.map((a) => a.key)).toContain('controls');
    expect(r.answer).toContain('Apex Holdings controls Delta Logistics');
    expect(r.facts.find((f) => f.predicate.key === 'controls')?.proof).toBeTruthy();
  });

  it('relationship questions keep their answer and say what the relation is', async () => {
    const r = await askQ('How is Charlie related to Alice?');
    expect(r.answer).toBe("Alice is Charlie's aunt.");
    expect(r.answers.map((a) => a.label)).toContain('aunt');
    expect(r.reading).toBe('?- relate(charlie, alice, R).');
  });
});

describe('relata ask --json', () => {
  it('prints today\'s fields plus answers and reading', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/relata.mjs'), 'ask', '--db', db, "Who is Charlie's aunt?", '--json'], {
      encoding: 'utf8',
      env: { ...process.env, RELATA_HOME: tmp.dir },
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const field of ['question', 'mode', 'answered', 'answer', 'steps', 'mentions', 'facts', 'citations', 'flags', 'llm']) expect(out).toHaveProperty(field);
    expect(out.answers.map((a: { key: string }) => a.key)).toEqual(['alice']);
    expect(out.answers[0]).toEqual({ key: 'alice', label: 'Alice', score: 1 });
    expect(out.reading).toBe('?- aunt(charlie, X).');
  }, 30_000);
});

describe('real data', () => {
  it('DBpedia: readable IRIs (dbp:birthPlace → "birth place") and literal answers', async () => {
    const s = KgStore.open(':memory:');
    try {
      await importFiles(s, [{ path: datasetPath('rdf-dbpedia-sample', 'sample-KG.nt') }]);
      const stored = s.db
        .prepare(
          `SELECT l.value FROM triples t JOIN entities e ON e.id = t.s JOIN predicates p ON p.id = t.p JOIN literals l ON l.id = -t.o
           WHERE e.key = 'http://dbpedia.org/resource/Bill_Gates' AND p.key = 'http://dbpedia.org/property/birthPlace'`,
        )
        .pluck()
        .all() as string[];
      expect(stored.length).toBeGreaterThan(0);
      const r = await ask(s, 'Where was Bill Gates born?', null);
      expect(r.answers.map((a) => a.label)).toEqual(stored);
      expect(r.reading).toContain('birthPlace');
      const industries = s.db
        .prepare(
          `SELECT o.key FROM triples t JOIN entities e ON e.id = t.s JOIN predicates p ON p.id = t.p JOIN entities o ON o.id = t.o
           WHERE e.key = 'http://dbpedia.org/resource/Microsoft' AND p.key = 'http://dbpedia.org/ontology/industry'`,
        )
        .pluck()
        .all() as string[];
      const ind = await ask(s, 'Which industries is Microsoft in?', null);
      expect(ind.answers.map((a) => a.key).sort()).toEqual(industries.sort());
    } finally {
      s.close();
    }
  });

  it('a generated family: kinship questions answered as the family tree says', async () => {
    const f = generateFamily(120, 4, 3);
    const s = KgStore.open(':memory:');
    try {
      await s.write(() => {
        const w = new TripleWriter(s, { kind: 'user', name: 'family' });
        for (const [a, p, b] of mixedFacts(f, 4)) if (p !== 'gender') w.add(w.entity(a), w.predicate(p), w.entity(b));
        for (const x of f.people) w.add(w.entity(x), w.predicate('gender'), w.entity(f.gender.get(x)!));
        w.finish();
      });
      const parents = (x: string): string[] => f.parents.filter(([c]) => c === x).map(([, p]) => p);
      const children = (x: string): string[] => f.parents.filter(([, p]) => p === x).map(([c]) => c);
      let asked = 0;
      for (const x of f.people) {
        const grandchildren = [...new Set(children(x).flatMap(children))].sort();
        if (!grandchildren.length) continue;
        const r = await ask(s, `Who are ${x}'s grandchildren?`, null);
        expect(r.answers.map((a) => a.key).sort(), x).toEqual(grandchildren);
        const mothers = parents(x).filter((p) => f.gender.get(p) === 'female');
        const m = await ask(s, `Who is the mother of ${x}?`, null);
        expect(m.answers.map((a) => a.key).sort(), x).toEqual(mothers);
        if (++asked >= 5) break;
      }
      expect(asked).toBe(5);
    } finally {
      s.close();
    }
  });

  it('Freebase paths read as words', () => {
    expect(relationWords('/people/person/place_of_birth', null).readable).toBe('place of birth');
    expect(relationWords('/film/film/directed_by', null)).toMatchObject({ readable: 'directed by', passive: true });
    expect(relationWords('/film/actor/film./film/performance/film', null).agent).toContain('act');
    expect(relationWords('http://dbpedia.org/ontology/birthPlace', null).readable).toBe('birth place');
  });
});
