import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetPath, tempDir } from '../../../../test-support/paths.js';
import { RelataService } from '../../api/handlers.js';
import { KgStore } from '../../store/kg-store.js';
import { resolveTrainingConfig } from '../training/training-config.js';
import { loadKgDataset } from './training-data.js';
import { listKgModels, loadKgModel, saveKgModel } from './stored-models.js';
import { forgetCachedModels, predictLinks, scoreTriple } from './predictions.js';
import { trainEmbeddings, type TrainResult } from '../training/train-embeddings.js';
import { RejectedNegativeSampler } from '../training/rejected-negatives.js';
import type { KgDataset } from '../datasets/triple-datasets.js';
import { createParams } from '../models/embedding-params.js';

const tmp = tempDir('relata-kg-models-');
afterAll(() => tmp.cleanup());
const kgPath = join(tmp.dir, 'nations.sqlite');

async function importNations(): Promise<void> {
  const service = new RelataService(kgPath, true);
  try {
    await service.call('kg.import', { files: [{ path: datasetPath('nations') }], format: 'benchmark' });
  } finally {
    service.close();
  }
}

const config = resolveTrainingConfig({ epochs: 5, evalEvery: 5, seed: 1, threads: 1 });
const train = (ds: KgDataset): Promise<TrainResult> => trainEmbeddings(ds, config);

describe('models stored with the KG', () => {
  let ds: KgDataset;

  it('round-trips a trained model through the KG file: identical parameters and scores after reopening', async () => {
    await importNations();
    ds = loadKgDataset(kgPath, 0).dataset;
    const r = await train(ds);
    const curve = r.history.map((e) => ({ epoch: e.epoch, loss: e.loss, validMrr: e.validMrr ?? null, elapsedSeconds: e.elapsedSeconds }));
    let store = KgStore.open(kgPath, { mustExist: true });
    saveKgModel(store, 'nations-complex', r.params, ds, { settings: r.config, metrics: { mrr: 0.5, per_relation: { embassy: { mrr: 0.6 } } }, curve });
    const before = predictLinks(store, 'nations-complex', { head: 'usa', relation: 'militaryalliance', top: 14 });
    store.close();
    forgetCachedModels();
    store = KgStore.open(kgPath, { mustExist: true });
    try {
      const [summary] = listKgModels(store);
      expect(summary).toMatchObject({ name: 'nations-complex', kind: 'complex', entityCount: 14, relationCount: 55 });
      expect(summary.settings.dim).toBe(config.dim);
      expect(summary.curve).toHaveLength(5);
      expect(summary.curve[4].validMrr).toBeGreaterThan(0);
      expect((summary.metrics!.per_relation as Record<string, { mrr: number }>).embassy.mrr).toBe(0.6);
      const loaded = loadKgModel(store, 'nations-complex');
      expect(Array.from(loaded.params.entities)).toEqual(Array.from(r.params.entities));
      expect(Array.from(loaded.params.relations)).toEqual(Array.from(r.params.relations));
      const after = predictLinks(store, 'nations-complex', { head: 'usa', relation: 'militaryalliance', top: 14 });
      expect(after).toEqual(before);
      expect(after.knownFacts).toBeGreaterThan(0);
      expect(after.candidates.filter((c) => c.known)).toHaveLength(after.knownFacts);
      const total = after.candidates.reduce((s, c) => s + c.probability, 0);
      expect(total).toBeCloseTo(1, 5); // all 14 entities: softmax probabilities sum to 1
    } finally {
      store.close();
    }
  }, 60_000);

  it('accept stores the triple with model provenance, visible through entity.get', async () => {
    const service = new RelataService(kgPath, false);
    try {
      const queue = await service.call('model.suggest', { model: 'nations-complex', relation: 'embassy', top: 3 });
      expect(queue.suggestions).toHaveLength(3);
      for (let i = 1; i < 3; i++) expect(queue.suggestions[i - 1].probability).toBeGreaterThanOrEqual(queue.suggestions[i].probability);
      const s = queue.suggestions[0];
      const review = await service.call('model.review', { model: 'nations-complex', subject: s.subject, predicate: s.predicate, object: s.object, accept: true });
      expect(review).toMatchObject({ accepted: true, changed: true });
      expect(review.probability).toBeCloseTo(s.probability, 6);
      const detail = await service.call('entity.get', { key: s.subject });
      const t = detail!.outgoing.find((x) => x.predicate.key === s.predicate && x.object.kind === 'entity' && x.object.key === s.object)!;
      expect(t.provenance).toMatchObject({ kind: 'model', source: 'nations-complex' });
      expect(t.confidence).toBeCloseTo(s.probability, 6);
      const twice = await service.call('model.review', { model: 'nations-complex', subject: s.subject, predicate: s.predicate, object: s.object, accept: true });
      expect(twice).toMatchObject({ accepted: true, changed: false, sourceId: null });
      const again = await service.call('model.suggest', { model: 'nations-complex', relation: 'embassy', top: 3 });
      expect(again.suggestions.some((x) => x.subject === s.subject && x.object === s.object)).toBe(false);
      const similar = await service.call('model.similar', { model: 'nations-complex', entity: 'usa', top: 5 });
      expect(similar.neighbours[0]).toMatchObject({ entity: 'usa' });
      expect(similar.neighbours[0].cosine).toBeCloseTo(1, 5);
      // Brute-force reference: cosine of every entity row with usa's, in float64.
      const m = loadKgModel(service.kg, 'nations-complex');
      const w = m.params.entityWidth, row = (i: number) => m.params.entities.subarray(i * w, (i + 1) * w);
      const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, j) => s + x * b[j], 0);
      const usa = row(m.entities.indexOf('usa'));
      const reference = m.entities.map((e, i) => ({ e, c: dot(row(i), usa) / Math.sqrt(dot(row(i), row(i)) * dot(usa, usa)) })).sort((a, b) => b.c - a.c).slice(0, 5);
      expect(similar.neighbours.map((n) => n.entity)).toEqual(reference.map((x) => x.e));
      similar.neighbours.forEach((n, i) => expect(n.cosine).toBeCloseTo(reference[i].c, 5));
      expect((await service.call('model.list', {})).map((m) => m.name)).toEqual(['nations-complex']);
    } finally {
      service.close();
    }
  });

  it('reject records a negative that the next training run samples and pushes down', async () => {
    const service = new RelataService(kgPath, false);
    let rejected: { subject: string; predicate: string; object: string };
    try {
      const s = (await service.call('model.suggest', { model: 'nations-complex', relation: 'intergovorgs', top: 1 })).suggestions[0];
      rejected = { subject: s.subject, predicate: s.predicate, object: s.object };
      const review = await service.call('model.review', { model: 'nations-complex', ...rejected, accept: false });
      expect(review).toMatchObject({ accepted: false, changed: true });
      await expect(service.call('model.review', { model: 'nations-complex', subject: 'usa', predicate: 'embassy', object: 'uk', accept: false })).rejects.toThrow(/is a fact in the KG/);
      const after = await service.call('model.predict', { model: 'nations-complex', head: s.subject, relation: s.predicate, top: 14 });
      expect(after.candidates.find((c) => c.entity === s.object)!.rejected).toBe(true);
    } finally {
      service.close();
    }
    const next = loadKgDataset(kgPath, 0).dataset;
    expect(next.rejected!.heads).toHaveLength(1);
    const h = next.rejected!.heads[0], r = next.rejected!.relations[0], t = next.rejected!.tails[0];
    expect([next.entities[h], next.relations[r], next.entities[t]]).toEqual([rejected.subject, rejected.predicate, rejected.object]);
    // The sampler hands the rejected triple to every batch.
    const shape = { model: config.model, dim: config.dim, reciprocal: config.reciprocal, numEntities: next.entities.length, numRelations: next.relations.length };
    const sampler = new RejectedNegativeSampler(next.rejected!, createParams(shape));
    expect(sampler.nextBatch()).toEqual([0]);
    const withNegative = await train(next);
    const without = await train({ ...next, rejected: undefined });
    const batches = Math.ceil((2 * next.train.heads.length) / config.batchSize);
    expect(withNegative.rejectedNegatives).toEqual({ triples: 1, uses: batches * withNegative.epochsRun });
    expect(without.rejectedNegatives.uses).toBe(0);
    // Same seed and data: the only difference is the extra negative, which lowers the rejected triple's score.
    const store = KgStore.open(kgPath, { mustExist: true });
    try {
      for (const [name, res] of [['with', withNegative], ['without', without]] as const) {
        saveKgModel(store, name, res.params, next, { settings: res.config });
      }
      const pWith = scoreTriple(store, 'with', rejected.subject, rejected.predicate, rejected.object);
      const pWithout = scoreTriple(store, 'without', rejected.subject, rejected.predicate, rejected.object);
      expect(pWith.score).toBeLessThan(pWithout.score);
    } finally {
      store.close();
    }
  }, 60_000);
});
