import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { unweighted } from 'graphology-shortest-path';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { importFiles } from '../import/import-files.js';
import { allSimplePaths, shortestPaths } from './shortest-paths.js';
import { REPO_ROOT } from '../../../test-support/paths.js';
import { materializeRules } from '../reasoning/kg-reasoning.js';
import { loadRulePack } from '../reasoning/rule-packs.js';
import type { PathStep } from '../../contract/types.js';
import { Mulberry32 } from '../random/mulberry32.js';
import { RDF_TYPE } from '../../contract/vocabulary.js';


describe('shortest paths', () => {
  it('agree with graphology-shortest-path on generated graphs', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new Mulberry32(seed);
      const rand = (): number => rng.next();
      const n = 300;
      const store = KgStore.open(':memory:');
      const graph = new UndirectedGraph();
      for (let i = 0; i < n; i++) graph.addNode(`n${i}`);
      await store.write(() => {
        const w = new TripleWriter(store, { kind: 'user', name: 'gen' });
        for (let i = 0; i < 420; i++) {
          const a = Math.floor(rand() * n);
          const b = Math.floor(rand() * n);
          if (a === b) continue;
          w.add(w.entity(`n${a}`), w.predicate(`p${i % 3}`), w.entity(`n${b}`));
          if (!graph.hasEdge(`n${a}`, `n${b}`)) graph.addEdge(`n${a}`, `n${b}`);
        }
        w.finish();
      });
      for (let q = 0; q < 40; q++) {
        const a = `n${Math.floor(rand() * n)}`;
        const b = `n${Math.floor(rand() * n)}`;
        if (a === b || !store.db.prepare('SELECT 1 FROM entities WHERE key = ?').get(a) || !store.db.prepare('SELECT 1 FROM entities WHERE key = ?').get(b)) continue;
        const reference = unweighted.bidirectional(graph, a, b);
        const ours = shortestPaths(store, a, b, { maxHops: 50, limit: 5 });
        if (reference === null) {
          expect(ours.paths).toEqual([]);
          continue;
        }
        expect(ours.hops).toBe(reference.length - 1);
        for (const path of ours.paths) {
          expect(path).toHaveLength(reference.length - 1);
          // each path is a connected chain from a to b
          let at = a;
          for (const step of path) {
            const { subject, object } = step.triple;
            const [from, to] = step.reversed ? [(object as { key: string }).key, subject.key] : [subject.key, (object as { key: string }).key];
            expect(from).toBe(at);
            at = to;
          }
          expect(at).toBe(b);
        }
      }
      store.close();
    }
  });

  it('finds the seed family link and honours predicate filters', async () => {
    const store = KgStore.open(':memory:');
    await importFiles(store, [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }]);
    const r = shortestPaths(store, 'charlie', 'alice', { predicates: ['father', 'sister'] });
    expect(r.hops).toBe(2);
    expect(r.paths[0].map((s) => s.triple.predicate.key)).toEqual(['father', 'sister']);
    expect(shortestPaths(store, 'charlie', 'alice', { predicates: ['owns'] }).paths).toEqual([]);
    store.close();
  });
});

it('does not connect entities through their type unless asked', async () => {
  const store = KgStore.open(':memory:');
  await importFiles(store, [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }]);
  expect(shortestPaths(store, 'jane_roe', 'steve_jobs', { maxHops: 2 }).paths).toEqual([]);
  const viaType = shortestPaths(store, 'jane_roe', 'steve_jobs', { maxHops: 2, predicates: [RDF_TYPE] });
  expect(viaType.hops).toBe(2);
  store.close();
});

describe('all simple paths', () => {
  it('agree with graphology-simple-path style enumeration on a small generated graph', async () => {
    const rng = new Mulberry32(7);
    const rand = (): number => rng.next();
    const store = KgStore.open(':memory:');
    const adj = new Map<string, Set<string>>();
    await store.write(() => {
      const w = new TripleWriter(store, { kind: 'user', name: 'gen' });
      for (let i = 0; i < 60; i++) {
        const a = `n${Math.floor(rand() * 25)}`;
        const b = `n${Math.floor(rand() * 25)}`;
        if (a === b || adj.get(a)?.has(b) || adj.get(b)?.has(a)) continue;
        w.add(w.entity(a), w.predicate('p'), w.entity(b));
        for (const [x, y] of [[a, b], [b, a]]) {
          if (!adj.has(x)) adj.set(x, new Set());
          adj.get(x)!.add(y);
        }
      }
      w.finish();
    });
    // Reference: plain DFS over the undirected adjacency.
    const reference = (s: string, t: string, k: number): number => {
      let n = 0;
      const seen = new Set([s]);
      const dfs = (v: string, depth: number): void => {
        if (depth === k) return;
        for (const u of adj.get(v) ?? []) {
          if (seen.has(u)) continue;
          if (u === t) {
            n++;
            continue;
          }
          seen.add(u);
          dfs(u, depth + 1);
          seen.delete(u);
        }
      };
      dfs(s, 0);
      return n;
    };
    const keys = [...adj.keys()].slice(0, 8);
    for (const a of keys) {
      for (const b of keys) {
        if (a === b) continue;
        const ours = allSimplePaths(store, a, b, { maxHops: 4, limit: 10_000 });
        expect(ours.paths.length).toBe(reference(a, b, 4));
        for (const p of ours.paths) expect(new Set(p.map((s) => s.triple.id)).size).toBe(p.length);
      }
    }
    store.close();
  });
});

describe('the options relate uses: hubs, derived triples, schema vocabulary', () => {
  const RDFS_SEE_ALSO = 'http://www.w3.org/2000/01/rdf-schema#seeAlso';
  const keysOf = (path: PathStep[]): string[] => path.map((s) => `${s.triple.subject.key} ${s.triple.predicate.key} ${(s.triple.object as { key: string }).key}`);

  it('skips hubs except the start, leaves out derived triples and RDF/RDFS/OWL predicates when asked', async () => {
    const store = KgStore.open(':memory:');
    await importFiles(store, [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }]);

    // Hubs: Jobs and Wozniak are both citizens of the United States and both founded Apple; with the United States
    // (the entity with most triples here) skipped, only the path through Apple is left.
    const degree = (key: string): number =>
      store.db.prepare('SELECT (SELECT count(*) FROM triples WHERE s = e.id) + (SELECT count(*) FROM triples WHERE o = e.id) FROM entities e WHERE key = ?').pluck().get(key) as number;
    const hub = degree('united_states');
    for (const key of ['apple', 'steve_jobs', 'steve_wozniak']) expect(degree(key)).toBeLessThan(hub);
    const all = shortestPaths(store, 'steve_jobs', 'steve_wozniak');
    expect(all.paths.map(keysOf).sort()).toEqual([
      ['apple founded_by steve_jobs', 'apple founded_by steve_wozniak'],
      ['steve_jobs citizen_of united_states', 'steve_wozniak citizen_of united_states'],
    ]);
    const noHub = shortestPaths(store, 'steve_jobs', 'steve_wozniak', { hubDegree: hub - 1 });
    expect(noHub.paths.map(keysOf)).toEqual([['apple founded_by steve_jobs', 'apple founded_by steve_wozniak']]);
    // A hub is still walked from when it is the start, and can end a path.
    for (const [a, b] of [['united_states', 'apple'], ['apple', 'united_states']]) {
      const skipping = shortestPaths(store, a, b, { hubDegree: hub - 1 });
      expect(skipping.hops).toBe(2);
      expect(skipping.paths.map(keysOf)).toEqual(shortestPaths(store, a, b).paths.map(keysOf));
      expect(skipping.paths.map(keysOf)).toContainEqual(a === 'apple' ? ['apple headquartered_in cupertino', 'cupertino located_in united_states'] : ['cupertino located_in united_states', 'apple headquartered_in cupertino']);
    }
    // ... while every entity past the start is a hub at degree 1.
    expect(shortestPaths(store, 'apple', 'united_states', { hubDegree: 1 }).paths).toEqual([]);

    await materializeRules(store, [loadRulePack('kinship')]);
    // Derived: the kinship pack materialised aunt(charlie, alice); by default it is walked, with includeDerived: false not.
    const derived = shortestPaths(store, 'charlie', 'alice', { predicates: ['aunt', 'father', 'sister'] });
    expect(derived.hops).toBe(1);
    expect(derived.paths[0][0].triple.derived).toBe(true);
    const stored = shortestPaths(store, 'charlie', 'alice', { predicates: ['aunt', 'father', 'sister'], includeDerived: false });
    expect(stored.paths.map(keysOf)).toEqual([['charlie father bob', 'bob sister alice']]);
    expect(stored.paths.flat().every((s) => !s.triple.derived)).toBe(true);

    await store.write(() => {
      const w = new TripleWriter(store, { kind: 'user', name: 'test' });
      w.add(w.entity('charlie'), w.predicate(RDFS_SEE_ALSO), w.entity('hannah'));
      w.finish();
    });
    // Schema vocabulary: rdfs:seeAlso is walked unless excludeSchemaNamespaces, even when named in `predicates`.
    expect(shortestPaths(store, 'charlie', 'hannah', { includeDerived: false }).paths.map(keysOf)).toEqual([[`charlie ${RDFS_SEE_ALSO} hannah`]]);
    const noSchema = shortestPaths(store, 'charlie', 'hannah', { includeDerived: false, excludeSchemaNamespaces: true });
    expect(noSchema.hops).toBeGreaterThan(1);
    expect(noSchema.paths.flat().some((s) => s.triple.predicate.key.startsWith('http://www.w3.org/'))).toBe(false);
    expect(shortestPaths(store, 'charlie', 'hannah', { predicates: [RDFS_SEE_ALSO], excludeSchemaNamespaces: true }).paths).toEqual([]);
    // rdf:type too, even with typeLinks.
    expect(shortestPaths(store, 'jane_roe', 'steve_jobs', { maxHops: 2, typeLinks: true }).hops).toBe(2);
    expect(shortestPaths(store, 'jane_roe', 'steve_jobs', { maxHops: 2, typeLinks: true, excludeSchemaNamespaces: true }).paths).toEqual([]);

    store.close();
  });
});
