import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResult } from '../../contract/types.js';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';
import { ask } from './ask.js';

/**
 * Questions with several relations and filters — intersections, counts, type filters, superlatives — checked against
 * the KG itself (SQL over the stored triples, or the Query view's own reason.query running the answer's `query`);
 * predictions from an accepted rule set, marked as such; and the suggestions offered when a question is not understood.
 */
const tmp = tempDir();
let service: RelataService;
const db = join(tmp.dir, 'demo.sqlite');
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
const keys = (r: { key: string }[]): string[] => r.map((a) => a.key).sort();
/** Runs an answer's query the way the Query view does: reason.query with the packs it names (none: stored facts alone). */
async function runQuery(r: AskResult, variable = 'X'): Promise<string[]> {
  expect(r.query, r.reading).toBeTruthy();
  const q = await service.call('reason.query', { query: r.query!.text, packs: r.query!.packs });
  return [...new Set(q.answers.map((a) => String(a.bindings[variable])))].sort();
}

describe('the demo KG', () => {
  it('"Which … also …": the intersection of two named entities\' answers, the same as the query it reads as', async () => {
    const r = await askQ('Which diseases present fever and also present cough?');
    expect(r.reading).toBe('?- presents(X, fever), presents(X, cough).');
    expect(keys(r.answers)).toEqual(await runQuery(r));
    expect(keys(r.answers)).toContain('flu');
    // A query over the stored predicates runs with no rule pack at all.
    expect(r.query!.packs).toEqual([]);
  });

  it('"How many …": the count as a literal answer, the counted entities beside it', async () => {
    const r = await askQ('How many children does Alice have?');
    const counted = await runQuery(r);
    expect(r.answers).toEqual([{ key: String(counted.length), label: String(counted.length), score: 1 }]);
    expect(keys(r.counted!)).toEqual(counted);
  });

  it('chains, relate and findings readings come with a query the Query view runs, and a note where it differs', async () => {
    const aunt = await askQ("Who is Charlie's aunt?");
    expect(aunt.query).toEqual({ text: 'aunt(charlie, X)', packs: ['kinship'] });
    expect(await runQuery(aunt)).toEqual(keys(aunt.answers));
    const twoHop = await askQ('In which country was Einstein born?');
    expect(await runQuery(twoHop)).toEqual(keys(twoHop.answers));
    const relation = await askQ('How is Charlie related to Alice?');
    expect(relation.query).toEqual({ text: 'aunt(charlie, alice)', packs: ['kinship'] });
    expect((await service.call('reason.query', { query: relation.query!.text, packs: ['kinship'] })).count).toBe(1);
    expect(relation.queryNote).toMatch(/relate\(\)/);
    const causes = await askQ('What could cause fever and cough?');
    expect(causes.reading).toMatch(/^\?- rank_causes/);
    expect(causes.queryNote).toMatch(/naive Bayes/);
    expect(await runQuery(causes)).toContain(causes.answers[0].key);
  });

  it('a question it does not understand offers readings that run', async () => {
    const r = await askQ("What is Charlie's favourite colour?");
    expect(r.answered).toBe(false);
    expect(r.query).toBeNull();
    expect(r.suggestions!.length).toBeGreaterThan(0);
    expect(r.answer).toContain(`Did you mean: ${r.suggestions![0]}?`);
    for (const s of r.suggestions!) await service.call('reason.query', { query: s, packs: ['kinship'] });
  });

  it('"What might X also be related to?" answers from an accepted rule set, marked as predictions with scores', async () => {
    await service.call('rules.review', { rule: 'mother(X, Y) :- father(X, A), wife(A, Y).', accept: true, ruleSet: 'parents', stats: { confidence: 1, support: 2, body: 2 } });
    const r = await askQ('What might Bob also be related to?');
    expect(r.predicted).toEqual({ by: 'rules', name: 'parents' });
    expect(r.answers.map((a) => a.key)).toContain('grace');
    expect(r.answers.every((a) => a.predicted === true && a.score > 0 && a.score <= 1)).toBe(true);
    expect(r.query).toBeNull();
    expect(r.answer).toMatch(/^Predictions, not stored facts/);
    // A plain look-up is never marked as predicted.
    expect((await askQ("Who is Charlie's aunt?")).predicted).toBeNull();
  });
});

describe('typed KGs', () => {
  it('a type noun keeps the answers of that type where the KG has types ("Which cities …")', async () => {
    const store = KgStore.open(':memory:');
    try {
      await store.write(() => {
        const w = new TripleWriter(store, { kind: 'user', name: 'places' });
        const inFrance = w.predicate('located_in');
        const france = w.entity('france', 'France', 'Country');
        for (const [k, l, t] of [['paris', 'Paris', 'City'], ['lyon', 'Lyon', 'City'], ['louvre', 'Louvre', 'Museum'], ['alps', 'French Alps', 'Mountain range']]) w.add(w.entity(k, l, t), inFrance, france);
        w.finish();
      });
      const cities = await ask(store, 'Which cities are located in France?', null);
      expect(keys(cities.answers)).toEqual(['lyon', 'paris']);
      const all = await ask(store, 'What is located in France?', null);
      expect(keys(all.answers)).toEqual(['alps', 'louvre', 'lyon', 'paris']);
    } finally {
      store.close();
    }
  });

  it('biomed-mini: superlatives by count, restricted to the kind asked for, and an empty intersection is no answer', async () => {
    const store = KgStore.open(':memory:');
    try {
      const { importFiles } = await import('../import/import-files.js');
      await importFiles(store, [{ path: datasetPath('biomed-mini', 'triples.tsv') }, { path: datasetPath('biomed-mini', 'entities.tsv') }]);
      const top = (pred: string, col: 's' | 'o', type: string): string[] => {
        const rows = store.db
          .prepare(`SELECT e.key, count(*) AS n FROM triples t JOIN predicates p ON p.id = t.p JOIN entities e ON e.id = t.${col} WHERE p.key = ? AND e.type = ? GROUP BY e.key ORDER BY n DESC`)
          .all(pred, type) as Array<{ key: string; n: number }>;
        return rows.filter((r) => r.n === rows[0].n).map((r) => r.key).sort();
      };
      const disease = await ask(store, 'Which disease presents the most symptoms?', null);
      expect(keys(disease.answers)).toEqual(top('presents', 's', 'Disease'));
      expect(disease.reading).toBe('?- most(X, count(Y, presents(X, Y))).');
      const symptom = await ask(store, 'Which symptom is presented by the most diseases?', null);
      expect(keys(symptom.answers)).toEqual(top('presents', 'o', 'Symptom'));
      const drug = await ask(store, 'Which drug treats the most diseases?', null);
      expect(keys(drug.answers)).toEqual(top('treats', 's', 'Compound'));
      // Psoriasis presents no symptom in this KG: "both" asks for the intersection, which is empty.
      const both = await ask(store, 'Which symptoms do asthma and psoriasis both present?', null);
      expect(both.answers).toEqual([]);
      expect(both.reading).toBe("?- presents('Disease::DOID:2841', X), presents('Disease::DOID:8893', X).");
    } finally {
      store.close();
    }
  });
});
