import { resolveModel, type Interaction } from '../models/model-resolver.js';
import { scoreAllCandidates, scoreAllCandidatesBackward, compare, compareBackward } from '../models/interaction.js';
import { crossEntropyLoss, negativeSamplingLoss, type LossName } from './losses.js';
import { n3Row } from './regularizers.js';
import { BLOCK, scoreDotBlock, backwardDotBlock } from '../kernels/dot-block.js';
import type { EmbeddingParams } from '../models/embedding-params.js';
import { TAIL, type QuerySet } from '../datasets/link-queries.js';

/** Gradient buffers (dense, same shape as the params) plus flags for the rows a batch touched. */
export interface GradientBuffers {
  entities: Float32Array;
  relations: Float32Array;
  entityTouched: Uint8Array;
  relationTouched: Uint8Array;
}

export interface BatchSettings {
  loss: LossName;
  negatives: number;
  margin: number;
  adversarialTemperature: number;
  regularizer: 'n3' | 'none';
  regularizerWeight: number;
}

export interface BatchScratch {
  q: Float32Array;
  gq: Float32Array;
  scores: Float32Array;
  gscores: Float32Array;
  /** BLOCK query rows, their gradients, BLOCK x numEntities scores and score gradients. */
  blockQ: Float32Array;
  blockGq: Float32Array;
  blockScores: Float32Array;
  blockGscores: Float32Array;
}

export function createGradientBuffers(p: EmbeddingParams, shared = false): GradientBuffers {
  const f = (n: number) => (shared ? new Float32Array(new SharedArrayBuffer(4 * n)) : new Float32Array(n));
  const u = (n: number) => (shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  const relRows = p.relations.length / p.relationWidth;
  return { entities: f(p.entities.length), relations: f(p.relations.length), entityTouched: u(p.numEntities), relationTouched: u(relRows) };
}

export function createBatchScratch(p: EmbeddingParams, negatives: number): BatchScratch {
  const n = Math.max(p.numEntities, negatives + 1);
  return {
    q: new Float32Array(p.entityWidth), gq: new Float32Array(p.entityWidth), scores: new Float32Array(n), gscores: new Float32Array(n),
    blockQ: new Float32Array(BLOCK * p.entityWidth), blockGq: new Float32Array(BLOCK * p.entityWidth),
    blockScores: new Float32Array(BLOCK * p.numEntities), blockGscores: new Float32Array(BLOCK * p.numEntities),
  };
}

/**
 * Adds the gradient of `scale * sum of losses` over queries order[from..to) into `grads` and returns
 * that (scaled) loss. 1-vs-all cross-entropy scores every entity; other losses score the target and
 * `negatives[(j - batchStart) * k + i]`. N3 applies to the anchor, relation and target rows of each query.
 */
export function accumulateBatchGradient(
  params: EmbeddingParams, s: BatchSettings, queries: QuerySet, order: Int32Array, from: number, to: number,
  negatives: Int32Array | null, batchStart: number, scale: number, grads: GradientBuffers, scratch: BatchScratch,
): number {
  const m: Interaction = resolveModel(params.model);
  const E = params.entities, R = params.relations, ew = params.entityWidth, rw = params.relationWidth, N = params.numEntities;
  const gE = grads.entities, gR = grads.relations;
  const { q, gq, scores, gscores } = scratch;
  const oneVsAll = s.loss === 'cross-entropy';
  const k = s.negatives;
  let total = 0;
  if (oneVsAll) grads.entityTouched.fill(1);
  if (oneVsAll && m.comparator === 'dot') return oneVsAllDotBlocks(m, params, s, queries, order, from, to, scale, grads, scratch);
  for (let j = from; j < to; j++) {
    const qi = order[j];
    const a = queries.anchors[qi], r = queries.relations[qi], tail = queries.directions[qi] === TAIL, target = queries.targets[qi];
    const ao = a * ew, ro = r * rw;
    if (tail) m.tailQuery(E, ao, R, ro, q, 0, ew);
    else m.headQuery(R, ro, E, ao, q, 0, ew);
    gq.fill(0);
    if (oneVsAll) {
      scoreAllCandidates(m.comparator, q, 0, E, N, ew, scores);
      total += scale * crossEntropyLoss(scores, N, target, gscores);
      for (let n = 0; n < N; n++) gscores[n] *= scale;
      scoreAllCandidatesBackward(m.comparator, q, 0, E, N, ew, gscores, gq, 0, gE);
    } else {
      const base = (j - batchStart) * k;
      scores[0] = compare(m.comparator, q, 0, E, target * ew, ew);
      for (let i = 0; i < k; i++) scores[i + 1] = compare(m.comparator, q, 0, E, negatives![base + i] * ew, ew);
      total += scale * negativeSamplingLoss(s.loss as Exclude<LossName, 'cross-entropy'>, scores, k, s, gscores);
      compareBackward(m.comparator, q, 0, E, target * ew, ew, scale * gscores[0], gq, 0, gE, target * ew);
      grads.entityTouched[target] = 1;
      for (let i = 0; i < k; i++) {
        const ng = negatives![base + i];
        if (gscores[i + 1] !== 0) compareBackward(m.comparator, q, 0, E, ng * ew, ew, scale * gscores[i + 1], gq, 0, gE, ng * ew);
        grads.entityTouched[ng] = 1;
      }
    }
    if (tail) m.tailQueryBackward(E, ao, R, ro, gq, 0, gE, ao, gR, ro, ew);
    else m.headQueryBackward(R, ro, E, ao, gq, 0, gR, ro, gE, ao, ew);
    grads.entityTouched[a] = 1;
    grads.relationTouched[r] = 1;
    if (s.regularizer === 'n3' && s.regularizerWeight > 0) {
      const w = s.regularizerWeight;
      total += scale * n3Row(E, ao, ew, m.complexEntities, w, scale, gE, ao);
      total += scale * n3Row(E, target * ew, ew, m.complexEntities, w, scale, gE, target * ew);
      if (!m.phaseRelations) total += scale * n3Row(R, ro, rw, m.complexEntities, w, scale, gR, ro);
      grads.entityTouched[target] = 1;
    }
  }
  return total;
}

/** accumulateBatchGradient for 1-vs-all cross-entropy with a dot comparator, four queries per pass. */
function oneVsAllDotBlocks(
  m: Interaction, params: EmbeddingParams, s: BatchSettings, queries: QuerySet, order: Int32Array, from: number, to: number,
  scale: number, grads: GradientBuffers, scratch: BatchScratch,
): number {
  const E = params.entities, R = params.relations, ew = params.entityWidth, rw = params.relationWidth, N = params.numEntities;
  const gE = grads.entities, gR = grads.relations;
  const { blockQ: Q, blockGq: gQ, blockScores: S, blockGscores: G } = scratch;
  const n3 = s.regularizer === 'n3' && s.regularizerWeight > 0;
  let total = 0;
  for (let j0 = from; j0 < to; j0 += BLOCK) {
    const nb = Math.min(BLOCK, to - j0);
    Q.fill(0);
    gQ.fill(0);
    for (let b = 0; b < nb; b++) {
      const qi = order[j0 + b], a = queries.anchors[qi], r = queries.relations[qi];
      if (queries.directions[qi] === TAIL) m.tailQuery(E, a * ew, R, r * rw, Q, b * ew, ew);
      else m.headQuery(R, r * rw, E, a * ew, Q, b * ew, ew);
    }
    scoreDotBlock(Q, E, N, ew, S);
    G.fill(0);
    for (let b = 0; b < nb; b++) {
      const row = S.subarray(b * N, (b + 1) * N), grow = G.subarray(b * N, (b + 1) * N);
      total += scale * crossEntropyLoss(row, N, queries.targets[order[j0 + b]], grow);
      for (let n = 0; n < N; n++) grow[n] *= scale;
    }
    backwardDotBlock(Q, E, N, ew, G, gQ, gE);
    total += backwardQueryRows(m, params, s, queries, order, j0, nb, gQ, scale, grads);
  }
  return total;
}

/**
 * The model-specific end of a 1-vs-all batch: the query-row gradients gQ (row b = query order[j0 + b]) flow
 * back into the anchor and relation rows, and N3 on anchor, target and relation rows is added. Returns the
 * scaled N3 penalty.
 */
export function backwardQueryRows(
  m: Interaction, params: EmbeddingParams, s: Pick<BatchSettings, 'regularizer' | 'regularizerWeight'>, queries: QuerySet, order: Int32Array,
  j0: number, nb: number, gQ: Float32Array, scale: number, grads: GradientBuffers,
): number {
  const E = params.entities, R = params.relations, ew = params.entityWidth, rw = params.relationWidth;
  const gE = grads.entities, gR = grads.relations;
  const n3 = s.regularizer === 'n3' && s.regularizerWeight > 0;
  let total = 0;
  for (let b = 0; b < nb; b++) {
    const qi = order[j0 + b], a = queries.anchors[qi], r = queries.relations[qi], t = queries.targets[qi];
    const ao = a * ew, ro = r * rw;
    if (queries.directions[qi] === TAIL) m.tailQueryBackward(E, ao, R, ro, gQ, b * ew, gE, ao, gR, ro, ew);
    else m.headQueryBackward(R, ro, E, ao, gQ, b * ew, gR, ro, gE, ao, ew);
    grads.relationTouched[r] = 1;
    if (n3) {
      const w = s.regularizerWeight;
      total += scale * n3Row(E, ao, ew, m.complexEntities, w, scale, gE, ao);
      total += scale * n3Row(E, t * ew, ew, m.complexEntities, w, scale, gE, t * ew);
      if (!m.phaseRelations) total += scale * n3Row(R, ro, rw, m.complexEntities, w, scale, gR, ro);
    }
  }
  return total;
}
