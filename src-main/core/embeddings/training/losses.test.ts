import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { crossEntropyLoss, negativeSamplingLoss } from './losses.js';
import { n3Row } from './regularizers.js';

/** Loss and N3 gradients against TensorFlow.js autodiff. */
const scores = Float32Array.from([0.3, -1.2, 2.1, 0.05, -0.4, 1.7]);
const k = scores.length - 1;

function autodiff(f: (s: tf.Tensor1D) => tf.Scalar, x: Float32Array): { value: number; grad: Float32Array } {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((s: tf.Tensor) => f(s as tf.Tensor1D))(tf.tensor1d(x));
    return { value: value.dataSync()[0], grad: grad.dataSync() as Float32Array };
  });
}

function expectClose(a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
}

describe('losses', () => {
  it('1-vs-all cross-entropy = softmax cross-entropy', () => {
    const grad = new Float32Array(scores.length);
    const loss = crossEntropyLoss(scores, scores.length, 2, grad);
    const ref = autodiff((s) => tf.losses.softmaxCrossEntropy(tf.oneHot([2], scores.length).reshape([1, -1]), s.reshape([1, -1])) as tf.Scalar, scores);
    expect(loss).toBeCloseTo(ref.value, 5);
    expectClose(grad, ref.grad);
  });

  it('margin ranking', () => {
    const grad = new Float32Array(scores.length);
    const loss = negativeSamplingLoss('margin-ranking', scores, k, { margin: 1, adversarialTemperature: 1 }, grad);
    const ref = autodiff((s) => tf.relu(tf.scalar(1).sub(s.slice(0, 1)).add(s.slice(1))).mean() as tf.Scalar, scores);
    expect(loss).toBeCloseTo(ref.value, 5);
    expectClose(grad, ref.grad);
  });

  it('softplus', () => {
    const grad = new Float32Array(scores.length);
    const loss = negativeSamplingLoss('softplus', scores, k, { margin: 1, adversarialTemperature: 1 }, grad);
    const ref = autodiff((s) => tf.softplus(s.slice(0, 1).neg()).sum().add(tf.softplus(s.slice(1)).mean()) as tf.Scalar, scores);
    expect(loss).toBeCloseTo(ref.value, 5);
    expectClose(grad, ref.grad);
  });

  it('self-adversarial (weights held constant)', () => {
    const grad = new Float32Array(scores.length);
    const s = { margin: 2, adversarialTemperature: 0.5 };
    const loss = negativeSamplingLoss('self-adversarial', scores, k, s, grad);
    const e = Array.from(scores.slice(1), (v) => Math.exp(s.adversarialTemperature * v));
    const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
    const ref = autodiff((x) => {
      // log sigma(x) = -softplus(-x) (tf.logSigmoid's gradient fails inside valueAndGrad on tfjs 4.22)
      const pos = tf.softplus(x.slice(0, 1).add(s.margin).neg()).sum();
      const neg = tf.softplus(x.slice(1).add(s.margin)).mul(tf.tensor1d(p)).sum();
      return pos.add(neg).div(2) as tf.Scalar;
    }, scores);
    expect(loss).toBeCloseTo(ref.value, 5);
    expectClose(grad, ref.grad);
  });
});

describe('N3', () => {
  const x = Float32Array.from([0.5, -1.5, 0.25, 2, -0.75, 1]);
  it('complex rows use the modulus of each coordinate', () => {
    const grad = new Float32Array(6);
    const v = n3Row(x, 0, 6, true, 0.1, 1, grad, 0);
    const ref = autodiff((t) => t.slice(0, 3).square().add(t.slice(3, 3).square()).pow(1.5).sum().mul(0.1) as tf.Scalar, x);
    expect(v).toBeCloseTo(ref.value, 5);
    expectClose(grad, ref.grad);
  });
  it('real rows use |x|^3', () => {
    const grad = new Float32Array(6);
    const v = n3Row(x, 0, 6, false, 0.1, 1, grad, 0);
    const ref = autodiff((t) => t.abs().pow(3).sum().mul(0.1) as tf.Scalar, x);
    expect(v).toBeCloseTo(ref.value, 5);
    expectClose(grad, ref.grad);
  });
});
