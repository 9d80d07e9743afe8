// gnn.classify and gnn.explain through RelataService on the bundled demo KG.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test-support/paths.js';
import { RelataService } from '../../api/handlers.js';
import { demoFiles } from '../../demo.js';
import { csrTimesDense, normalizedAdjacency } from '../kernels/csr-matrix.js';
import { gcnGraph, GcnModel, NO_DROPOUT } from '../models/gcn-model.js';
import { classifyKg } from './classify-entities.js';
import { kgNodeClassificationData } from './classification-data.js';
import { edgeOcclusionSaliency, nodeProbabilitiesWithoutEdge } from '../models/occlusion-saliency.js';
import { RDF_TYPE } from '../../../contract/vocabulary.js';

describe('GNN over the open KG (demo)', () => {
  const tmp = tempDir('relata-gnn-service-');
  let service: RelataService;
  beforeAll(async () => {
    process.env.RELATA_HOME = tmp.dir;
    service = new RelataService(join(tmp.dir, 'demo.sqlite'));
    await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  });
  afterAll(() => {
    service.close();
    tmp.cleanup();
  });

  it('gnn.classify beats the majority class and predicts every entity', async () => {
    const r = await service.call('gnn.classify', { target: 'type', seeds: 5 });
    expect(r.classes).toEqual(expect.arrayContaining(['Person', 'Disease', 'Symptom', 'Company']));
    expect(r.split.train + r.split.val + r.split.test).toBe(r.predictions.filter((p) => p.labelled).length);
    expect(r.testAccuracy).toBeGreaterThan(r.majorityAccuracy);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(r.split.test);
    const entities = service.kg.db.prepare('SELECT count(*) FROM entities').pluck().get() as number;
    expect(r.predictions.length).toBe(entities);
    for (const p of r.predictions) {
      expect(r.classes).toContain(p.predicted);
      expect(p.confidence).toBeGreaterThanOrEqual(1 / r.classes.length - 1e-6);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
    await expect(service.call('gnn.classify', { target: 'colour' })).rejects.toThrow(/invalid input for gnn\.classify: target/);
  }, 60_000);

  it('gnn.explain ranks the incident triples, and removing the top edge lowers the probability in a full forward pass', async () => {
    const key = 'albert_einstein';
    const e = await service.call('gnn.explain', { key });
    const incident = service.kg.db
      .prepare(
        `SELECT t.id FROM triples t JOIN predicates p ON p.id = t.p JOIN entities e ON e.key = ?
          WHERE (t.s = e.id OR t.o = e.id) AND t.o > 0 AND p.key != '${RDF_TYPE}'`,
      )
      .pluck()
      .all(key) as number[];
    expect(e.edges.map((x) => x.tripleId).sort((a, b) => a - b)).toEqual(incident.sort((a, b) => a - b));
    for (let i = 1; i < e.edges.length; i++) expect(e.edges[i - 1].importance).toBeGreaterThanOrEqual(e.edges[i].importance);
    const top = e.edges[0];
    expect(top.importance).toBeGreaterThan(0);

    // The same model, retrained deterministically, run whole with the top edge removed from Â.
    const { trained } = classifyKg(service.kg, { target: 'type', seeds: 1 });
    const { data } = trained;
    const model = trained.classifier.gcn!;
    const node = data.nodeIds.indexOf(key);
    const other = data.nodeIds.indexOf(top.neighbour);
    const c = data.numClasses;
    const predicted = data.classNames.indexOf(e.predicted);
    expect(Math.abs(trained.probabilities[node * c + predicted] - e.confidence)).toBeLessThan(1e-4);
    const keep = Array.from(data.edgeSrc.keys()).filter(
      (k) => !((data.edgeSrc[k] === node && data.edgeDst[k] === other) || (data.edgeSrc[k] === other && data.edgeDst[k] === node)),
    );
    expect(keep.length).toBeLessThan(data.edgeSrc.length);
    const adjacency = normalizedAdjacency(data.numNodes, Int32Array.from(keep, (k) => data.edgeSrc[k]), Int32Array.from(keep, (k) => data.edgeDst[k]));
    const occluded = new GcnModel(gcnGraph(adjacency, model.graph.features), model.hidden, c, { w1: model.w1, w2: model.w2 });
    const pWithout = Math.exp(occluded.forward(NO_DROPOUT)[node * c + predicted]);
    expect(pWithout).toBeLessThan(e.confidence);
    expect(Math.abs(e.confidence - pWithout - top.importance)).toBeLessThan(1e-4);

    // The 2-hop kernel agrees with the full forward pass for every node's prediction before any occlusion.
    const xw = csrTimesDense(model.graph.features, model.w1, model.hidden, new Float32Array(data.numNodes * model.hidden));
    for (let i = 0; i < data.numNodes; i++) {
      const p = nodeProbabilitiesWithoutEdge(model.graph.adjacency, xw, model.w2, model.hidden, c, i, -1);
      for (let k = 0; k < c; k++) expect(Math.abs(p[k] - trained.probabilities[i * c + k])).toBeLessThan(1e-4);
    }
    // The incremental occlusion agrees with the direct 2-hop recomputation on every edge of every node.
    for (let i = 0; i < data.numNodes; i++) {
      const { edges } = edgeOcclusionSaliency(model.graph.adjacency, xw, model.w2, model.hidden, c, i, 0);
      const base = nodeProbabilitiesWithoutEdge(model.graph.adjacency, xw, model.w2, model.hidden, c, i, -1)[0];
      for (const edge of edges) {
        const direct = base - nodeProbabilitiesWithoutEdge(model.graph.adjacency, xw, model.w2, model.hidden, c, i, edge.neighbour)[0];
        expect(Math.abs(edge.importance - direct)).toBeLessThan(1e-6);
      }
    }
    await expect(service.call('gnn.explain', { key: 'no_such_entity' })).rejects.toThrow(/no entity/);

    // A fresh service (no model in memory) trains one for explain: the same seed-0 model, the same ranking.
    const fresh = new RelataService(join(tmp.dir, 'demo.sqlite'), false);
    try {
      const again = await fresh.call('gnn.explain', { key });
      expect(again.edges.map((x) => x.tripleId)).toEqual(e.edges.map((x) => x.tripleId));
      expect(again.confidence).toBeCloseTo(e.confidence, 6);
    } finally {
      fresh.close();
    }
  }, 60_000);

  it('no test entity\'s type reaches the features: retyping every test entity leaves them unchanged', () => {
    const db = service.kg.db;
    const before = kgNodeClassificationData(service.kg, 'demo', { target: 'type', seed: 0 });
    const keys = [...before.testIdx].map((i) => before.nodeIds[i]);
    const retype = db.prepare('UPDATE entities SET type = ? WHERE key = ?');
    db.exec('SAVEPOINT retype');
    try {
      // Each test entity takes the next class's name (the set of class names stays the same).
      for (const i of before.testIdx) retype.run(before.classNames[(before.labels[i] + 1) % before.numClasses], before.nodeIds[i]);
      const after = kgNodeClassificationData(service.kg, 'demo', { target: 'type', seed: 0 });
      expect(after.classNames).toEqual(before.classNames);
      expect([...after.testIdx].map((i) => after.nodeIds[i])).toEqual(keys);
      expect([...after.features.colIdx]).toEqual([...before.features.colIdx]);
      expect([...after.features.rowPtr]).toEqual([...before.features.rowPtr]);
      expect([...after.edgeSrc]).toEqual([...before.edgeSrc]);
    } finally {
      db.exec('ROLLBACK TO retype');
      db.exec('RELEASE retype');
    }
  });
});
