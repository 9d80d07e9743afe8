// Gradients of the hand-written GCN checked against TensorFlow.js autodiff on the same dense computation.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { csrFromCoo, csrToDense, normalizedAdjacency, rowNormalize } from '../kernels/csr-matrix.js';
import { dropoutMask, gcnGraph, GcnModel, NO_DROPOUT, type DropoutMasks } from './gcn-model.js';
import { glorotUniform } from '../kernels/glorot-init.js';
import { Mulberry32 } from '../../random/mulberry32.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Problem {
  n: number;
  f: number;
  h: number;
  c: number;
  model: GcnModel;
  labels: Int32Array;
  idx: Int32Array;
}

function randomProblem(seed: number, n: number, f: number, h: number, c: number, edgesPerNode = 2, lossNodes?: number[]): Problem {
  const rng = new Mulberry32(seed);
  const src = Int32Array.from({ length: Math.round(edgesPerNode * n) }, () => rng.nextInt(n));
  const dst = Int32Array.from({ length: Math.round(edgesPerNode * n) }, () => rng.nextInt(n));
  const fr: number[] = [];
  const fc: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) if (rng.next() < 0.3) (fr.push(i), fc.push(j));
  const features = rowNormalize(csrFromCoo(n, f, Int32Array.from(fr), Int32Array.from(fc)));
  const graph = gcnGraph(normalizedAdjacency(n, src, dst), features);
  const model = new GcnModel(graph, h, c, { w1: glorotUniform(f, h, rng), w2: glorotUniform(h, c, rng) });
  const labels = Int32Array.from({ length: n }, () => rng.nextInt(c));
  const idx = lossNodes ? Int32Array.from(lossNodes) : Int32Array.from({ length: Math.ceil(n / 2) }, (_, t) => t * 2);
  return { n, f, h, c, model, labels, idx };
}

/** The same loss in tfjs, from dense Â, dense dropped X and explicit masks. */
function tfLossAndGrads(p: Problem, masks: DropoutMasks, weightDecay: number) {
  const { n, f, h, c, model } = p;
  const xValues = masks.features
    ? model.graph.features.values.map((v, q) => v * masks.features![q])
    : model.graph.features.values;
  const xDense = csrToDense({ ...model.graph.features, values: xValues });
  const a = tf.tensor2d(csrToDense(model.graph.adjacency), [n, n]);
  const x = tf.tensor2d(xDense, [n, f]);
  const hiddenMask = tf.tensor2d(masks.hidden ?? new Float32Array(n * h).fill(1), [n, h]);
  const onehot = tf.oneHot(tf.tensor1d(Array.from(p.idx, (i) => p.labels[i]), 'int32'), c);
  const rows = tf.tensor1d(Array.from(p.idx), 'int32');
  const lossOf = (w1: tf.Tensor, w2: tf.Tensor) => {
    const h1 = tf.relu(tf.matMul(a, tf.matMul(x, w1))).mul(hiddenMask);
    const z = tf.matMul(a, tf.matMul(h1, w2));
    const logp = tf.logSoftmax(z).gather(rows);
    const nll = tf.neg(tf.sum(tf.mul(logp, onehot))).div(p.idx.length);
    return nll.add(tf.sum(tf.square(w1)).mul(0.5 * weightDecay)) as tf.Scalar;
  };
  const w1 = tf.tensor2d(model.w1, [f, h]);
  const w2 = tf.tensor2d(model.w2, [h, c]);
  const { value, grads } = tf.valueAndGrads(lossOf)([w1, w2]);
  return { loss: value.dataSync()[0], gw1: grads[0].dataSync(), gw2: grads[1].dataSync() };
}

function expectGradClose(ours: Float32Array, theirs: ArrayLike<number>): void {
  let scale = 0;
  for (let i = 0; i < theirs.length; i++) scale = Math.max(scale, Math.abs(theirs[i]));
  expect(scale).toBeGreaterThan(0);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
  expect(worst / scale).toBeLessThan(1e-4);
}

describe('GcnModel gradients against tfjs autodiff', () => {
  const cases: Array<[string, number, number, number, number, boolean, number, number[] | undefined]> = [
    ['no dropout, hidden 16, 7 classes', 14, 20, 16, 7, false, 2, undefined],
    ['with feature and hidden dropout masks', 14, 20, 16, 7, true, 2, undefined],
    ['odd sizes (hidden 5, 3 classes)', 9, 11, 5, 3, true, 2, undefined],
    // A sparse graph and two loss nodes: the forward pass computes only their 2-hop field, a strict subset.
    ['loss on 2 nodes of a sparse 40-node graph', 40, 12, 16, 7, true, 0.6, [0, 1]],
  ];
  for (const [name, n, f, h, c, dropout, edgesPerNode, lossNodes] of cases) {
    it(name, () => {
      const p = randomProblem(n * 31 + f, n, f, h, c, edgesPerNode, lossNodes);
      const rng = new Mulberry32(99);
      const masks: DropoutMasks = dropout
        ? {
            features: dropoutMask(new Float32Array(p.model.graph.features.values.length), 0.5, rng),
            hidden: dropoutMask(new Float32Array(n * h), 0.5, rng),
          }
        : NO_DROPOUT;
      const weightDecay = 5e-2; // large enough that a wrong decay term would show
      p.model.forward(masks, p.idx);
      const loss = p.model.loss(p.labels, p.idx, weightDecay);
      const g = p.model.backward(p.labels, p.idx, weightDecay);
      const ref = tfLossAndGrads(p, masks, weightDecay);
      expect(Math.abs(loss - ref.loss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref.loss)));
      expectGradClose(g.w1, ref.gw1);
      expectGradClose(g.w2, ref.gw2);
    });
  }

  it('dropout masks keep about 1 − p of the entries, scaled by 1/(1 − p)', () => {
    const m = dropoutMask(new Float32Array(20000), 0.5, new Mulberry32(5));
    const kept = m.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([2]));
    expect(Math.abs(kept.length / m.length - 0.5)).toBeLessThan(0.02);
  });
});
