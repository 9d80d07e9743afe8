// Question answering with a stored embedding: the linked entities' nearest entities come along as model context
// (S1, …), never as facts; a "similar to" question the graph cannot answer is answered from them, marked as such.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../../../test-support/fake-llm-server.js';
import { tempDir } from '../../../test-support/paths.js';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { forgetCachedModels } from '../embeddings/kg/predictions.js';

const tmp = tempDir('relata-ask-similar-');
const model = { kind: 'model', name: 'demo-complex' } as const;
let service: RelataService;
let llm: FakeLlm;
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'demo.sqlite'));
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  await service.call('model.train', { model: 'complex', name: 'demo-complex', settings: { dim: 32, epochs: 100, seed: 1 } });
  llm = await startFakeLlm();
}, 120_000);
afterAll(async () => {
  await llm.close();
  service.close();
  forgetCachedModels();
  tmp.cleanup();
});

describe('qa.ask with an embedding source', () => {
  it('adds the nearest entities of linked mentions as model context, not as facts, and keeps graph answers', async () => {
    const plain = await service.call('qa.ask', { question: 'Where was Einstein born?' });
    expect(plain.context).toBeUndefined();
    const r = await service.call('qa.ask', { question: 'Where was Einstein born?', embedding: model, similarTop: 4 });
    expect(r.answer).toBe(plain.answer);
    expect(r.citations).toEqual(plain.citations);
    expect(r.facts).toEqual(plain.facts);
    expect(r.context).toHaveLength(4);
    const similar = await service.call('model.similar', { model: 'demo-complex', entity: 'albert_einstein', top: 5 });
    expect(r.context!.map((c) => c.similar.key)).toEqual(similar.neighbours.slice(1).map((n) => n.entity));
    r.context!.forEach((c, i) => {
      expect(c).toMatchObject({ id: `S${i + 1}`, kind: 'similar', entity: { key: 'albert_einstein' }, source: model });
      expect(c.cosine).toBeCloseTo(similar.neighbours[i + 1].cosine, 6);
      expect(c.text).toMatch(/embedding cosine \d\.\d\d; a learned similarity, not a fact/);
    });
    // No context item is among the facts, and no fact id starts with S.
    expect(r.facts.some((f) => f.id.startsWith('S'))).toBe(false);
  });

  it('answers "similar to" questions the graph cannot answer from the embedding, marked as learned similarity', async () => {
    const without = await service.call('qa.ask', { question: 'Which diseases are similar to influenza?' });
    expect(without.answered).toBe(false);
    const r = await service.call('qa.ask', { question: 'Which diseases are similar to influenza?', embedding: model });
    expect(r.answered).toBe(true);
    expect(r.answer).toMatch(/^The graph states no such fact\. Nearest by embedding similarity in model 'demo-complex' — Influenza: /);
    expect(r.answer).toMatch(/not stored facts\.$/);
    expect(r.citations.length).toBeGreaterThan(0);
    const cited = r.citations.map((id) => r.context!.find((c) => c.id === id)!);
    expect(cited.every((c) => c.similar.type === 'Disease')).toBe(true);
    // Measured: COVID-19, Common cold, Strep throat, Pneumonia, Migraine (all five neighbours are diseases).
    expect(cited.length).toBeGreaterThanOrEqual(2);
  });

  it('gives the context to an LLM as its own section, and flags a claim that rests on it alone', async () => {
    const q = 'What is similar to influenza?';
    const first = await service.call('qa.ask', { question: q, embedding: model, similarTop: 3 });
    const [s1, s2] = first.context!;
    llm.next({ kind: 'stream', text: `1. ${s1.similar.label} is close to Influenza in the embedding [${s1.id}].\n2. ${s2.similar.label} treats fever [${s2.id}].\nAnswer: ${s1.similar.label} [${s1.id}].` });
    const r = await service.call('qa.ask', { question: q, embedding: model, similarTop: 3, llm: { url: llm.url, model: 'fake', timeoutMs: 2000 } });
    const prompt = llm.requests.at(-1)!.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('Model context (embedding similarity, not facts):');
    expect(prompt).toContain(`[S1] ${s1.text}`);
    expect(prompt).toMatch(/never state them as facts/);
    expect(r.citations).toEqual(expect.arrayContaining(['S1', 'S2']));
    expect(r.flags.map((f) => f.problem)).toContain('rests only on embedding similarity (S2), which is not a stored fact');
    expect(r.flags.some((f) => f.problem.includes('(S1)'))).toBe(false);
  });

  it('answers "what might X also be related to?" with the stored model\'s predictions, marked as such', async () => {
    const r = await service.call('qa.ask', { question: 'What might Nikola Tesla also be related to?' });
    const queue = await service.call('model.suggest', { model: 'demo-complex', entities: ['nikola_tesla'], top: 10 });
    const predicted = new Set(queue.suggestions.map((x) => (x.subject === 'nikola_tesla' ? x.object : x.subject)));
    expect(r.answered).toBe(true);
    expect(r.answer).toMatch(/^Predictions, not stored facts \(model demo-complex\)/);
    expect(r.answers.length).toBeGreaterThan(0);
    for (const a of r.answers) expect(predicted.has(a.key)).toBe(true);
    const scores = r.answers.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.reading).toBe("?- predict('demo-complex', nikola_tesla, R, X).");
    expect(r.citations).toEqual([]);
  });

  it('skips entities the embedding does not know and reports an unknown embedding', async () => {
    await service.call('entity.create', { key: 'brand_new', label: 'Brandnew Thing' });
    const r = await service.call('qa.ask', { question: 'What is similar to Brandnew Thing?', embedding: model });
    expect(r.mentions.map((m) => m.key)).toContain('brand_new');
    expect(r.context).toEqual([]);
    expect(r.answered).toBe(false);
    await expect(service.call('qa.ask', { question: 'Where was Einstein born?', embedding: { kind: 'gnn', name: 'gcn:type' } })).rejects.toThrow(/no GNN embeddings named 'gcn:type'/);
  });
});
