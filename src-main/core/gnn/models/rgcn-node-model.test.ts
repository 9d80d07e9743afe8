// R-GCN entity classification: gradients against tfjs autodiff, and accuracy on real KGs (biomed-mini types,
// Countries regions as a property target) against the majority-class baseline, through the core and the CLI.
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBiomedKg } from '../../../../test-support/biomed-kg.js';
import { datasetPath, REPO_ROOT, tempDir } from '../../../../test-support/paths.js';
import { RelataService } from '../../api/handlers.js';
import { csrFromCoo } from '../kernels/csr-matrix.js';
import { loadKgNodeClassification } from '../kg/classification-data.js';
import { Mulberry32 } from '../../random/mulberry32.js';
import { relationalGraph } from '../kernels/rgcn-layer.js';
import { RgcnNodeModel } from './rgcn-node-model.js';
import { runNodeClassification } from '../training/node-classification-report.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function maxRelError(ours: ArrayLike<number>, theirs: ArrayLike<number>): number {
  let scale = 1e-12;
  let worst = 0;
  for (let i = 0; i < theirs.length; i++) scale = Math.max(scale, Math.abs(theirs[i]));
  for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
  return worst / scale;
}

describe('R-GCN node classifier gradients against tfjs autodiff', () => {
  it('sparse features, 2 bases, L2 on layer 1, rejected classes as negatives', () => {
    const rng = new Mulberry32(3);
    const n = 8, f = 6, hidden = 5, classes = 3, kgRelations = 2, bases = 2;
    const m = 13;
    const heads = Int32Array.from({ length: m }, () => rng.nextInt(n));
    const tails = Int32Array.from({ length: m }, () => rng.nextInt(n));
    const relations = Int32Array.from({ length: m }, () => rng.nextInt(kgRelations));
    const graph = relationalGraph(n, kgRelations, heads, relations, tails);
    const rows: number[] = [], cols: number[] = [], vals: number[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) if (rng.next() < 0.4) (rows.push(i), cols.push(j), vals.push(rng.next()));
    const x = csrFromCoo(n, f, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(vals));
    const model = new RgcnNodeModel(f, hidden, classes, 2 * kgRelations, bases, rng);
    const labels = Int32Array.from({ length: n }, () => rng.nextInt(classes));
    const idx = Int32Array.from([0, 2, 3, 5]);
    const rejected = { nodes: Int32Array.from([1, 6, 2]), classes: Int32Array.from([0, 2, (labels[2] + 1) % classes]) };
    const wd = 0.3;
    model.forward(graph, x);
    const loss = model.loss(labels, idx, wd, rejected);
    model.backward(labels, idx, wd, rejected);

    const R = 2 * kgRelations;
    const adj = new Float32Array(R * n * n);
    for (let e = 0; e < graph.src.length; e++) adj[graph.rel[e] * n * n + graph.dst[e] * n + graph.src[e]] += graph.norm[e];
    const a = tf.tensor3d(adj, [R, n, n]);
    const dense = new Float32Array(n * f);
    rows.forEach((r, k) => (dense[r * f + cols[k]] += vals[k]));
    const xt = tf.tensor2d(dense, [n, f]);
    const layer = (h: tf.Tensor, v0: tf.Tensor, v1: tf.Tensor, coeff: tf.Tensor, self: tf.Tensor) => {
      let out = tf.matMul(h, self);
      for (let r = 0; r < R; r++) {
        const wr = tf.add(tf.mul(coeff.slice([r, 0], [1, 1]).reshape([]), v0), tf.mul(coeff.slice([r, 1], [1, 1]).reshape([]), v1));
        out = tf.add(out, tf.matMul(tf.matMul(a.slice([r, 0, 0], [1, n, n]).reshape([n, n]), h), wr));
      }
      return out;
    };
    const onehot = tf.oneHot(tf.tensor1d(Array.from(idx, (i) => labels[i]), 'int32'), classes);
    const negOnehot = tf.oneHot(tf.tensor1d(Array.from(rejected.classes), 'int32'), classes);
    const fn = (...p: tf.Tensor[]) => {
      const h = tf.relu(layer(xt, p[0], p[1], p[2], p[3]));
      const logp = tf.logSoftmax(layer(h, p[4], p[5], p[6], p[7]));
      const nll = tf.neg(tf.mean(tf.sum(tf.mul(tf.gather(logp, tf.tensor1d(Array.from(idx), 'int32')), onehot), 1)));
      const l2 = tf.addN([p[0], p[1], p[3]].map((w) => tf.sum(tf.square(w)))).mul(0.5 * wd);
      const pNeg = tf.sum(tf.mul(tf.exp(tf.gather(logp, tf.tensor1d(Array.from(rejected.nodes), 'int32'))), negOnehot), 1);
      const neg = tf.sum(tf.neg(tf.log(tf.sub(1, pNeg)))).div(idx.length);
      return tf.addN([nll, l2, neg]) as tf.Scalar;
    };
    const shapes = [[f, hidden], [f, hidden], [R, bases], [f, hidden], [hidden, classes], [hidden, classes], [R, bases], [hidden, classes]];
    const { value, grads } = tf.valueAndGrads(fn)(model.parameters().map((p, i) => tf.tensor(p, shapes[i])));
    expect(Math.abs(loss - value.dataSync()[0])).toBeLessThan(1e-5);
    const ours = model.gradients();
    grads.forEach((g, i) => expect(maxRelError(ours[i], g.dataSync())).toBeLessThan(1e-4));
  });
});

describe('R-GCN node classification on real KGs', () => {
  const tmp = tempDir('relata-rgcn-node-');
  const biomed = join(tmp.dir, 'biomed.sqlite');
  const countries = join(tmp.dir, 'countries.sqlite');
  beforeAll(async () => {
    buildBiomedKg(biomed);
    process.env.RELATA_HOME = tmp.dir;
    const service = new RelataService(countries);
    await service.call('kg.import', { files: [{ path: datasetPath('countries', 'ntp', 'countries_full.tsv') }], format: 'tsv' });
    service.close();
  });
  afterAll(tmp.cleanup);

  it('biomed-mini entity types: well above the majority class', () => {
    const data = loadKgNodeClassification(biomed, { target: 'type', seed: 0 });
    expect([...data.relational.relationNames].sort()).toEqual(['palliates', 'presents', 'resembles', 'treats']);
    const r = runNodeClassification(data, { model: 'rgcn', rgcn: { epochs: 30 } }, 1);
    expect(r.model).toBe('rgcn');
    expect(r.settings.relation_types).toBe(2 * data.relational.numRelations);
    expect(r.test_accuracy).toBeGreaterThan(Math.min(0.95, r.majority_accuracy + 0.2));
  }, 60_000);

  it('Countries: a property target (locatedIn → region) from neighbours, and relata gnn --model rgcn --target prop:', () => {
    const data = loadKgNodeClassification(countries, { target: 'prop:locatedIn', seed: 0 });
    // Regions are the values most entities share; subregions' own locatedIn is their region too.
    expect(data.classNames).toEqual(['africa', 'americas', 'asia', 'europe', 'oceania']);
    expect(data.classObjects[0]).toEqual({ key: 'africa' });
    expect(data.relational.relationNames).toEqual(['neighborOf']);
    expect(data.edgeSrc.length).toBe(648);
    const out = execFileSync(
      'node',
      [`${REPO_ROOT}/bin/relata.mjs`, 'gnn', '--db', countries, '--task', 'node-class', '--target', 'prop:locatedIn', '--model', 'rgcn', '--seeds', '3', '--json'],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out);
    for (const k of ['test_accuracy', 'val_accuracy', 'seeds', 'train_seconds']) expect(r).toHaveProperty(k);
    expect(r.model).toBe('rgcn');
    expect(r.seeds).toBe(3);
    expect(r.classes).toBe(5);
    // Five regions of uneven size: chance is about 0.2; neighbours nearly always share a region.
    expect(r.test_accuracy).toBeGreaterThan(Math.max(0.6, r.majority_accuracy + 0.3));
    expect(() => loadKgNodeClassification(countries, { target: 'prop:capitalOf', seed: 0 })).toThrow(/no predicate "capitalOf"/);
  }, 60_000);
});
