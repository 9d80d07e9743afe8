import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { startFakeLlm, type FakeLlm } from '../../../test-support/fake-llm-server.js';
import { tempDir } from '../../../test-support/paths.js';

const tmp = tempDir();
let service: RelataService;
let llm: FakeLlm;
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'kg.sqlite'));
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  llm = await startFakeLlm();
});
afterAll(async () => {
  await llm.close();
  service.close();
  tmp.cleanup();
});

describe('the seed questions, answered from the demo KG without an LLM', () => {
  const cases: Array<[string, RegExp]> = [
    ['Where was Einstein born?', /^Ulm, Germany\.$/],
    ["If Alice is Bob's sister and Bob is Charlie's father, what is Alice's relation to Charlie?", /^Alice is Charlie's aunt\.$/],
    ["What is Alice's relation to Charlie?", /^Alice is Charlie's aunt\.$/],
    ['Which diseases present fever?', /Influenza/],
    ['Which drugs treat influenza?', /^Oseltamivir\.$/],
    ['What connects Tesla and Edison?', /worked with/],
    ['Who founded Apple?', /^Steve Jobs, Steve Wozniak\.$/],
  ];
  for (const [question, answer] of cases) {
    it(question, async () => {
      const r = await service.call('qa.ask', { question });
      expect(r.mode).toBe('graph');
      expect(r.answered).toBe(true);
      expect(r.answer).toMatch(answer);
      expect(r.citations.length).toBeGreaterThan(0);
      for (const id of r.citations) expect(r.facts.some((f) => f.id === id)).toBe(true);
    });
  }

  it('backs a derived relation with its proof and the stored facts under it', async () => {
    const r = await service.call('qa.ask', { question: "What is Alice's relation to Charlie?" });
    const derived = r.facts.find((f) => f.id === 'D1')!;
    expect(derived).toMatchObject({ kind: 'derived', text: "Alice is Charlie's aunt" });
    expect(derived.proof).toBeTruthy();
    const stored = r.facts.filter((f) => r.citations.includes(f.id) && f.kind === 'stored').map((f) => f.text);
    expect(stored).toEqual(expect.arrayContaining(['Charlie — father — Bob', 'Bob — sister — Alice']));
  });

  it('says plainly when it cannot answer', async () => {
    const r = await service.call('qa.ask', { question: 'What is the capital of Mars?' });
    expect(r.answered).toBe(false);
    expect(r.answer).toMatch(/cannot answer/);
  });
});

describe('with an OpenAI-compatible LLM', () => {
  const settings = () => ({ url: llm.url, model: 'fake-7b', timeoutMs: 2000 });
  let bornIn = '';
  let locatedIn = '';
  beforeAll(async () => {
    const einstein = (await service.call('entity.get', { key: 'albert_einstein' }))!;
    bornIn = `F${einstein.outgoing.find((t) => t.predicate.key === 'born_in')!.id}`;
    const ulm = (await service.call('entity.get', { key: 'ulm' }))!;
    locatedIn = `F${ulm.outgoing.find((t) => t.predicate.key === 'located_in')!.id}`;
  });

  it('sends the retrieved facts with their ids, streams the answer, and accepts supported citations', async () => {
    llm.next({ kind: 'stream', text: `1. Albert Einstein was born in Ulm [${bornIn}].\n2. Ulm is located in Germany [${locatedIn}].\nAnswer: Einstein was born in Ulm, Germany [${bornIn}][${locatedIn}].` });
    const texts: string[] = [];
    const r = await service.call('qa.ask', { question: 'Where was Einstein born?', llm: settings() }, { onProgress: (e) => e.text && texts.push(e.text) });
    const prompt = llm.requests.at(-1)!.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain(`[${bornIn}] Albert Einstein — born in — Ulm`);
    expect(llm.requests.at(-1)!.stream).toBe(true);
    expect(texts.length).toBeGreaterThan(3);
    expect(r.mode).toBe('llm');
    expect(r.steps).toHaveLength(2);
    expect(r.answer).toMatch(/Ulm, Germany/);
    expect(r.flags).toEqual([]);
  });

  it('flags a citation of a fact that does not exist, and a statement no fact supports', async () => {
    llm.next({ kind: 'stream', text: `1. Einstein was born in Ulm [${bornIn}].\n2. He won the Turing Award [F999].\n3. He played the violin.\nAnswer: Ulm [${bornIn}].` });
    const r = await service.call('qa.ask', { question: 'Where was Einstein born?', llm: settings() });
    expect(r.flags.map((f) => f.problem)).toEqual(['cites F999, which is not one of the facts given', 'states something without citing a fact']);
    llm.next({ kind: 'stream', text: `Answer: Apple makes phones [${bornIn}].` });
    const off = await service.call('qa.ask', { question: 'Where was Einstein born?', llm: settings() });
    expect(off.flags).toEqual([{ sentence: `Apple makes phones [${bornIn}].`, problem: `no cited fact (${bornIn}) supports it` }]);
  });

  it('reports HTTP errors and timeouts clearly and leaves the session intact', async () => {
    const session = await service.call('session.create', { name: 'LLM' });
    await service.call('session.run', { sessionId: session.id, call: 'qa.ask', input: { question: 'Where was Einstein born?' } });
    llm.next({ kind: 'error', status: 503, message: 'model is loading' });
    await expect(service.call('session.run', { sessionId: session.id, call: 'qa.ask', input: { question: 'Where was Einstein born?', llm: settings() } })).rejects.toThrow(
      `the language model at ${llm.url} answered HTTP 503`,
    );
    llm.next({ kind: 'slow', ms: 4000, text: 'Answer: late.' });
    await expect(service.call('qa.ask', { question: 'Where was Einstein born?', llm: { ...settings(), timeoutMs: 1000 } })).rejects.toThrow(/did not answer within 1 s/);
    const after = await service.call('session.get', { id: session.id });
    expect(after.timeline).toHaveLength(1);
    expect(after.timeline[0].kind).toBe('qa.ask');
  });

  it('never writes the API key into the KG file', async () => {
    const session = await service.call('session.create', { name: 'Keys' });
    llm.next({ kind: 'stream', text: `Answer: Ulm [${bornIn}].` });
    await service.call('session.run', { sessionId: session.id, call: 'qa.ask', input: { question: 'Where was Einstein born?', llm: { ...settings(), apiKey: 'sk-secret-123' } } });
    const step = (await service.call('session.get', { id: session.id })).timeline[0];
    expect(JSON.stringify(step)).not.toContain('sk-secret-123');
  });
});
