import * as tf from '@tensorflow/tfjs';
import type { ModelName } from '../src-main/core/embeddings/models/interaction.js';

/** Reference scores written with TensorFlow.js ops, for checking hand-derived gradients in tests. */
export function tfScore(model: ModelName, h: tf.Tensor1D, r: tf.Tensor1D, t: tf.Tensor1D): tf.Scalar {
  const k = h.shape[0] / 2;
  const re = (x: tf.Tensor1D) => x.slice(0, k);
  const im = (x: tf.Tensor1D) => x.slice(k, k);
  switch (model) {
    case 'transe':
      return h.add(r).sub(t).abs().sum().neg() as tf.Scalar;
    case 'distmult':
      return h.mul(r).mul(t).sum();
    case 'complex': {
      const [a, b, c, s, tr, ti] = [re(h), im(h), re(r), im(r), re(t), im(t)];
      // Re(<h, r, conj t>)
      return a.mul(c).mul(tr).add(a.mul(s).mul(ti)).add(b.mul(c).mul(ti)).sub(b.mul(s).mul(tr)).sum();
    }
    case 'rotate': {
      const [a, b, tr, ti] = [re(h), im(h), re(t), im(t)];
      const c = r.cos(), s = r.sin();
      const dr = a.mul(c).sub(b.mul(s)).sub(tr);
      const di = a.mul(s).add(b.mul(c)).sub(ti);
      return dr.square().add(di.square()).add(1e-9).sqrt().sum().neg() as tf.Scalar;
    }
  }
}

