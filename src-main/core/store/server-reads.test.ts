import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { KgStore } from './kg-store.js';
import { importFiles } from '../import/import-files.js';
import { kgStats } from './kg-queries.js';
import { neighbourhoodSlice, relationsAmong } from './graph-slices.js';
import { TripleWriter } from './triple-writer.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';

// The reads a server answers most (stats, neighbourhoods) on FB15k-237's training split: the stats kept until the KG
// changes, slices found from their nodes' own triples, and neither writing anything.
const tmp = tempDir();
let store: KgStore;

beforeAll(async () => {
  store = KgStore.open(join(tmp.dir, 'kg.sqlite'));
  await importFiles(store, [{ path: datasetPath('fb15k-237', 'train.txt') }]);
}, 120_000);

afterAll(() => {
  store.close();
  tmp.cleanup();
});

const count = (sql: string, ...params: unknown[]): number => store.db.prepare(sql).pluck().get(...params) as number;
const totalChanges = (db = store.db): number => db.prepare('SELECT total_changes()').pluck().get() as number;

describe('kg.stats', () => {
  it('counts what SQL counts, and is kept until a write of this connection or a commit of another', async () => {
    const stats = kgStats(store);
    expect(stats.triples).toBe(272_115);
    expect(stats.triples).toBe(count('SELECT count(*) FROM triples'));
    expect(stats.entities).toBe(count('SELECT count(*) FROM entities'));
    expect(stats.predicates).toBe(count('SELECT count(DISTINCT p) FROM triples'));
    expect(stats.derived).toBe(0);
    expect(stats.predicateCounts.reduce((a, p) => a + p.count, 0)).toBe(stats.triples);
    const top = store.db.prepare('SELECT p.key FROM triples t JOIN predicates p ON p.id = t.p GROUP BY t.p ORDER BY count(*) DESC, p.key LIMIT 1').pluck().get();
    expect(stats.predicateCounts[0].name).toBe(top);

    // Kept: a second answer is equal, a copy (a caller changing it changes nothing kept), and reads nothing again.
    stats.predicateCounts.length = 0;
    const t = performance.now();
    const again = kgStats(store);
    expect(performance.now() - t).toBeLessThan(20);
    expect(again.predicateCounts.length).toBe(stats.predicates);

    // A write through this connection moves the counter.
    await store.write(() => {
      const w = new TripleWriter(store, { kind: 'user', name: 'test' });
      w.add(w.entity('/m/new-one'), w.predicate('/test/derived_link'), w.entity('/m/new-two'), { derived: true });
      w.finish();
    });
    const afterWrite = kgStats(store);
    expect(afterWrite.triples).toBe(272_116);
    expect(afterWrite.derived).toBe(1);
    expect(afterWrite.entities).toBe(stats.entities + 2);

    // A commit through another connection (a worker's, another process's) too.
    const other = KgStore.open(store.path, { mustExist: true });
    try {
      await other.write(() => {
        other.db.prepare('DELETE FROM triples WHERE p = (SELECT id FROM predicates WHERE key = ?)').run('/test/derived_link');
      });
    } finally {
      other.close();
    }
    expect(kgStats(store).triples).toBe(272_115);
    expect(kgStats(store).derived).toBe(0);
  });
});

describe('graph slices', () => {
  it('a hub\'s neighbourhood holds exactly the triples among its nodes, and reading it writes nothing', () => {
    const hub = store.db.prepare('SELECT o FROM triples GROUP BY o ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
    const hubKey = store.db.prepare('SELECT key FROM entities WHERE id = ?').pluck().get(hub) as string;
    const changes = totalChanges();
    const slice = neighbourhoodSlice(store, hubKey, 1, 500);
    expect(totalChanges()).toBe(changes);
    expect(slice.truncated).toBe(true);
    expect(slice.nodes).toHaveLength(500);
    const ids = slice.nodes.map((n) => n.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The reference: every triple whose both ends are in the slice, by a scan of all triples.
    const inSlice = new Set(ids);
    const expected = (store.db.prepare('SELECT id, s, o FROM triples ORDER BY id').all() as Array<{ id: number; s: number; o: number }>)
      .filter((t) => inSlice.has(t.s) && inSlice.has(t.o))
      .map((t) => t.id);
    expect(slice.edges.map((e) => e.id)).toEqual(expected);
    const degree = (id: number): number => count('SELECT (SELECT count(*) FROM triples WHERE s = ?) + (SELECT count(*) FROM triples WHERE o = ?)', id, id);
    for (const n of slice.nodes.slice(0, 20)) expect(n.degree).toBe(degree(n.id));
    // The same nodes given back (with repeats) show the same triples.
    expect(relationsAmong(store, [...ids, ...ids.slice(0, 10)]).edges.map((e) => e.id)).toEqual(expected);
  });

  it('two hops stop walking once the slice is full', () => {
    const t = performance.now();
    const slice = neighbourhoodSlice(store, '/m/09c7w0', 2, 300);
    expect(slice.nodes).toHaveLength(300);
    expect(slice.truncated).toBe(true);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
