/**
 * R-GCN layer (Schlichtkrull et al. 2018, eq. 2) with basis decomposition (eq. 3):
 *   out_i = H_i·W0 + Σ_r Σ_{j ∈ N_i^r} (1 / c_{i,r}) · H_j·W_r,   W_r = Σ_b a_{r,b} V_b,
 * computed as the B products H·V_b, then one pass over the edges. c_{i,r} = |N_i^r|; every KG relation r
 * also appears reversed as r + R, so messages flow both ways along a triple.
 */
import { csrTimesDense, csrTransposeTimesDense, type CsrMatrix } from './csr-matrix.js';
import { matMul, matMulTransA, matMulTransB } from './dense-matrix.js';
import { glorotUniform } from './glorot-init.js';
import type { Mulberry32 } from '../../random/mulberry32.js';

/** Typed message edges src → dst under relation rel, each with its normaliser 1 / c_{dst,rel}. */
export interface RelationalGraph {
  readonly numNodes: number;
  /** Relation types including the reversed ones (2 × the KG's relations). */
  readonly numRelations: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly rel: Int32Array;
  readonly norm: Float32Array;
}

/**
 * The message graph of triples (h, r, t): t receives from h under r, h receives from t under r + numKgRelations.
 * `keep`, when given, selects the triples used (edge dropout during training).
 */
export function relationalGraph(
  numNodes: number,
  numKgRelations: number,
  heads: Int32Array,
  relations: Int32Array,
  tails: Int32Array,
  keep: Uint8Array | null = null,
): RelationalGraph {
  let m = 0;
  for (let e = 0; e < heads.length; e++) if (!keep || keep[e]) m++;
  const src = new Int32Array(2 * m);
  const dst = new Int32Array(2 * m);
  const rel = new Int32Array(2 * m);
  const numRelations = 2 * numKgRelations;
  const counts = new Map<number, number>();
  let w = 0;
  const add = (s: number, d: number, r: number) => {
    src[w] = s;
    dst[w] = d;
    rel[w++] = r;
    const key = d * numRelations + r;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (let e = 0; e < heads.length; e++) {
    if (keep && !keep[e]) continue;
    add(heads[e], tails[e], relations[e]);
    add(tails[e], heads[e], relations[e] + numKgRelations);
  }
  const norm = new Float32Array(2 * m);
  for (let e = 0; e < norm.length; e++) norm[e] = 1 / counts.get(dst[e] * numRelations + rel[e])!;
  return { numNodes, numRelations, src, dst, rel, norm };
}

/** A layer's input: dense rows (numNodes × inDim), or sparse node features (a first layer over X). */
export type RgcnInput = Float32Array | CsrMatrix;

const isSparse = (h: RgcnInput): h is CsrMatrix => !(h instanceof Float32Array);

/** out (n × outDim) = H · W for dense or sparse H. */
function inputTimes(h: RgcnInput, w: Float32Array, n: number, inDim: number, outDim: number): Float32Array {
  const out = new Float32Array(n * outDim);
  return isSparse(h) ? csrTimesDense(h, w, outDim, out) : matMul(h, w, n, inDim, outDim, out);
}

/** out (inDim × outDim) = Hᵀ · G: the weight gradient of inputTimes. */
function inputTransposeTimes(h: RgcnInput, g: Float32Array, n: number, inDim: number, outDim: number, out: Float32Array): Float32Array {
  return isSparse(h) ? csrTransposeTimesDense(h, g, outDim, out) : matMulTransA(h, g, n, inDim, outDim, out);
}

export class RgcnLayer {
  /** V_b, numBases × (inDim × outDim). */
  readonly bases: Float32Array[];
  /** a_{r,b}, numRelations × numBases. */
  readonly coefficients: Float32Array;
  readonly selfLoop: Float32Array;
  readonly gradBases: Float32Array[];
  readonly gradCoefficients: Float32Array;
  readonly gradSelfLoop: Float32Array;

  private input: RgcnInput | null = null;
  private projected: Float32Array[] = [];
  private graph: RelationalGraph | null = null;

  constructor(
    readonly inDim: number,
    readonly outDim: number,
    readonly numRelations: number,
    readonly numBases: number,
    rng: Mulberry32,
  ) {
    this.bases = Array.from({ length: numBases }, () => glorotUniform(inDim, outDim, rng));
    this.coefficients = glorotUniform(numRelations, numBases, rng);
    this.selfLoop = glorotUniform(inDim, outDim, rng);
    this.gradBases = this.bases.map((b) => new Float32Array(b.length));
    this.gradCoefficients = new Float32Array(this.coefficients.length);
    this.gradSelfLoop = new Float32Array(this.selfLoop.length);
  }

  parameters(): Float32Array[] {
    return [...this.bases, this.coefficients, this.selfLoop];
  }

  gradients(): Float32Array[] {
    return [...this.gradBases, this.gradCoefficients, this.gradSelfLoop];
  }

  /** out (numNodes × outDim) for input H (numNodes × inDim, dense or sparse); keeps what backward needs. */
  forward(graph: RelationalGraph, h: RgcnInput): Float32Array {
    const n = graph.numNodes;
    const { inDim, outDim, numBases } = this;
    if (graph.numRelations !== this.numRelations) throw new Error('R-GCN layer and graph disagree on relation count');
    if (isSparse(h) && (h.rows !== n || h.cols !== inDim)) throw new Error(`sparse input is ${h.rows} × ${h.cols}, expected ${n} × ${inDim}`);
    this.graph = graph;
    this.input = h;
    this.projected = this.bases.map((v) => inputTimes(h, v, n, inDim, outDim));
    const out = inputTimes(h, this.selfLoop, n, inDim, outDim);
    const { src, dst, rel, norm } = graph;
    for (let e = 0; e < src.length; e++) {
      const oo = dst[e] * outDim;
      const so = src[e] * outDim;
      for (let b = 0; b < numBases; b++) {
        const c = norm[e] * this.coefficients[rel[e] * numBases + b];
        const p = this.projected[b];
        for (let k = 0; k < outDim; k++) out[oo + k] += c * p[so + k];
      }
    }
    return out;
  }

  /** Fills the parameter gradients from gOut = ∂L/∂out and returns ∂L/∂H (null for a sparse input: features are constants). */
  backward(gOut: Float32Array): Float32Array | null {
    const graph = this.graph;
    const h = this.input;
    if (!graph || !h) throw new Error('R-GCN backward before forward');
    const n = graph.numNodes;
    const { inDim, outDim, numBases } = this;
    inputTransposeTimes(h, gOut, n, inDim, outDim, this.gradSelfLoop);
    const gIn = isSparse(h) ? null : matMulTransB(gOut, this.selfLoop, n, outDim, inDim, new Float32Array(n * inDim));
    const gProjected = this.bases.map(() => new Float32Array(n * outDim));
    this.gradCoefficients.fill(0);
    const { src, dst, rel, norm } = graph;
    for (let e = 0; e < src.length; e++) {
      const go = dst[e] * outDim;
      const so = src[e] * outDim;
      for (let b = 0; b < numBases; b++) {
        const ai = rel[e] * numBases + b;
        const c = norm[e] * this.coefficients[ai];
        const p = this.projected[b];
        const gp = gProjected[b];
        let dot = 0;
        for (let k = 0; k < outDim; k++) {
          const g = gOut[go + k];
          dot += g * p[so + k];
          gp[so + k] += c * g;
        }
        this.gradCoefficients[ai] += norm[e] * dot;
      }
    }
    const scratch = gIn && new Float32Array(n * inDim);
    for (let b = 0; b < numBases; b++) {
      inputTransposeTimes(h, gProjected[b], n, inDim, outDim, this.gradBases[b]);
      if (!gIn || !scratch) continue;
      matMulTransB(gProjected[b], this.bases[b], n, outDim, inDim, scratch);
      for (let i = 0; i < gIn.length; i++) gIn[i] += scratch[i];
    }
    return gIn;
  }
}
