/**
 * R-GCN entity classification (Schlichtkrull et al. 2018, §3, eq. 2–3): two R-GCN layers with basis decomposition,
 *   H = relu(layer₁(X)),   Z = layer₂(H),   output = log-softmax(Z) row-wise,
 * the first over the sparse node features X (the paper's featureless setting is X = I), the second into the classes.
 * Loss = masked NLL on the training nodes + (weightDecay / 2)·‖layer₁'s weight matrices‖² (the paper's L2 on the
 * first layer) + rejected classes as negatives; full-batch Adam, the paper's 50 epochs, hidden 16, lr 0.01.
 */
import type { CsrMatrix } from '../kernels/csr-matrix.js';
import { logSoftmaxRows, maskedNll, maskedNllGradLogits, rejectedClassLoss } from '../training/masked-nll-loss.js';
import type { RejectedClasses } from '../training/train-gcn.js';
import type { Mulberry32 } from '../../random/mulberry32.js';
import { RgcnLayer, type RelationalGraph } from '../kernels/rgcn-layer.js';

export interface RgcnNodeSettings {
  readonly hidden: number;
  /** Basis matrices shared by the relations; capped at the number of relation types. */
  readonly bases: number;
  /** L2 coefficient on the first layer's weight matrices. */
  readonly weightDecay: number;
  readonly learningRate: number;
  readonly epochs: number;
  /** 0: train all epochs, as the paper (else the GCN's validation-loss rule). */
  readonly earlyStoppingWindow: number;
}

/** Schlichtkrull et al. 2018, §4 (entity classification): 2 layers, 16 hidden units, 50 epochs, Adam lr 0.01, L2 5e-4. */
export const RGCN_NODE_DEFAULTS: RgcnNodeSettings = {
  hidden: 16,
  bases: 10,
  weightDecay: 5e-4,
  learningRate: 0.01,
  epochs: 50,
  earlyStoppingWindow: 0,
};

export class RgcnNodeModel {
  readonly layer1: RgcnLayer;
  readonly layer2: RgcnLayer;
  /** Log-probabilities of the last forward pass, numNodes × classes. */
  logp: Float32Array = new Float32Array(0);
  /** relu(layer₁(X)) of the last forward pass: the node embeddings. */
  hiddenLayer: Float32Array = new Float32Array(0);
  private preActivation: Float32Array = new Float32Array(0);

  constructor(
    readonly numFeatures: number,
    readonly hidden: number,
    readonly classes: number,
    readonly numRelations: number,
    bases: number,
    rng: Mulberry32,
  ) {
    const b = Math.max(1, Math.min(bases, numRelations));
    this.layer1 = new RgcnLayer(numFeatures, hidden, numRelations, b, rng);
    this.layer2 = new RgcnLayer(hidden, classes, numRelations, b, rng);
  }

  parameters(): Float32Array[] {
    return [...this.layer1.parameters(), ...this.layer2.parameters()];
  }

  gradients(): Float32Array[] {
    return [...this.layer1.gradients(), ...this.layer2.gradients()];
  }

  /** Layer 1's weight matrices (bases and self-loop): what the L2 penalty covers. */
  private decayed(): Array<[Float32Array, Float32Array]> {
    const l = this.layer1;
    return [...l.bases.map((v, b): [Float32Array, Float32Array] => [v, l.gradBases[b]]), [l.selfLoop, l.gradSelfLoop]];
  }

  forward(graph: RelationalGraph, features: CsrMatrix): Float32Array {
    const n = graph.numNodes;
    this.preActivation = this.layer1.forward(graph, features);
    this.hiddenLayer = this.preActivation.map((v) => (v > 0 ? v : 0));
    const z = this.layer2.forward(graph, this.hiddenLayer);
    this.logp = logSoftmaxRows(z, n, this.classes, new Float32Array(n * this.classes));
    return this.logp;
  }

  /** Loss of the last forward pass: NLL on `idx`, L2 on layer 1, and the rejected classes (scaled like one node each). */
  loss(labels: Int32Array, idx: Int32Array, weightDecay: number, rejected: RejectedClasses | null = null): number {
    let l2 = 0;
    for (const [w] of this.decayed()) for (let i = 0; i < w.length; i++) l2 += w[i] * w[i];
    const negatives = rejected?.nodes.length ? rejectedClassLoss(this.logp, this.classes, rejected.nodes, rejected.classes, 1 / idx.length, null) : 0;
    return maskedNll(this.logp, this.classes, labels, idx) + 0.5 * weightDecay * l2 + negatives;
  }

  /** Gradients of loss() for the last forward pass, written into the layers' gradient buffers. */
  backward(labels: Int32Array, idx: Int32Array, weightDecay: number, rejected: RejectedClasses | null = null): void {
    const n = this.hiddenLayer.length / this.hidden;
    const gz = maskedNllGradLogits(this.logp, n, this.classes, labels, idx, new Float32Array(n * this.classes));
    if (rejected?.nodes.length) rejectedClassLoss(this.logp, this.classes, rejected.nodes, rejected.classes, 1 / idx.length, gz);
    const gh = this.layer2.backward(gz)!;
    for (let i = 0; i < gh.length; i++) if (this.preActivation[i] <= 0) gh[i] = 0;
    this.layer1.backward(gh);
    for (const [w, g] of this.decayed()) for (let i = 0; i < w.length; i++) g[i] += weightDecay * w[i];
  }
}
