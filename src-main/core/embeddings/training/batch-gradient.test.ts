import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { accumulateBatchGradient, createBatchScratch, createGradientBuffers, type BatchSettings } from './batch-gradient.js';
import { createParams, initialiseParams } from '../models/embedding-params.js';
import { createPrng } from '../../random/mulberry32.js';
import { resolveModel, type ModelName } from '../models/model-resolver.js';
import { tfScore } from '../../../../test-support/tf-reference-scores.js';
import { TAIL, HEAD, type QuerySet } from '../datasets/link-queries.js';

/** The whole batch kernel (query, comparator, loss, N3, scatter into rows) against TensorFlow.js autodiff. */
const N = 6, R = 2, DIM = 4;

interface Case {
  model: ModelName;
  settings: BatchSettings;
  reciprocal: boolean;
}

const cases: Case[] = [
  { model: 'complex', reciprocal: true, settings: { loss: 'cross-entropy', negatives: 1, margin: 1, adversarialTemperature: 1, regularizer: 'n3', regularizerWeight: 0.05 } },
  { model: 'distmult', reciprocal: false, settings: { loss: 'softplus', negatives: 3, margin: 1, adversarialTemperature: 1, regularizer: 'n3', regularizerWeight: 0.05 } },
  { model: 'transe', reciprocal: false, settings: { loss: 'margin-ranking', negatives: 3, margin: 4, adversarialTemperature: 1, regularizer: 'none', regularizerWeight: 0 } },
  { model: 'rotate', reciprocal: false, settings: { loss: 'self-adversarial', negatives: 3, margin: 2, adversarialTemperature: 1, regularizer: 'none', regularizerWeight: 0 } },
];

describe.each(cases)('batch gradient: $model with $settings.loss', ({ model, settings, reciprocal }) => {
  it('matches autodiff of the same loss', () => {
    const m = resolveModel(model);
    const p = createParams({ model, dim: DIM, reciprocal, numEntities: N, numRelations: R });
    initialiseParams(p, { initScale: 0.8 }, createPrng(5));
    const queries: QuerySet = {
      anchors: Int32Array.from([0, 3, 5]),
      relations: Int32Array.from([1, reciprocal ? 2 : 0, 0]),
      directions: Uint8Array.from([TAIL, reciprocal ? TAIL : HEAD, TAIL]),
      targets: Int32Array.from([2, 1, 4]),
    };
    const order = Int32Array.from([0, 1, 2]);
    const k = settings.negatives;
    const negatives = Int32Array.from([1, 3, 4, 0, 2, 5, 1, 2, 3]);
    const grads = createGradientBuffers(p);
    const scale = 1 / 3;
    const loss = accumulateBatchGradient(p, settings, queries, order, 0, 3, settings.loss === 'cross-entropy' ? null : negatives, 0, scale, grads, createBatchScratch(p, k));

    const ew = p.entityWidth, rw = p.relationWidth;
    const f = (E: tf.Tensor, Rl: tf.Tensor): tf.Scalar => {
      const row = (T: tf.Tensor, i: number, w: number) => T.slice([i, 0], [1, w]).reshape([w]) as tf.Tensor1D;
      let total: tf.Tensor = tf.scalar(0);
      for (let j = 0; j < 3; j++) {
        const a = queries.anchors[j], r = queries.relations[j], tail = queries.directions[j] === TAIL, t = queries.targets[j];
        const score = (c: number) => (tail ? tfScore(model, row(E, a, ew), row(Rl, r, rw), row(E, c, ew)) : tfScore(model, row(E, c, ew), row(Rl, r, rw), row(E, a, ew)));
        const candidates = settings.loss === 'cross-entropy' ? Array.from({ length: N }, (_, n) => n) : [t, ...negatives.slice(j * k, j * k + k)];
        const s = tf.stack(candidates.map(score)) as tf.Tensor1D;
        let l: tf.Tensor;
        if (settings.loss === 'cross-entropy') l = tf.logSumExp(s).sub(s.gather([t]).sum());
        else if (settings.loss === 'softplus') l = tf.softplus(s.slice(0, 1).neg()).sum().add(tf.softplus(s.slice(1)).mean());
        else if (settings.loss === 'margin-ranking') l = tf.relu(tf.scalar(settings.margin).sub(s.slice(0, 1)).add(s.slice(1))).mean();
        else {
          const neg = s.slice(1).dataSync();
          const e = Array.from(neg, (v) => Math.exp(settings.adversarialTemperature * v));
          const w = tf.tensor1d(e.map((v) => v / e.reduce((x, y) => x + y, 0)));
          l = tf.softplus(s.slice(0, 1).add(settings.margin).neg()).sum().add(tf.softplus(s.slice(1).add(settings.margin)).mul(w).sum()).div(2);
        }
        total = total.add(l.mul(scale));
        if (settings.regularizer === 'n3') {
          const n3 = (x: tf.Tensor1D) => (m.complexEntities ? x.slice(0, x.shape[0] / 2).square().add(x.slice(x.shape[0] / 2).square()).pow(1.5).sum() : x.abs().pow(3).sum());
          total = total.add(n3(row(E, a, ew)).add(n3(row(E, t, ew))).add(n3(row(Rl, r, rw))).mul(settings.regularizerWeight * scale));
        }
      }
      return total as tf.Scalar;
    };
    const rowsE = p.entities.length / ew, rowsR = p.relations.length / rw;
    const { value, grads: g } = tf.tidy(() => {
      const r = tf.valueAndGrads((E: tf.Tensor, Rl: tf.Tensor) => f(E, Rl))([tf.tensor2d(p.entities, [rowsE, ew]), tf.tensor2d(p.relations, [rowsR, rw])]);
      return { value: r.value.dataSync()[0], grads: r.grads.map((x) => x.dataSync().slice()) };
    });
    expect(loss).toBeCloseTo(value, 4);
    for (let i = 0; i < g[0].length; i++) expect(grads.entities[i]).toBeCloseTo(g[0][i], 4);
    for (let i = 0; i < g[1].length; i++) expect(grads.relations[i]).toBeCloseTo(g[1][i], 4);
    // Every row with a gradient is flagged for the sparse optimiser.
    for (let n = 0; n < N; n++) if (g[0].slice(n * ew, (n + 1) * ew).some((v) => v !== 0)) expect(grads.entityTouched[n]).toBe(1);
  });
});
