import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from '../import/import-files.js';
import { kgStats } from '../store/kg-queries.js';
import { CancelledError } from '../run/cancelled-error.js';
import { RelataService } from '../api/handlers.js';
import { isDatalogLimitError } from './datalog/limits.js';
import { DatalogError } from './datalog/errors.js';
import { materializeRules } from './kg-reasoning.js';
import { materializeRulesOffThread } from './materialize-in-worker.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';

// Materialisation in a worker thread, on FB15k-237's training split: the same triples and provenance as in this
// thread, limits and Cancel with the KG unchanged, and the service's reads answered from the committed state meanwhile.
const NOMINEE = "'/award/award_nominee/award_nominations./award/award_nomination/award_nominee'";
const CONOMINEE = { name: 'conominee.pl', text: `conominee(A, C) :- ${NOMINEE}(A, B), ${NOMINEE}(B, C), A != C.` };
const WINNER = "'/award/award_winner/awards_won./award/award_honor/award_winner'";
const COWINNER = { name: 'cowinner.pl', text: `cowinner(A, C) :- ${WINNER}(A, B), ${WINNER}(B, C), A != C.` };
/** Derives nothing, but walks about n^4 join rows: runs until cancelled. */
const SLOW = { name: 'slow.pl', text: `never(A, D) :- ${NOMINEE}(A, _), ${NOMINEE}(B, _), ${NOMINEE}(C, _), ${NOMINEE}(D, _), A < B, B < C, C < D, D < A.` };

const tmp = tempDir();
let base: string;

beforeAll(async () => {
  base = join(tmp.dir, 'base.sqlite');
  const store = KgStore.open(base);
  await importFiles(store, [{ path: datasetPath('fb15k-237', 'train.txt') }]);
  store.close();
}, 120_000);

afterAll(() => tmp.cleanup());

let copies = 0;
function copy(): KgStore {
  const path = join(tmp.dir, `kg-${copies++}.sqlite`);
  copyFileSync(base, path);
  return KgStore.open(path, { mustExist: true });
}

/** Every derived triple as text, with its rule and premises. */
function derived(store: KgStore): string[] {
  return (store.db
    .prepare(`SELECT s.key || ' ' || p.key || ' ' || o.key || ' ' || t.props AS row FROM triples t JOIN entities s ON s.id = t.s
              JOIN predicates p ON p.id = t.p JOIN entities o ON o.id = t.o WHERE t.derived = 1 ORDER BY row`)
    .pluck()
    .all() as string[]);
}

/** What a materialisation could have changed. */
const snapshot = (store: KgStore): unknown => ({
  triples: store.db.prepare('SELECT count(*) FROM triples').pluck().get(),
  sources: store.db.prepare('SELECT count(*) FROM sources').pluck().get(),
  entities: store.db.prepare('SELECT count(*) FROM entities').pluck().get(),
});

describe('materialisation in a worker thread', () => {
  it('stores the same derived triples, premises and result as a run in this thread', async () => {
    const here = copy();
    const there = copy();
    try {
      const a = await materializeRules(here, [COWINNER]);
      const b = await materializeRulesOffThread(there, [COWINNER], { worker: true });
      expect(a.total_derived).toBeGreaterThan(20_000);
      const { ms: _a, ...ra } = a;
      const { ms: _b, ...rb } = b;
      expect(rb).toEqual(ra);
      // The service's connection sees the worker's commit.
      expect(kgStats(there).derived).toBe(a.total_derived);
      expect(derived(there)).toEqual(derived(here));
    } finally {
      here.close();
      there.close();
    }
  }, 120_000);

  it('Cancel stops the worker and changes nothing, in the evaluation and in the write', async () => {
    const store = copy();
    try {
      const before = snapshot(store);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 500);
      await expect(materializeRulesOffThread(store, [SLOW], { worker: true, limits: { signal: controller.signal } })).rejects.toBeInstanceOf(CancelledError);
      expect(snapshot(store)).toEqual(before);

      // Cancelled once the write has started (about 90,000 triples to write): rolled back whole.
      const writing = new AbortController();
      const run = materializeRulesOffThread(store, [CONOMINEE], { worker: true, limits: { signal: writing.signal } });
      const started = performance.now();
      // Cancel as soon as the worker's write transaction shows (a commit would end it; the KG's writer note marks it).
      const { existsSync } = await import('node:fs');
      while (!existsSync(`${store.path}-writer`) && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 5));
      writing.abort();
      await expect(run).rejects.toBeInstanceOf(CancelledError);
      expect(snapshot(store)).toEqual(before);
      expect(kgStats(store).derived).toBe(0);
    } finally {
      store.close();
    }
  }, 120_000);

  it('limits and rule errors come back as the same errors', async () => {
    const store = copy();
    try {
      const err = await materializeRulesOffThread(store, [CONOMINEE], { worker: true, limits: { maxFacts: 1000, hints: { facts: '--max-facts' } } }).catch((e: unknown) => e);
      expect(isDatalogLimitError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^rule conominee\(A, C\).*\(conominee\.pl, line 1\) derived 1,000 facts: over the limit of 1,000 derived facts \(raise it with --max-facts\)$/);
      expect(err).toMatchObject({ limit: 'facts', ruleFacts: 1000, derived: 1000 });
      const bad = await materializeRulesOffThread(store, [{ name: 'bad.pl', text: 'p(X) :- .' }], { worker: true }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(DatalogError);
      expect((bad as Error).message).toMatch(/^bad\.pl:line 1, column \d+: /);
    } finally {
      store.close();
    }
  }, 120_000);

  it('the service answers reads while its materialisation runs, from the last committed state', async () => {
    const path = join(tmp.dir, `kg-${copies++}.sqlite`);
    copyFileSync(base, path);
    const service = new RelataService(path, false);
    try {
      const before = await service.call('kg.stats', {});
      let done = false;
      const run = service.call('reason.materialize', { rules: COWINNER.text, name: 'cowinner' }).finally(() => (done = true));
      const seen = new Set<number>();
      const gaps: number[] = [];
      let last = performance.now();
      let reads = 0;
      while (!done) {
        const stats = await service.call('kg.stats', {});
        seen.add(stats.triples);
        await service.call('graph.neighbourhood', { key: '/m/09c7w0', hops: 1, limit: 50 });
        reads++;
        await new Promise((r) => setImmediate(r));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      const result = await run;
      // Before the worker's commit, or after it (its answer may come a moment later): never its rows half-written.
      expect([...seen].every((n) => n === before.triples || n === before.triples + result.total_derived)).toBe(true);
      expect(seen.has(before.triples)).toBe(true);
      expect(reads).toBeGreaterThan(10);
      // No read waited on the rule run: the longest gap is far below the run's own time.
      expect(Math.max(...gaps)).toBeLessThan(result.ms / 2);
      expect((await service.call('kg.stats', {})).derived).toBe(result.total_derived);
    } finally {
      service.close();
    }
  }, 120_000);
});
