import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { KgStore } from './kg-store.js';
import { importFiles } from '../import/import-files.js';
import { neighbourhoodSlice, overviewSlice, relationsAmong } from './graph-slices.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';

// The triple cap of graph slices on FB15k-237's training split, whose hubs have thousands of triples among their
// neighbours: a capped slice says how many triples there are, keeps the centre's own, and holds only triples among
// its nodes.
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

/** Every triple among the given entities, by a scan of all triples. */
function triplesAmong(ids: number[]): Array<{ id: number; s: number; o: number; derived: number }> {
  const inSlice = new Set(ids);
  return (store.db.prepare('SELECT id, s, o, derived FROM triples ORDER BY id').all() as Array<{ id: number; s: number; o: number; derived: number }>).filter(
    (t) => inSlice.has(t.s) && inSlice.has(t.o),
  );
}

describe('graph slices past their triple cap', () => {
  it('a hub\'s neighbourhood keeps the hub\'s own triples first and says how many there are in all', () => {
    const hub = store.db.prepare('SELECT o FROM triples GROUP BY o ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
    const hubKey = store.db.prepare('SELECT key FROM entities WHERE id = ?').pluck().get(hub) as string;
    const full = neighbourhoodSlice(store, hubKey, 1, 400, {}, 1_000_000);
    const ids = full.nodes.map((n) => n.id);
    const expected = triplesAmong(ids);
    expect(full.edges.map((e) => e.id)).toEqual(expected.map((t) => t.id));
    expect(full.totalEdges).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(1500);

    const capped = neighbourhoodSlice(store, hubKey, 1, 400, {}, 1000);
    expect(capped.nodes.map((n) => n.id)).toEqual(ids);
    expect(capped.truncated).toBe(true);
    expect(capped.totalEdges).toBe(expected.length);
    expect(capped.edges).toHaveLength(1000);
    const edgeIds = capped.edges.map((e) => e.id);
    expect(edgeIds).toEqual([...edgeIds].sort((a, b) => a - b));
    const known = new Map(full.edges.map((e) => [e.id, e]));
    for (const e of capped.edges) expect(e).toEqual(known.get(e.id));
    // The hub's own triples (fewer than the cap here) are all kept; the rest come from the best-connected nodes.
    const own = expected.filter((t) => t.s === hub || t.o === hub).map((t) => t.id);
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(1000);
    expect(edgeIds).toEqual(expect.arrayContaining(own));
    const degree = new Map(full.nodes.map((n) => [n.id, n.degree]));
    const others = capped.edges.filter((e) => e.source !== hub && e.target !== hub);
    const median = [...degree.values()].sort((a, b) => a - b)[Math.floor(degree.size / 2)];
    expect(others.every((e) => (degree.get(e.source) ?? 0) >= median)).toBe(true);

    // Under the cap nothing changes: all triples, and truncated only where the entities were cut.
    const small = neighbourhoodSlice(store, hubKey, 1, 30);
    expect(small.totalEdges).toBe(small.edges.length);
    expect(small.edges.map((e) => e.id)).toEqual(triplesAmong(small.nodes.map((n) => n.id)).map((t) => t.id));
  });

  it('caps the overview and the relations among given nodes the same way', () => {
    const overview = overviewSlice(store, 1000, {}, 500);
    const expected = triplesAmong(overview.nodes.map((n) => n.id));
    expect(overview.totalEdges).toBe(expected.length);
    expect(overview.edges).toHaveLength(500);
    const among = relationsAmong(store, overview.nodes.map((n) => n.id), {}, 700);
    expect(among.truncated).toBe(true);
    expect(among.totalEdges).toBe(expected.length);
    expect(among.edges).toHaveLength(700);
    const inSlice = new Set(expected.map((t) => t.id));
    expect(among.edges.every((e) => inSlice.has(e.id))).toBe(true);
    // A filter counts only what passes it.
    const one = overview.edges[0].predicate;
    const filtered = relationsAmong(store, overview.nodes.map((n) => n.id), { predicates: [one] }, 1_000_000);
    expect(filtered.totalEdges).toBe(filtered.edges.length);
    expect(filtered.edges.every((e) => e.predicate === one)).toBe(true);
  });

  it('keeps asserted triples before derived ones', () => {
    const hub = store.db.prepare('SELECT o FROM triples GROUP BY o ORDER BY count(*) DESC LIMIT 1').pluck().get() as number;
    const hubKey = store.db.prepare('SELECT key FROM entities WHERE id = ?').pluck().get(hub) as string;
    const full = neighbourhoodSlice(store, hubKey, 1, 400, {}, 1_000_000);
    const others = full.edges.filter((e) => e.source !== hub && e.target !== hub);
    const own = full.edges.length - others.length;
    // Every other triple off the hub with an odd id becomes derived (as a rule run's output would be).
    const derived = others.filter((e) => e.id % 2 === 1).map((e) => e.id);
    store.db.prepare('UPDATE triples SET derived = 1 WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(derived));
    try {
      const asserted = others.length - derived.length;
      const capped = neighbourhoodSlice(store, hubKey, 1, 400, {}, own + asserted);
      expect(capped.totalEdges).toBe(full.edges.length);
      expect(capped.edges.filter((e) => e.source !== hub && e.target !== hub).every((e) => !e.derived)).toBe(true);
      expect(capped.edges).toHaveLength(own + asserted);
    } finally {
      store.db.prepare('UPDATE triples SET derived = 0 WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(derived));
    }
  });
});
