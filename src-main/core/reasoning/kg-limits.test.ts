import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/paths.js';
import { RelataService } from '../api/handlers.js';
import { CancelledError } from '../run/cancelled-error.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { isDatalogLimitError } from './datalog/limits.js';
import { materializeRules, queryKgAsync } from './kg-reasoning.js';
import { relateEntitiesAsync } from './relate.js';

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

/** A generated graph: n nodes, one e edge out of each, so e(A, _) has n distinct subjects. */
async function graph(n: number): Promise<void> {
  await store.write(() => {
    const w = new TripleWriter(store, { kind: 'file', name: 'graph.tsv' });
    for (let i = 0; i < n; i++) w.add(w.entity(`n${i}`), w.predicate('e'), w.entity(`n${(i * 7 + 1) % n}`), { line: i + 1 });
    w.finish();
  });
}

/** What a materialisation could have changed: triples, sources, the change counter. */
const snapshot = (): unknown => ({
  triples: store.db.prepare('SELECT count(*) FROM triples').pluck().get(),
  derived: store.db.prepare('SELECT count(*) FROM triples WHERE derived = 1').pluck().get(),
  sources: store.db.prepare('SELECT count(*) FROM sources').pluck().get(),
  changes: store.db.prepare('SELECT total_changes()').pluck().get(),
});

const BIG = { name: 'big.pl', text: 'big(A,B,C) :- e(A,_), e(B,_), e(C,_).' };
const PAIRS = { name: 'pairs.pl', text: 'pair(A, B) :- e(A, _), e(B, _).' };
/** Derives nothing, but walks about n^4 / 6 join rows. */
const SLOW = { name: 'slow.pl', text: 'never(A, B) :- e(A,_), e(B,_), e(C,_), e(D,_), A < B, B < C, C < D, D < A.' };

describe('rule runs over a KG stop at their limits, and Cancel, with the KG unchanged', () => {
  it('materialising the cross-product rule hits the facts limit with the rule, its count and the flag to raise it; nothing is written', async () => {
    await graph(100);
    const before = snapshot();
    const t = performance.now();
    const err = await materializeRules(store, [BIG], { limits: { maxFacts: 200_000, hints: { facts: '--max-facts' } } }).catch((e: unknown) => e);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(isDatalogLimitError(err)).toBe(true);
    expect((err as Error).message).toBe('rule big(A,B,C) :- e(A,_), e(B,_), e(C,_). (big.pl, line 1) derived 200,000 facts: over the limit of 200,000 derived facts (raise it with --max-facts)');
    expect(snapshot()).toEqual(before);
  });

  it('a raised limit lets a larger run finish and store its triples', async () => {
    await graph(300); // pair derives 90,000 triples
    const before = snapshot();
    await expect(materializeRules(store, [PAIRS], { limits: { maxFacts: 50_000 } })).rejects.toThrow(/derived 50,000 facts: over the limit of 50,000 derived facts \(raise it with maxFacts\)$/);
    expect(snapshot()).toEqual(before);
    const r = await materializeRules(store, [PAIRS], { limits: { maxFacts: 100_000 } });
    expect(r.total_derived).toBe(90_000);
    expect(store.db.prepare('SELECT count(*) FROM triples WHERE derived = 1').pluck().get()).toBe(90_000);
  });

  it('an AbortSignal cancels a materialisation mid-evaluation: CancelledError, nothing written', async () => {
    await graph(300);
    const before = snapshot();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t = performance.now();
    await expect(materializeRules(store, [SLOW], { limits: { signal: controller.signal } })).rejects.toBeInstanceOf(CancelledError);
    expect(performance.now() - t).toBeLessThan(1500);
    expect(snapshot()).toEqual(before);
  });

  it('queries and relate take the same limits and Cancel', async () => {
    await graph(100);
    await expect(queryKgAsync(store.db, [BIG], '?- big(A, B, C).', { limits: { maxFacts: 1000 } })).rejects.toThrow(/^rule big.*derived 1,000 facts: over the limit/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(queryKgAsync(store.db, [SLOW], '?- never(A, B).', { limits: { signal: controller.signal } })).rejects.toBeInstanceOf(CancelledError);
    await expect(relateEntitiesAsync(store.db, 'n1', 'n2', [BIG], { limits: { maxFacts: 1000 } })).rejects.toThrow(/^rule big.*derived 1,000 facts/);
  });
});

describe('the reason.* calls', () => {
  it('take maxFacts and maxSeconds, answer limit errors as invalid input, and run larger with the limits raised', async () => {
    await graph(60);
    const service = new RelataService(join(tmp.dir, 'kg.sqlite'));
    try {
      const big = 'big(A,B,C) :- e(A,_), e(B,_), e(C,_).';
      await expect(service.call('reason.query', { query: '?- big(A, B, C).', rules: big, maxFacts: 10_000 })).rejects.toThrow(
        'rule big(A,B,C) :- e(A,_), e(B,_), e(C,_). (typed rules, line 1) derived 10,000 facts: over the limit of 10,000 derived facts (raise it with maxFacts)',
      );
      const slow = 'never(A) :- e(A,_), e(B,_), e(C,_), e(D,_), e(F,_), A < B, B < C, C < D, D < F, F < A.';
      await expect(service.call('reason.materialize', { rules: slow, maxSeconds: 0.2 })).rejects.toThrow(/over the time limit of 0\.2 s \(raise it with maxSeconds\)$/);
      const r = await service.call('reason.query', { query: '?- big(A, B, C).', rules: big, maxFacts: 216_000, limit: 5 });
      expect(r.stats.derived).toBe(216_000);
      expect(r.count).toBe(5);
      await expect(service.call('reason.query', { query: '?- big(A, B, C).', rules: big, maxFacts: 0 })).rejects.toThrow();
    } finally {
      service.close();
    }
  });
});
