import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { MODEL_NAMES, resolveModel } from './model-resolver.js';
import { tfScore } from '../../../../test-support/tf-reference-scores.js';
import { compare, compareBackward, scoreAllCandidates, scoreAllCandidatesBackward } from './interaction.js';
import { createPrng } from '../../random/mulberry32.js';

/** Hand-derived gradients of every interaction checked against TensorFlow.js autodiff (CPU backend). */
const DIM = 8;

function randomRow(n: number, seed: number): Float32Array {
  const rng = createPrng(seed);
  return Float32Array.from({ length: n }, () => rng.normal() * 0.7);
}

function expectClose(actual: Float32Array, expected: ArrayLike<number>, tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i])));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe.each(MODEL_NAMES)('%s interaction', (name) => {
  const m = resolveModel(name);
  const ew = m.entityWidth(DIM), rw = m.relationWidth(DIM);

  for (const seed of [1, 2, 3]) {
    const h = randomRow(ew, seed), r = randomRow(rw, seed + 100), t = randomRow(ew, seed + 200);
    const [gh, gr, gt] = tf.tidy(() => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tfScore(name, a as tf.Tensor1D, b as tf.Tensor1D, c as tf.Tensor1D));
      return g([tf.tensor1d(h), tf.tensor1d(r), tf.tensor1d(t)]).map((x) => x.dataSync().slice());
    });
    const expectedScore = tf.tidy(() => tfScore(name, tf.tensor1d(h), tf.tensor1d(r), tf.tensor1d(t)).dataSync()[0]);

    it(`tail query path matches autodiff (seed ${seed})`, () => {
      const q = new Float32Array(ew), gq = new Float32Array(ew);
      const ah = new Float32Array(ew), ar = new Float32Array(rw), at = new Float32Array(ew);
      m.tailQuery(h, 0, r, 0, q, 0, ew);
      expect(compare(m.comparator, q, 0, t, 0, ew)).toBeCloseTo(expectedScore, 4);
      compareBackward(m.comparator, q, 0, t, 0, ew, 1, gq, 0, at, 0);
      m.tailQueryBackward(h, 0, r, 0, gq, 0, ah, 0, ar, 0, ew);
      expectClose(ah, gh);
      expectClose(ar, gr);
      expectClose(at, gt);
    });

    it(`head query path matches autodiff (seed ${seed})`, () => {
      const q = new Float32Array(ew), gq = new Float32Array(ew);
      const ah = new Float32Array(ew), ar = new Float32Array(rw), at = new Float32Array(ew);
      m.headQuery(r, 0, t, 0, q, 0, ew);
      expect(compare(m.comparator, q, 0, h, 0, ew)).toBeCloseTo(expectedScore, 4);
      compareBackward(m.comparator, q, 0, h, 0, ew, 1, gq, 0, ah, 0);
      m.headQueryBackward(r, 0, t, 0, gq, 0, ar, 0, at, 0, ew);
      expectClose(ah, gh);
      expectClose(ar, gr);
      expectClose(at, gt);
    });
  }

  it('scoring all candidates agrees with compare, forward and backward', () => {
    const n = 5;
    const E = randomRow(n * ew, 7), q = randomRow(ew, 8), g = randomRow(n, 9);
    const out = new Float32Array(n);
    scoreAllCandidates(m.comparator, q, 0, E, n, ew, out);
    const gq1 = new Float32Array(ew), gE1 = new Float32Array(n * ew), gq2 = new Float32Array(ew), gE2 = new Float32Array(n * ew);
    scoreAllCandidatesBackward(m.comparator, q, 0, E, n, ew, g, gq1, 0, gE1);
    for (let i = 0; i < n; i++) {
      expect(out[i]).toBeCloseTo(compare(m.comparator, q, 0, E, i * ew, ew), 5);
      compareBackward(m.comparator, q, 0, E, i * ew, ew, g[i], gq2, 0, gE2, i * ew);
    }
    expectClose(gq1, gq2, 1e-5);
    expectClose(gE1, gE2, 1e-5);
  });
});
