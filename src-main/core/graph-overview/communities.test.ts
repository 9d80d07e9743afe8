import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { UndirectedGraph } from 'graphology';
import modularityModule from 'graphology-metrics/graph/modularity.js';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from '../import/import-files.js';
import { forEachEntityTriple } from '../store/community-reads.js';
import { communityOfEntity, communityOverview, computeCommunities, findCommunities } from './communities.js';
import { RelataService } from '../api/handlers.js';
import { communityOverviewOffThread } from './communities-in-worker.js';
import { cachedCommunities, communitiesCacheKey } from '../store/community-reads.js';
import type { ProgressEvent } from '../../contract/types.js';
import { CancelledError } from '../run/cancelled-error.js';
import type { CommunityOverview } from '../../contract/community-types.js';
import type { GraphSlice } from '../../contract/types.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';

// CommonJS with ES-style types: under NodeNext the default import is module.exports.
const modularity = modularityModule as unknown as typeof modularityModule.default;

let store: KgStore;
let overview: CommunityOverview;
beforeAll(async () => {
  store = KgStore.open(':memory:');
  await importFiles(store, [{ path: datasetPath('wn18rr', 'train.txt') }]);
  overview = communityOverview(store);
}, 120_000);
afterAll(() => store.close());

describe('communities of WN18RR (86,835 triples)', () => {
  it('cover every entity with a triple, sizes summing to that count', () => {
    const withTriples = new Set<number>();
    let triples = 0;
    forEachEntityTriple(store, {}, (s, o) => {
      withTriples.add(s).add(o);
      triples++;
    });
    expect(overview.entities).toBe(withTriples.size);
    expect(overview.triples).toBe(triples);
    expect(overview.communities.reduce((sum, c) => sum + c.size, 0)).toBe(withTriples.size);
    expect(overview.communities.map((c) => c.id)).toEqual(overview.communities.map((_, i) => i));
    expect(new Set(overview.communities.flatMap((c) => c.members ?? [])).size).toBe(withTriples.size);
    for (const c of overview.communities) expect(c.members).toHaveLength(c.size);
    for (const c of overview.communities) {
      expect(c.top.length).toBeLessThanOrEqual(5);
      expect(c.label).toBe(c.top[0].label);
      expect(c.top.map((t) => t.degree)).toEqual([...c.top.map((t) => t.degree)].sort((a, b) => b - a));
    }
    expect(overview.cached).toBe(false);
  });

  it('weigh links by the triples between two communities (checked by brute force), and match graphology modularity', () => {
    const found = findCommunities(store);
    const partition = { get: (id: number) => communityOfEntity(found, id) };
    const brute = new Map<string, number>();
    const graph = new UndirectedGraph<{ community?: number }, { weight: number }>();
    forEachEntityTriple(store, {}, (s, o) => {
      const a = partition.get(s)!, b = partition.get(o)!;
      if (a !== b) brute.set(`${Math.min(a, b)}|${Math.max(a, b)}`, (brute.get(`${Math.min(a, b)}|${Math.max(a, b)}`) ?? 0) + 1);
      for (const id of [s, o]) if (!graph.hasNode(String(id))) graph.addNode(String(id), { community: partition.get(id) });
      if (s !== o) graph.updateEdge(String(s), String(o), (e) => ({ weight: (e.weight ?? 0) + 1 }));
    });
    expect(overview.links.length).toBe(brute.size);
    for (const l of overview.links) {
      expect(l.weight).toBe(brute.get(`${l.from}|${l.to}`));
      expect(l.predicates.length).toBeLessThanOrEqual(3);
      expect(l.predicates.reduce((s, p) => s + p.count, 0)).toBeLessThanOrEqual(l.weight);
    }
    expect(overview.modularity).toBeGreaterThan(0.3);
    expect(modularity(graph, { getEdgeWeight: 'weight' })).toBeCloseTo(overview.modularity, 6);
  });

  it('answers a second call from the KG file, and again after a refresh', () => {
    const again = communityOverview(store);
    expect(again.cached).toBe(true);
    expect({ ...again, cached: false, seconds: 0 }).toEqual({ ...overview, seconds: 0 });
    expect(communityOverview(store, { refresh: true }).cached).toBe(false);
  });

  it('stops when cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => computeCommunities(store, {}, { signal: controller.signal })).toThrow(CancelledError);
  });
});

describe('graph.overview through the service', () => {
  const tmp = tempDir('relata-communities-');
  afterAll(() => tmp.cleanup());

  it('keeps the top-degree slice as the default and answers communities on request, cached in the file', async () => {
    const path = join(tmp.dir, 'kinships.sqlite');
    let service = new RelataService(path);
    await service.call('kg.import', { files: [{ path: datasetPath('kinships', 'train.txt') }] });
    const slice = (await service.call('graph.overview', { limit: 30 })) as GraphSlice;
    expect(slice.nodes).toHaveLength(30);
    expect('communities' in slice).toBe(false);
    expect(await service.call('graph.overview', { limit: 30, mode: 'top-degree' })).toEqual(slice);
    const first = (await service.call('graph.overview', { mode: 'communities' })) as CommunityOverview;
    expect(first.mode).toBe('communities');
    expect(first.cached).toBe(false);
    expect(first.entities).toBe(104);
    service.close();
    service = new RelataService(path);
    const second = (await service.call('graph.overview', { mode: 'communities' })) as CommunityOverview;
    expect(second.cached).toBe(true);
    expect(second.communities).toEqual(first.communities);
    service.close();
  });
});

describe('communities in a worker thread (WN18RR in a KG file)', () => {
  const tmp = tempDir('relata-communities-worker-');
  let path: string;
  beforeAll(async () => {
    path = join(tmp.dir, 'wn18rr.sqlite');
    const file = KgStore.open(path);
    await importFiles(file, [{ path: datasetPath('wn18rr', 'train.txt') }]);
    file.close();
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('gives the partition and overview this thread computes for the same seed, with progress, cached in the file', async () => {
    const file = KgStore.open(path, { mustExist: true });
    try {
      const events: ProgressEvent[] = [];
      const off = await communityOverviewOffThread(file, { refresh: true, worker: true }, { onProgress: (e) => events.push(e) });
      const here = computeCommunities(file);
      expect({ ...off, seconds: 0, cached: false }).toEqual({ ...here, seconds: 0, cached: false });
      expect(off.cached).toBe(false);
      expect(events.some((e) => e.phase === 'finding communities')).toBe(true);
      expect(cachedCommunities(file, communitiesCacheKey(file, {}))).toEqual(here);
      expect((await communityOverviewOffThread(file, { worker: true })).cached).toBe(true);
    } finally {
      file.close();
    }
  }, 120_000);

  it('lets the service answer other reads while they compute', async () => {
    const service = new RelataService(path);
    try {
      let settled = false;
      const pending = service.call('graph.overview', { mode: 'communities', refresh: true }).then((r) => {
        settled = true;
        return r as CommunityOverview;
      });
      const stats = await service.call('kg.stats', {});
      const top = (await service.call('graph.overview', { limit: 50 })) as GraphSlice;
      expect(settled).toBe(false);
      expect(stats.triples).toBe(86_835);
      expect(top.nodes).toHaveLength(50);
      expect((await pending).entities).toBe(overview.entities);
    } finally {
      service.close();
    }
  }, 120_000);

  it('stops on Cancel with a CancelledError, the cache left as it was', async () => {
    const service = new RelataService(path);
    try {
      const controller = new AbortController();
      const pending = service.call('graph.overview', { mode: 'communities', refresh: true }, {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
      await expect(pending).rejects.toBeInstanceOf(CancelledError);
    } finally {
      service.close();
    }
    const file = KgStore.open(path, { mustExist: true });
    try {
      // The earlier tests stored this KG's overview; the cancelled run changed nothing.
      expect(cachedCommunities<CommunityOverview>(file, communitiesCacheKey(file, {}))?.entities).toBe(overview.entities);
    } finally {
      file.close();
    }
  }, 120_000);
});
