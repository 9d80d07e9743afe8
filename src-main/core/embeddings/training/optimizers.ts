/**
 * Row-sparse optimisers: only rows touched by the batch are read and written (lazy Adam as in
 * TF LazyAdam / torch SparseAdam: moments of untouched rows are left as they are; bias correction
 * uses the global step). With 1-vs-all training every entity row is touched, which makes it dense Adam.
 */
import type { OptimizerName } from '../../../contract/embeddings-types.js';

export type { OptimizerName };

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['adam', 'adagrad'];

export interface RowOptimizer {
  /** Update `rows` (row indices, first `count`) of `param` from `grad`, then zero those grad rows. */
  step(param: Float32Array, grad: Float32Array, width: number, rows: Int32Array, count: number): void;
}

export function createOptimizer(name: OptimizerName, size: number, learningRate: number): RowOptimizer {
  return name === 'adam' ? new LazyAdam(size, learningRate) : new RowAdagrad(size, learningRate);
}

class LazyAdam implements RowOptimizer {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  constructor(size: number, private readonly lr: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly eps = 1e-8) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }
  step(param: Float32Array, grad: Float32Array, width: number, rows: Int32Array, count: number): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2, eps } = this;
    const c1 = 1 - Math.pow(b1, this.t);
    const c2 = 1 - Math.pow(b2, this.t);
    const stepSize = this.lr / c1;
    const sc2 = Math.sqrt(c2);
    for (let j = 0; j < count; j++) {
      const o = rows[j] * width;
      for (let i = o; i < o + width; i++) {
        const g = grad[i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        param[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sc2 + eps);
        grad[i] = 0;
      }
    }
  }
}

class RowAdagrad implements RowOptimizer {
  private readonly sum: Float32Array;
  constructor(size: number, private readonly lr: number, private readonly eps = 1e-10) {
    this.sum = new Float32Array(size);
  }
  step(param: Float32Array, grad: Float32Array, width: number, rows: Int32Array, count: number): void {
    const { sum, lr, eps } = this;
    for (let j = 0; j < count; j++) {
      const o = rows[j] * width;
      for (let i = o; i < o + width; i++) {
        const g = grad[i];
        sum[i] += g * g;
        param[i] -= (lr * g) / (Math.sqrt(sum[i]) + eps);
        grad[i] = 0;
      }
    }
  }
}
