/**
 * Batched dense kernels for dot-product models (DistMult, ComplEx) on onnxruntime's CPU matmul:
 * 1-vs-all cross-entropy with its gradients, and scoring queries against every entity. These are the
 * hot loops of 1-vs-all training and of evaluation (B x N x width multiply-adds each); the model-specific
 * parts (building query rows, their backward pass, regularisers, optimiser) stay in typed-array code.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeOnnxModel, type OnnxGraph } from './onnx-graph.js';
import { loadOnnxRuntime, type OrtModule } from './onnx-runtime.js';

/**
 * With S = Q E^T (B x N), P = softmax(S), G = scale (P - onehot(y)):
 * loss = -sum_b log P[b, y_b] (unscaled), dQ = G E, dE = G^T Q.
 */
function crossEntropyGraph(width: number): OnnxGraph {
  return {
    name: 'one_vs_all_cross_entropy',
    inputs: [
      { name: 'Q', type: 'float', shape: ['B', width] },
      { name: 'E', type: 'float', shape: ['N', width] },
      { name: 'Y', type: 'int64', shape: ['B', 1] },
      { name: 'one', type: 'float', shape: [1] },
      { name: 'scale', type: 'float', shape: [1] },
    ],
    outputs: [
      { name: 'loss', type: 'float', shape: [] },
      { name: 'dQ', type: 'float', shape: ['B', width] },
      { name: 'dE', type: 'float', shape: ['N', width] },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['Q', 'E'], outputs: ['S'], attributes: { transB: 1 } },
      { op: 'LogSoftmax', inputs: ['S'], outputs: ['LS'], attributes: { axis: 1 } },
      { op: 'GatherElements', inputs: ['LS', 'Y'], outputs: ['LY'], attributes: { axis: 1 } },
      { op: 'ReduceSum', inputs: ['LY'], outputs: ['negLoss'], attributes: { keepdims: 0 } },
      { op: 'Neg', inputs: ['negLoss'], outputs: ['loss'] },
      { op: 'Exp', inputs: ['LS'], outputs: ['P'] },
      { op: 'GatherElements', inputs: ['P', 'Y'], outputs: ['PY'], attributes: { axis: 1 } },
      { op: 'Sub', inputs: ['PY', 'one'], outputs: ['PYminus1'] },
      { op: 'ScatterElements', inputs: ['P', 'Y', 'PYminus1'], outputs: ['G0'], attributes: { axis: 1 } },
      { op: 'Mul', inputs: ['G0', 'scale'], outputs: ['G'] },
      { op: 'MatMul', inputs: ['G', 'E'], outputs: ['dQ'] },
      { op: 'Gemm', inputs: ['G', 'Q'], outputs: ['dE'], attributes: { transA: 1 } },
    ],
  };
}

function scoreGraph(width: number): OnnxGraph {
  return {
    name: 'score_all',
    inputs: [{ name: 'Q', type: 'float', shape: ['B', width] }, { name: 'E', type: 'float', shape: ['N', width] }],
    outputs: [{ name: 'S', type: 'float', shape: ['B', 'N'] }],
    nodes: [{ op: 'Gemm', inputs: ['Q', 'E'], outputs: ['S'], attributes: { transB: 1 } }],
  };
}

export class DenseDotKernels {
  private readonly one: Tensor;
  private constructor(
    private readonly ort: OrtModule,
    private readonly ce: InferenceSession,
    private readonly score: InferenceSession,
    readonly width: number,
    readonly detail: string,
  ) {
    this.one = new ort.Tensor('float32', new Float32Array([1]), [1]);
  }

  /** Kernels for rows of `width` floats on `threads` threads, or null (with the reason) when onnxruntime is unavailable. */
  static async create(width: number, threads: number): Promise<{ kernels: DenseDotKernels | null; detail: string }> {
    const { ort, detail } = await loadOnnxRuntime();
    if (!ort) return { kernels: null, detail };
    try {
      const options: InferenceSession.SessionOptions = { intraOpNumThreads: Math.max(1, threads), interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' };
      const ce = await ort.InferenceSession.create(encodeOnnxModel(crossEntropyGraph(width)), options);
      const score = await ort.InferenceSession.create(encodeOnnxModel(scoreGraph(width)), options);
      return { kernels: new DenseDotKernels(ort, ce, score, width, detail), detail };
    } catch (err) {
      return { kernels: null, detail: `onnxruntime session failed: ${String((err as Error)?.message ?? err).split('\n')[0]}` };
    }
  }

  private f32(data: Float32Array, dims: number[]): Tensor {
    return new this.ort.Tensor('float32', data, dims);
  }

  /**
   * 1-vs-all cross-entropy of `rows` query rows Q (rows x width) with answers `targets` against the entity
   * rows E (count x width). Writes dQ (scaled) into gQ and OVERWRITES gE with dE (scaled); returns the
   * unscaled loss sum.
   */
  async crossEntropy(Q: Float32Array, rows: number, targets: BigInt64Array, scale: number, E: Float32Array, count: number, gQ: Float32Array, gE: Float32Array): Promise<number> {
    const w = this.width;
    const out = await this.ce.run(
      {
        Q: this.f32(Q.subarray(0, rows * w), [rows, w]),
        E: this.f32(E.subarray(0, count * w), [count, w]),
        Y: new this.ort.Tensor('int64', targets.subarray(0, rows), [rows, 1]),
        one: this.one,
        scale: this.f32(new Float32Array([scale]), [1]),
      },
      { loss: this.f32(new Float32Array(1), []), dQ: this.f32(gQ.subarray(0, rows * w), [rows, w]), dE: this.f32(gE.subarray(0, count * w), [count, w]) },
    );
    return (out.loss.data as Float32Array)[0];
  }

  /** S (rows x count, row-major) = Q E^T. */
  async scores(Q: Float32Array, rows: number, E: Float32Array, count: number, S: Float32Array): Promise<void> {
    const w = this.width;
    await this.score.run({ Q: this.f32(Q.subarray(0, rows * w), [rows, w]), E: this.f32(E.subarray(0, count * w), [count, w]) }, { S: this.f32(S.subarray(0, rows * count), [rows, count]) });
  }

  async release(): Promise<void> {
    await Promise.all([this.ce.release(), this.score.release()]);
  }
}
