import type * as TF from '@tensorflow/tfjs';
import { resolveModel, type ModelName } from '../../models/model-resolver.js';
import type { Comparator } from '../../models/interaction.js';
import type { BatchSettings } from '../batch-gradient.js';
import type { LossName } from '../losses.js';

/**
 * The interaction functions of models/ (and the losses of losses.ts, N3 of regularizers.ts) as
 * batched TensorFlow.js ops, on whatever `tf` object is given: '@tensorflow/tfjs-node-gpu' in the
 * app, '@tensorflow/tfjs' (CPU backend) in tests. Only types are imported here, so nothing loads
 * TensorFlow.js unless a caller passes it in. Row layouts are those of models/embedding-params.ts (complex rows
 * [re | im]; RotatE relation rows are phases). Autodiff gives the gradients; tests check them against
 * the hand-derived ones of training/batch-gradient.ts.
 */
export type Tf = typeof TF;
type Tensor = TF.Tensor;

/** Same epsilon as models/interaction.ts. */
const EPS = 1e-9;

const halves = (tf: Tf, x: Tensor): [Tensor, Tensor] => tf.split(x, 2, -1) as [Tensor, Tensor];

/** Tail queries q = tailQuery(h, r) for rows h [B, ew] and r [B, rw] (models/*.ts tailQuery, batched). */
function tailQueries(tf: Tf, model: ModelName, h: Tensor, r: Tensor): Tensor {
  switch (model) {
    case 'transe':
      return h.add(r);
    case 'distmult':
      return h.mul(r);
    case 'complex': {
      const [a, b] = halves(tf, h), [c, s] = halves(tf, r);
      return tf.concat([a.mul(c).sub(b.mul(s)), a.mul(s).add(b.mul(c))], -1);
    }
    case 'rotate': {
      const [a, b] = halves(tf, h), c = r.cos(), s = r.sin();
      return tf.concat([a.mul(c).sub(b.mul(s)), a.mul(s).add(b.mul(c))], -1);
    }
  }
}

/** Head queries q = headQuery(r, t) so that score(h, r, t) = compare(q, h). */
function headQueries(tf: Tf, model: ModelName, r: Tensor, t: Tensor): Tensor {
  switch (model) {
    case 'transe':
      return t.sub(r);
    case 'distmult':
      return r.mul(t);
    case 'complex': {
      const [c, s] = halves(tf, r), [tr, ti] = halves(tf, t);
      return tf.concat([c.mul(tr).add(s.mul(ti)), c.mul(ti).sub(s.mul(tr))], -1);
    }
    case 'rotate': {
      const [tr, ti] = halves(tf, t), c = r.cos(), s = r.sin();
      return tf.concat([tr.mul(c).add(ti.mul(s)), ti.mul(c).sub(tr.mul(s))], -1);
    }
  }
}

/** compare(q, c) over the last axis, broadcasting q against c (e.g. [B, 1, W] vs [B, K, W] -> [B, K]). */
function compareRows(tf: Tf, cmp: Comparator, q: Tensor, c: Tensor): Tensor {
  switch (cmp) {
    case 'dot':
      return q.mul(c).sum(-1);
    case 'negL1':
      return q.sub(c).abs().sum(-1).neg();
    case 'negL2':
      return q.sub(c).square().sum(-1).add(EPS).sqrt().neg();
    case 'negComplexModulusL1': {
      const [dr, di] = halves(tf, q.sub(c));
      return dr.square().add(di.square()).add(EPS).sqrt().sum(-1).neg();
    }
  }
}

/** Scores of queries Q [B, W] against every entity row E [N, W] -> [B, N]; dot models as one matmul. */
function scoreAllRows(tf: Tf, cmp: Comparator, q: Tensor, e: Tensor): Tensor {
  if (cmp === 'dot') return tf.matMul(q as TF.Tensor2D, e as TF.Tensor2D, false, true);
  return compareRows(tf, cmp, q.expandDims(1), e.expandDims(0));
}

/** Per-query losses: scores [B, 1 + K], column 0 the positive (losses.ts negativeSamplingLoss). */
function negativeSamplingLosses(tf: Tf, name: Exclude<LossName, 'cross-entropy'>, scores: Tensor, s: Pick<BatchSettings, 'margin' | 'adversarialTemperature'>): Tensor {
  const k = scores.shape[1]! - 1;
  const pos = scores.slice([0, 0], [-1, 1]);
  const neg = scores.slice([0, 1], [-1, k]);
  if (name === 'margin-ranking') return neg.sub(pos).add(s.margin).relu().mean(1);
  if (name === 'softplus') return tf.softplus(pos.neg()).squeeze([1]).add(tf.softplus(neg).mean(1));
  // self-adversarial: the softmax weights are held constant (no gradient flows through them)
  const p = stopGradient(tf, tf.softmax(neg.mul(s.adversarialTemperature), -1));
  const g = s.margin;
  return tf.softplus(pos.add(g).neg()).squeeze([1]).add(p.mul(tf.softplus(neg.add(g))).sum(1)).div(2);
}

/** Per-query 1-vs-all cross-entropy: logsumexp(scores) - scores[target]. */
function crossEntropyLosses(tf: Tf, scores: Tensor, targets: TF.Tensor1D): Tensor {
  const oneHot = tf.oneHot(targets, scores.shape[1]!, 1, 0, 'float32');
  return tf.logSumExp(scores, 1).sub(scores.mul(oneHot).sum(1));
}

/** N3 penalty sum over rows [B, W]: |x|^3, or |z|^3 of each complex coordinate for complex rows. */
function n3Penalty(tf: Tf, rows: Tensor, complexRows: boolean): TF.Scalar {
  if (complexRows) {
    const [re, im] = halves(tf, rows);
    return re.square().add(im.square()).pow(1.5).sum();
  }
  return rows.abs().pow(3).sum();
}

function stopGradient(tf: Tf, x: Tensor): Tensor {
  return tf.customGrad((...inputs) => ({ value: (inputs[0] as Tensor).clone(), gradFunc: (dy: Tensor) => tf.zerosLike(dy) }))(x);
}

/**
 * One (sub-)batch of queries, host side: tail queries first (anchor = head), then head queries
 * (anchor = tail, only without reciprocal relations). `candidates` holds, per query, the target
 * followed by its k negatives (negative-sampling losses only).
 */
export interface TfQueryBatch {
  anchors: Int32Array;
  relations: Int32Array;
  targets: Int32Array;
  tailCount: number;
  candidates: Int32Array | null;
  k: number;
}

/** Rejected triples (h, r, t) as tail-query rows, for the softplus(score) term of training/rejected-negatives.ts. */
export interface TfRejectedBatch {
  anchors: Int32Array;
  relations: Int32Array;
  targets: Int32Array;
}

/**
 * `scale * (sum of per-query losses + N3 on anchor, relation and target rows)` for a batch, plus
 * `scale * sum softplus(score)` over rejected triples: the quantity whose gradient
 * accumulateBatchGradient (+ RejectedNegativeSampler.accumulate) computes by hand.
 */
export function batchLoss(
  tf: Tf, model: ModelName, s: BatchSettings, E: Tensor, R: Tensor, batch: TfQueryBatch, scale: number, rejected: TfRejectedBatch | null = null,
): TF.Scalar {
  const m = resolveModel(model);
  const B = batch.anchors.length, T = batch.tailCount;
  const A = tf.gather(E, tf.tensor1d(batch.anchors, 'int32'));
  const Rr = tf.gather(R, tf.tensor1d(batch.relations, 'int32'));
  const parts: Tensor[] = [];
  if (T > 0) parts.push(tailQueries(tf, model, T === B ? A : A.slice([0, 0], [T, -1]), T === B ? Rr : Rr.slice([0, 0], [T, -1])));
  if (T < B) parts.push(headQueries(tf, model, T === 0 ? Rr : Rr.slice([T, 0], [-1, -1]), T === 0 ? A : A.slice([T, 0], [-1, -1])));
  const Q = parts.length === 1 ? parts[0] : tf.concat(parts, 0);
  let perQuery: Tensor;
  if (s.loss === 'cross-entropy') {
    perQuery = crossEntropyLosses(tf, scoreAllRows(tf, m.comparator, Q, E), tf.tensor1d(batch.targets, 'int32'));
  } else {
    const k = batch.k;
    const C = tf.gather(E, tf.tensor1d(batch.candidates!, 'int32')).reshape([B, k + 1, E.shape[1]!]);
    perQuery = negativeSamplingLosses(tf, s.loss, compareRows(tf, m.comparator, Q.expandDims(1), C), s);
  }
  let total: TF.Scalar = perQuery.sum();
  if (s.regularizer === 'n3' && s.regularizerWeight > 0) {
    const Tg = tf.gather(E, tf.tensor1d(batch.targets, 'int32'));
    let pen = n3Penalty(tf, A, m.complexEntities).add(n3Penalty(tf, Tg, m.complexEntities));
    if (!m.phaseRelations) pen = pen.add(n3Penalty(tf, Rr, m.complexEntities));
    total = total.add(pen.mul(s.regularizerWeight));
  }
  if (rejected && rejected.anchors.length > 0) {
    const q = tailQueries(tf, model, tf.gather(E, tf.tensor1d(rejected.anchors, 'int32')), tf.gather(R, tf.tensor1d(rejected.relations, 'int32')));
    const sc = compareRows(tf, m.comparator, q, tf.gather(E, tf.tensor1d(rejected.targets, 'int32')));
    total = total.add(tf.softplus(sc).sum());
  }
  return total.mul(scale);
}
