// embeddings.cluster over the demo KG: GNN node embeddings (gnn.classify) and a KG embedding model (model.train)
// cluster the entities so that their types agree far more than a random assignment of the same cluster sizes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/paths.js';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { forgetCachedModels } from '../embeddings/kg/predictions.js';

const tmp = tempDir('relata-cluster-');
let service: RelataService;
let sessionId = 0;
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'demo.sqlite'));
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  await service.call('gnn.classify', { target: 'type' });
  const session = await service.call('session.create', { name: 'embeddings' });
  sessionId = session.id;
  await service.call('session.run', { sessionId, call: 'model.train', input: { model: 'complex', name: 'demo-complex', settings: { dim: 32, epochs: 100, seed: 1 } } });
}, 120_000);
afterAll(() => {
  service.close();
  forgetCachedModels();
  tmp.cleanup();
});

describe('embeddings.cluster on the demo KG', () => {
  for (const source of [{ kind: 'gnn', name: 'gcn:type' }, { kind: 'model', name: 'demo-complex' }] as const) {
    it(`${source.kind} embeddings: clusters agree with entity types well above chance`, async () => {
      const stats = await service.call('kg.stats', {});
      const r = await service.call('embeddings.cluster', { source, k: 8, seed: 1 });
      expect(r).toMatchObject({ source, k: 8, seed: 1, entityCount: stats.entities });
      expect(r.clusters).toHaveLength(8);
      expect(r.clusters.reduce((s, c) => s + c.size, 0)).toBe(r.entityCount);
      for (let i = 1; i < r.clusters.length; i++) expect(r.clusters[i - 1].size).toBeGreaterThanOrEqual(r.clusters[i].size);
      expect(r.clusters.map((c) => c.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // Every entity has a cluster, and each listed member is in the cluster that lists it, most typical first.
      expect(Object.keys(r.assignment!)).toHaveLength(r.entityCount);
      for (const c of r.clusters) {
        expect(c.members.length).toBe(Math.min(20, c.size));
        for (const m of c.members) expect(r.assignment![m.key]).toBe(c.id);
        for (let i = 1; i < c.members.length; i++) expect(c.members[i - 1].cosine).toBeGreaterThanOrEqual(c.members[i].cosine - 1e-9);
      }
      expect(r.clusters.some((c) => c.members.some((m) => m.key === 'albert_einstein' && m.label === 'Albert Einstein'))).toBe(true);
      // Measured (seed 1): GNN purity 0.61 vs chance 0.33, NMI 0.62; ComplEx purity 0.79 vs 0.34, NMI 0.78.
      const t = r.types!;
      expect(t.classes).toBeGreaterThanOrEqual(5);
      expect(t.purity).toBeGreaterThan(t.randomPurity + 0.15);
      expect(t.nmi).toBeGreaterThan(0.4);
      expect(r.silhouette!).toBeGreaterThan(0);
      // Same seed, same clusters.
      const again = await service.call('embeddings.cluster', { source, k: 8, seed: 1 });
      expect(again.assignment).toEqual(r.assignment);
    }, 60_000);
  }

  it('symptoms end up together in the model embeddings', async () => {
    const r = await service.call('embeddings.cluster', { source: { kind: 'model', name: 'demo-complex' }, k: 8, seed: 1, assignment: false });
    expect(r.assignment).toBeNull();
    const symptoms = r.clusters.map((c) => c.types.find((t) => t.type === 'Symptom')?.count ?? 0);
    const total = symptoms.reduce((a, b) => a + b, 0);
    expect(Math.max(...symptoms) / total).toBeGreaterThan(0.6);
  });

  it('the training step reads as one line in the session report', async () => {
    const md = (await service.call('session.export', { id: sessionId, format: 'md' })).text;
    expect(md).toMatch(/complex model 'demo-complex': test MRR 0\.\d{3}, Hits@1 \d+\.\d%, Hits@10 \d+\.\d%, \d+ epochs \(stopped by (epochs|early-stopping)\)/);
  });

  it('says which embedding is missing', async () => {
    await expect(service.call('embeddings.cluster', { source: { kind: 'model', name: 'nope' }, k: 3 })).rejects.toThrow(/no stored model named 'nope'/);
    await expect(service.call('embeddings.cluster', { source: { kind: 'gnn', name: 'rgcn:type' }, k: 3 })).rejects.toThrow(/no GNN embeddings named 'rgcn:type'/);
    await expect(service.call('embeddings.cluster', { source: { kind: 'gnn', name: 'gcn:type' }, k: 1 })).rejects.toThrow(/invalid input for embeddings.cluster: k/);
  });
});
