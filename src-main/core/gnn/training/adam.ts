/** Adam (Kingma & Ba 2015) with bias correction, as TensorFlow's AdamOptimizer the GCN paper's code used. */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const ADAM_DEFAULTS: AdamSettings = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private step = 0;

  constructor(
    private readonly params: Float32Array[],
    private readonly settings: AdamSettings = ADAM_DEFAULTS,
  ) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /** Applies one update; grads[i] matches params[i]. */
  update(grads: Float32Array[]): void {
    const { learningRate, beta1, beta2, epsilon } = this.settings;
    this.step++;
    const lrT = (learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k];
      const g = grads[k];
      const m = this.m[k];
      const v = this.v[k];
      for (let i = 0; i < p.length; i++) {
        const gi = g[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        p[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + epsilon);
      }
    }
  }
}
