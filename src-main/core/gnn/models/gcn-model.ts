/**
 * Two-layer GCN (Kipf & Welling 2017, eq. 9) with hand-derived gradients:
 *   Z = Â · (drop(relu(Â · drop(X) · W1))) · W2,   output = log-softmax(Z) row-wise.
 * Loss = masked NLL + (weightDecay / 2)·‖W1‖² (decay on the first layer only, as tf.nn.l2_loss in the paper's code).
 * No biases: the reference GraphConvolution layer has bias=False by default.
 */
import { csrTimesDense, csrTranspose, type CsrMatrix } from '../kernels/csr-matrix.js';
import { matMul, matMulTransA, matMulTransB } from '../kernels/dense-matrix.js';
import { glorotUniform } from '../kernels/glorot-init.js';
import { logSoftmaxRows, maskedNll, maskedNllGradLogits } from '../training/masked-nll-loss.js';
import type { Mulberry32 } from '../../random/mulberry32.js';

export interface GcnGraph {
  /** Â, numNodes × numNodes. */
  readonly adjacency: CsrMatrix;
  /** X, numNodes × numFeatures (sparse, typically row-normalised). */
  readonly features: CsrMatrix;
  /** Âᵀ and Xᵀ for the backward pass; Xᵀ.values[q] = X.values[featuresTSource[q]]. */
  readonly adjacencyT: CsrMatrix;
  readonly featuresT: CsrMatrix;
  readonly featuresTSource: Int32Array;
}

export function gcnGraph(adjacency: CsrMatrix, features: CsrMatrix): GcnGraph {
  if (adjacency.rows !== adjacency.cols) throw new Error('adjacency is not square');
  if (features.rows !== adjacency.rows) throw new Error(`features have ${features.rows} rows for ${adjacency.rows} nodes`);
  const ft = csrTranspose(features);
  return {
    adjacency,
    features,
    adjacencyT: csrTranspose(adjacency).transposed,
    featuresT: ft.transposed,
    featuresTSource: ft.source,
  };
}

/** Dropout as multiplicative factors: 0 for a dropped entry, 1/(1−p) for a kept one; null = no dropout. */
export interface DropoutMasks {
  /** One factor per non-zero of X (sparse dropout on the inputs). */
  readonly features: Float32Array | null;
  /** One factor per entry of the hidden layer (numNodes × hidden). */
  readonly hidden: Float32Array | null;
}

export const NO_DROPOUT: DropoutMasks = { features: null, hidden: null };

/** Rows the hidden layer (S1) and the first product (S2) need for a set of output rows. */
interface ReceptiveField {
  readonly s1: Int32Array;
  readonly s2: Int32Array;
}

export interface GcnGradients {
  readonly w1: Float32Array;
  readonly w2: Float32Array;
}

/** Fills `out` with inverted-dropout factors at rate p. */
export function dropoutMask(out: Float32Array, rate: number, rng: Mulberry32): Float32Array {
  const keep = 1 - rate;
  const scale = 1 / keep;
  return rng.fillBernoulli(out, keep, scale);
}

export class GcnModel {
  readonly numNodes: number;
  readonly numFeatures: number;
  readonly w1: Float32Array;
  readonly w2: Float32Array;
  readonly grads: GcnGradients;
  /** Log-probabilities of the last forward pass, numNodes × classes. */
  readonly logp: Float32Array;

  private readonly droppedFeatureValues: Float32Array;
  private readonly droppedFeatureValuesT: Float32Array;
  private readonly xw: Float32Array;
  private readonly h1pre: Float32Array;
  private readonly h1: Float32Array;
  private readonly hw: Float32Array;
  private readonly z: Float32Array;
  private readonly gz: Float32Array;
  private readonly ghw: Float32Array;
  private readonly gh1: Float32Array;
  private readonly gxw: Float32Array;
  private lastMasks: DropoutMasks = NO_DROPOUT;
  private lastField: ReceptiveField | null = null;
  private readonly receptiveFields = new WeakMap<Int32Array, ReceptiveField>();

  constructor(
    readonly graph: GcnGraph,
    readonly hidden: number,
    readonly classes: number,
    init: { w1: Float32Array; w2: Float32Array },
  ) {
    const n = graph.adjacency.rows;
    if (graph.features.rows !== n) throw new Error(`features have ${graph.features.rows} rows for ${n} nodes`);
    this.numNodes = n;
    this.numFeatures = graph.features.cols;
    if (init.w1.length !== this.numFeatures * hidden || init.w2.length !== hidden * classes) throw new Error('GCN weight shapes do not match');
    this.w1 = init.w1;
    this.w2 = init.w2;
    this.grads = { w1: new Float32Array(this.w1.length), w2: new Float32Array(this.w2.length) };
    this.droppedFeatureValues = new Float32Array(graph.features.values.length);
    this.droppedFeatureValuesT = new Float32Array(graph.features.values.length);
    this.xw = new Float32Array(n * hidden);
    this.h1pre = new Float32Array(n * hidden);
    this.h1 = new Float32Array(n * hidden);
    this.hw = new Float32Array(n * classes);
    this.z = new Float32Array(n * classes);
    this.logp = new Float32Array(n * classes);
    this.gz = new Float32Array(n * classes);
    this.ghw = new Float32Array(n * classes);
    this.gh1 = new Float32Array(n * hidden);
    this.gxw = new Float32Array(n * hidden);
  }

  /** relu(Â·X·W1) of the last forward pass (after hidden dropout, if any): the node embeddings the classes are read from. */
  get hiddenLayer(): Float32Array {
    return this.h1;
  }

  static initialised(graph: GcnGraph, hidden: number, classes: number, rng: Mulberry32): GcnModel {
    const w1 = glorotUniform(graph.features.cols, hidden, rng);
    const w2 = glorotUniform(hidden, classes, rng);
    return new GcnModel(graph, hidden, classes, { w1, w2 });
  }

  /**
   * The rows each stage must compute for the output rows R0 (Â's sparsity, not its symmetry, decides):
   * Z[R0] reads H·W2 at S1 = columns of Â[R0, :]; H at S1 reads X·W1 at S2 = columns of Â[S1, :].
   * On Cora's 140 training nodes S1 is 24% and S2 61% of the graph.
   */
  private receptiveField(outputRows: Int32Array): ReceptiveField {
    let rf = this.receptiveFields.get(outputRows);
    if (!rf) {
      const { rowPtr, colIdx } = this.graph.adjacency;
      const columnsOf = (rows: Int32Array) => {
        const seen = new Uint8Array(this.numNodes);
        for (const i of rows) for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) seen[colIdx[p]] = 1;
        return Int32Array.from(seen.keys()).filter((i) => seen[i] === 1);
      };
      const s1 = columnsOf(outputRows);
      rf = { s1, s2: columnsOf(s1) };
      this.receptiveFields.set(outputRows, rf);
    }
    return rf;
  }

  /**
   * Runs the forward pass and returns the log-probabilities (a view kept by the model).
   * With `outputRows`, only those output rows and the rows they depend on are computed (the loss needs no
   * more); every other row is stale.
   */
  forward(masks: DropoutMasks = NO_DROPOUT, outputRows: Int32Array | null = null): Float32Array {
    const { adjacency, features } = this.graph;
    const n = this.numNodes;
    const h = this.hidden;
    const c = this.classes;
    const rf = outputRows ? this.receptiveField(outputRows) : null;
    this.lastMasks = masks;
    this.lastField = rf;
    let xValues = features.values;
    if (masks.features) {
      const d = this.droppedFeatureValues;
      for (let p = 0; p < d.length; p++) d[p] = xValues[p] * masks.features[p];
      xValues = d;
    }
    csrTimesDense(features, this.w1, h, this.xw, xValues, rf && rf.s2);
    csrTimesDense(adjacency, this.xw, h, this.h1pre, adjacency.values, rf && rf.s1);
    const h1 = this.h1;
    const hm = masks.hidden;
    const rows = rf ? rf.s1.length : n;
    for (let r = 0; r < rows; r++) {
      const o = (rf ? rf.s1[r] : r) * h;
      for (let i = o; i < o + h; i++) {
        const v = this.h1pre[i] > 0 ? this.h1pre[i] : 0;
        h1[i] = hm ? v * hm[i] : v;
      }
    }
    matMul(h1, this.w2, n, h, c, this.hw, rf && rf.s1);
    csrTimesDense(adjacency, this.hw, c, this.z, adjacency.values, outputRows);
    return logSoftmaxRows(this.z, n, c, this.logp, outputRows);
  }

  /** Loss of the last forward pass on the nodes `idx`, with the L2 term on W1. */
  loss(labels: Int32Array, idx: Int32Array, weightDecay: number): number {
    let l2 = 0;
    for (let i = 0; i < this.w1.length; i++) l2 += this.w1[i] * this.w1[i];
    return maskedNll(this.logp, this.classes, labels, idx) + 0.5 * weightDecay * l2;
  }

  /**
   * Gradients of loss() for the last forward pass, written into this.grads. `idx` must lie within that pass's
   * output rows; only the rows they depend on carry gradient. `addLogitGradient` adds further loss terms' ∂L/∂Z
   * (on output rows only) before back-propagation.
   */
  backward(
    labels: Int32Array,
    idx: Int32Array,
    weightDecay: number,
    addLogitGradient?: (logp: Float32Array, gz: Float32Array) => void,
  ): GcnGradients {
    const { adjacencyT, featuresT, featuresTSource } = this.graph;
    const n = this.numNodes;
    const h = this.hidden;
    const c = this.classes;
    const masks = this.lastMasks;
    const rf = this.lastField;
    const s1 = rf && rf.s1;
    maskedNllGradLogits(this.logp, n, c, labels, idx, this.gz);
    addLogitGradient?.(this.logp, this.gz);
    csrTimesDense(adjacencyT, this.gz, c, this.ghw, adjacencyT.values, s1);
    matMulTransA(this.h1, this.ghw, n, h, c, this.grads.w2, s1);
    const gh1 = this.gh1;
    if (s1) gh1.fill(0); // rows outside S1 get no gradient, and Âᵀ below reads them
    matMulTransB(this.ghw, this.w2, n, c, h, gh1, s1);
    const hm = masks.hidden;
    const rows = s1 ? s1.length : n;
    for (let r = 0; r < rows; r++) {
      const o = (s1 ? s1[r] : r) * h;
      for (let i = o; i < o + h; i++) {
        if (this.h1pre[i] <= 0) gh1[i] = 0;
        else if (hm) gh1[i] *= hm[i];
      }
    }
    if (rf) this.gxw.fill(0); // Xᵀ below reads every row
    csrTimesDense(adjacencyT, gh1, h, this.gxw, adjacencyT.values, rf && rf.s2);
    let xtValues = featuresT.values;
    if (masks.features) {
      const d = this.droppedFeatureValuesT;
      for (let q = 0; q < d.length; q++) d[q] = this.droppedFeatureValues[featuresTSource[q]];
      xtValues = d;
    }
    csrTimesDense(featuresT, this.gxw, h, this.grads.w1, xtValues);
    const gw1 = this.grads.w1;
    for (let i = 0; i < gw1.length; i++) gw1[i] += weightDecay * this.w1[i];
    return this.grads;
  }
}
