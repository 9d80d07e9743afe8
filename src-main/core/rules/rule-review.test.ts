import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RelataService } from '../api/handlers.js';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';

const tmp = tempDir('relata-rule-review-');
let service: RelataService;
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'kg.sqlite'));
  await service.call('kg.import', { files: [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }] });
});
afterAll(() => {
  service.close();
  tmp.cleanup();
});

describe('learned rules in the app: learn from the KG, review, use as a rule set', () => {
  it('learns rules from the open KG with their numbers and full example groundings', async () => {
    const events: number[] = [];
    const r = await service.call('rules.learn', { seconds: 2, limit: 500 }, { onProgress: (e) => events.push(e.done) });
    expect(r.source).toBe('kg');
    expect(r.rules).toBeGreaterThan(10);
    expect(r.top.length).toBeGreaterThan(10);
    expect(events.length).toBeGreaterThan(0);
    const cyclic = r.top.find((x) => x.kind === 'cyclic' && x.length === 2)!;
    expect(cyclic.examples[0]).toHaveLength(3); // X, the inner variable, Y
    for (const x of r.top) {
      expect(x.support).toBeGreaterThanOrEqual(2);
      expect(x.confidence).toBeLessThanOrEqual(1);
      expect(x.pcaConfidence).toBeGreaterThanOrEqual(x.confidence - 1e-9);
    }
  });

  it('accepts a rule into a named rule set that query and relate then use by name, with the rule and its numbers in the proof', async () => {
    // The demo's family: a father's sister is an aunt (Alice is Charlie's). Written as if learned, with its numbers.
    const rule = 'paternal_aunt(X, Y) :- father(X, A), sister(A, Y).';
    await service.call('rules.review', { rule, accept: true, ruleSet: 'family', stats: { confidence: 0.9, support: 3 } });
    const sets = await service.call('rules.sets', {});
    expect(sets.sets.find((s) => s.name === 'family')!.rules.map((x) => x.rule)).toEqual([rule]);
    expect(await service.call('reason.packs', {})).toContain('family');
    const q = await service.call('reason.query', { query: '?- paternal_aunt(charlie, Y).', packs: ['family'], explain: true });
    expect(q.answers.map((a) => a.bindings.Y)).toEqual(['alice']);
    // The offline answerer reads accepted rule sets as it reads the packs.
    const asked = await service.call('qa.ask', { question: "Who is Charlie's paternal aunt?" });
    expect(asked.answers.map((a) => a.key)).toEqual(['alice']);
    expect(q.answers[0].proof![0].rule).toBe(`${rule}  % conf=0.9000`);
    // Undo takes the rule out again, through the change log like any edit.
    await service.call('edit.undo', {});
    expect((await service.call('rules.sets', {})).sets.find((s) => s.name === 'family')).toBeUndefined();
    await service.call('edit.redo', {});
    expect((await service.call('rules.sets', {})).sets.find((s) => s.name === 'family')!.rules).toHaveLength(1);
  });

  it('never proposes a rejected rule again, and rejecting takes it out of its rule set', async () => {
    const learned = await service.call('rules.learn', { seconds: 1, limit: 1000, seed: 3 });
    const victim = learned.top[0];
    await service.call('rules.review', { rule: victim.rule, accept: true, ruleSet: 'learned' });
    await service.call('rules.review', { rule: victim.rule, accept: false });
    const sets = await service.call('rules.sets', {});
    expect(sets.rejected).toContain(victim.rule);
    expect(sets.sets.find((s) => s.name === 'learned')).toBeUndefined();
    const again = await service.call('rules.learn', { seconds: 1, limit: 1000, seed: 3 });
    expect(again.top.map((x) => x.rule)).not.toContain(victim.rule);
    // Undoing the rejection brings the rule back into its set.
    await service.call('edit.undo', {});
    expect((await service.call('rules.sets', {})).sets.find((s) => s.name === 'learned')!.rules.map((x) => x.rule)).toEqual([victim.rule]);
  });

  it('predicts missing links with a stored rule set, with the rule and its grounding, into the review queue', async () => {
    const rule = 'mother(X, Y) :- father(X, A), wife(A, Y).';
    await service.call('rules.review', { rule, accept: true, ruleSet: 'parents', stats: { confidence: 1, support: 2, body: 2 } });
    const p = await service.call('rules.predict', { ruleSet: 'parents' });
    // Bob's father Frank has a wife, Grace; Alice's mother Grace is already a fact, so only Bob's is predicted.
    expect(p.predictions.map((x) => [x.subject, x.predicate, x.object])).toEqual([['bob', 'mother', 'grace']]);
    expect(p.predictions[0].rules[0]).toMatchObject({ rule, grounding: ['bob', 'frank', 'grace'] });
    const single = await service.call('rules.predict', { ruleSet: 'parents', entity: 'grace', direction: 'head', relation: 'mother' });
    expect(single.predictions.map((x) => x.subject)).toEqual(['bob']);
    // Reject: never proposed again. Undo of an accept takes the triple back out.
    await service.call('rules.reviewPrediction', { ruleSet: 'parents', subject: 'bob', predicate: 'mother', object: 'grace', accept: false });
    expect((await service.call('rules.predict', { ruleSet: 'parents' })).predictions).toEqual([]);
    const accepted = await service.call('rules.reviewPrediction', { ruleSet: 'parents', subject: 'bob', predicate: 'mother', object: 'grace', accept: true, confidence: 0.9 });
    expect(accepted.changed).toBe(true);
    const q = await service.call('reason.query', { query: '?- mother(bob, M).', rules: 'noop(x) :- noop(x).' });
    expect(q.answers.map((a) => a.bindings.M)).toEqual(['grace']);
    await service.call('edit.undo', {});
    expect((await service.call('reason.query', { query: '?- mother(bob, M).', rules: 'noop(x) :- noop(x).' })).answers).toEqual([]);
  });

  it('refuses a review that is not exactly one rule, naming the position', async () => {
    await expect(service.call('rules.review', { rule: 'a(X) :- b(X', accept: true })).rejects.toThrow(/line 1, column 12: expected '\)'/);
    await expect(service.call('rules.review', { rule: 'a(x).', accept: true })).rejects.toThrow(/exactly one rule/);
  });
});
