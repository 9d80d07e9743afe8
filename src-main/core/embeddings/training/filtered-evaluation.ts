import type { TripleIds } from '../datasets/triple-datasets.js';
import { resolveModel } from '../models/model-resolver.js';
import { scoreAllCandidates } from '../models/interaction.js';
import type { EmbeddingParams } from '../models/embedding-params.js';
import { TAIL } from '../datasets/link-queries.js';
import { BLOCK, scoreDotBlock } from '../kernels/dot-block.js';

/**
 * Standard filtered ranking (Bordes et al. 2013; ties as the mean rank, as PyKEEN's "realistic" rank):
 * every test triple (h, r, t) asks (h, r, ?) and (?, r, t); other candidates that make a known true
 * triple (train + valid + test) are removed before ranking the answer.
 *   rank = 1 + #{c : s_c > s_answer} + #{c != answer : s_c = s_answer} / 2
 */
export interface RankingMetrics {
  mrr: number;
  meanRank: number;
  hitsAt1: number;
  hitsAt3: number;
  hitsAt10: number;
  /** Ranked queries (two per triple). */
  count: number;
}

export interface EvaluationResult extends RankingMetrics {
  head: RankingMetrics;
  tail: RankingMetrics;
  perRelation: Array<RankingMetrics & { relation: number }>;
  seconds: number;
}

/** Known answers per (anchor, relation, direction). Key = anchor * 2R + r (tail side) or + R + r (head side). */
export interface FilterIndex {
  numRelations: number;
  /** key -> slot; the answers of slot i are answers[starts[i] .. starts[i + 1]), sorted. */
  keys: Map<number, number>;
  starts: Int32Array;
  answers: Int32Array;
}

export function filterKey(anchor: number, relation: number, direction: number, numRelations: number): number {
  return anchor * 2 * numRelations + (direction === TAIL ? relation : relation + numRelations);
}

export function buildFilterIndex(known: TripleIds, numRelations: number): FilterIndex {
  const lists = new Map<number, number[]>();
  const add = (key: number, v: number) => {
    const l = lists.get(key);
    if (l) l.push(v);
    else lists.set(key, [v]);
  };
  for (let i = 0; i < known.heads.length; i++) {
    add(filterKey(known.heads[i], known.relations[i], TAIL, numRelations), known.tails[i]);
    add(filterKey(known.tails[i], known.relations[i], 1, numRelations), known.heads[i]);
  }
  const keys = new Map<number, number>();
  const starts = new Int32Array(lists.size + 1);
  let total = 0;
  let idx = 0;
  for (const [key, l] of lists) {
    keys.set(key, idx);
    starts[idx++] = total;
    total += l.length;
  }
  starts[idx] = total;
  const answers = new Int32Array(total);
  idx = 0;
  for (const l of lists.values()) {
    const uniq = [...new Set(l)].sort((a, b) => a - b);
    answers.set(uniq, starts[idx]);
    starts[idx + 1] = starts[idx] + uniq.length;
    idx++;
  }
  return { numRelations, keys, starts, answers: answers.subarray(0, starts[idx]) };
}

/**
 * Two evaluation queries per triple, (h, r, ?) and (?, r, t), sorted by (anchor, relation, direction)
 * so that queries asking the same question sit together and are scored once (FB15k-237's 40,932 test
 * queries hold 22,850 distinct ones).
 */
export interface EvaluationQueries {
  anchors: Int32Array;
  /** Relation of the KG (for filtering and per-relation metrics). */
  relations: Int32Array;
  directions: Uint8Array;
  targets: Int32Array;
}

export function evaluationQueries(t: TripleIds): EvaluationQueries {
  const n = t.heads.length;
  const order = Array.from({ length: 2 * n }, (_, i) => i);
  const anchor = (i: number) => (i & 1 ? t.tails[i >> 1] : t.heads[i >> 1]);
  order.sort((a, b) => anchor(a) - anchor(b) || t.relations[a >> 1] - t.relations[b >> 1] || (a & 1) - (b & 1) || a - b);
  const q: EvaluationQueries = { anchors: new Int32Array(2 * n), relations: new Int32Array(2 * n), directions: new Uint8Array(2 * n), targets: new Int32Array(2 * n) };
  order.forEach((src, i) => {
    const k = src >> 1, head = src & 1;
    q.anchors[i] = head ? t.tails[k] : t.heads[k];
    q.relations[i] = t.relations[k];
    q.directions[i] = head ? 1 : TAIL;
    q.targets[i] = head ? t.heads[k] : t.tails[k];
  });
  return q;
}

/** Scores of every entity as the answer of one query (reciprocal models answer head queries with r^-1). */
export function scoreQuery(p: EmbeddingParams, anchor: number, relation: number, direction: number, q: Float32Array, out: Float32Array): void {
  queryRow(p, anchor, relation, direction, q, 0);
  scoreAllCandidates(resolveModel(p.model).comparator, q, 0, p.entities, p.numEntities, p.entityWidth, out);
}

/** Filtered mean-tie rank of the answer among `scores`. */
export function filteredRank(scores: Float32Array, count: number, answer: number, filter: FilterIndex, key: number, mask: Uint8Array): number {
  const idx = filter.keys.get(key);
  if (idx !== undefined) for (let i = filter.starts[idx]; i < filter.starts[idx + 1]; i++) mask[filter.answers[i]] = 1;
  const s = scores[answer];
  let greater = 0, equal = 0;
  for (let c = 0; c < count; c++) {
    if (mask[c] === 1 || c === answer) continue;
    const v = scores[c];
    if (v > s) greater++;
    else if (v === s) equal++;
  }
  if (idx !== undefined) for (let i = filter.starts[idx]; i < filter.starts[idx + 1]; i++) mask[filter.answers[i]] = 0;
  // A NaN score ranks last.
  if (Number.isNaN(s)) return count;
  return 1 + greater + equal / 2;
}

/** The query row of one evaluation query (reciprocal models answer head queries with r^-1). */
export function queryRow(p: EmbeddingParams, anchor: number, relation: number, direction: number, q: Float32Array, qo: number): void {
  const m = resolveModel(p.model);
  const ew = p.entityWidth, rw = p.relationWidth;
  if (direction === TAIL) m.tailQuery(p.entities, anchor * ew, p.relations, relation * rw, q, qo, ew);
  else if (p.reciprocal) m.tailQuery(p.entities, anchor * ew, p.relations, (relation + p.numRelations) * rw, q, qo, ew);
  else m.headQuery(p.relations, relation * rw, p.entities, anchor * ew, q, qo, ew);
}

/**
 * Ranks of queries [from, to) into ranks[from..to): the kernel that evaluation workers run. Adjacent
 * queries with the same (anchor, relation, direction) share one scoring pass; dot-product models
 * score four distinct queries per pass over the entity rows.
 */
export function rankQueries(p: EmbeddingParams, q: EvaluationQueries, from: number, to: number, filter: FilterIndex, ranks: Float64Array): void {
  const N = p.numEntities;
  const mask = new Uint8Array(N);
  const groupStarts: number[] = [];
  for (let i = from; i < to; i++) {
    if (i === from || q.anchors[i] !== q.anchors[i - 1] || q.relations[i] !== q.relations[i - 1] || q.directions[i] !== q.directions[i - 1]) groupStarts.push(i);
  }
  groupStarts.push(to);
  const rankGroup = (g: number, scores: Float32Array) => {
    const first = groupStarts[g];
    const key = filterKey(q.anchors[first], q.relations[first], q.directions[first], filter.numRelations);
    for (let i = first; i < groupStarts[g + 1]; i++) ranks[i] = filteredRank(scores, N, q.targets[i], filter, key, mask);
  };
  const groups = groupStarts.length - 1;
  if (resolveModel(p.model).comparator === 'dot') {
    const Q = new Float32Array(BLOCK * p.entityWidth);
    const S = new Float32Array(BLOCK * N);
    for (let g0 = 0; g0 < groups; g0 += BLOCK) {
      const nb = Math.min(BLOCK, groups - g0);
      Q.fill(0);
      for (let b = 0; b < nb; b++) {
        const i = groupStarts[g0 + b];
        queryRow(p, q.anchors[i], q.relations[i], q.directions[i], Q, b * p.entityWidth);
      }
      scoreDotBlock(Q, p.entities, N, p.entityWidth, S);
      for (let b = 0; b < nb; b++) rankGroup(g0 + b, S.subarray(b * N, (b + 1) * N));
    }
    return;
  }
  const buf = new Float32Array(p.entityWidth);
  const scores = new Float32Array(N);
  for (let g = 0; g < groups; g++) {
    const i = groupStarts[g];
    scoreQuery(p, q.anchors[i], q.relations[i], q.directions[i], buf, scores);
    rankGroup(g, scores);
  }
}

export function summariseRanks(ranks: Float64Array, select: (i: number) => boolean = () => true): RankingMetrics {
  let n = 0, rr = 0, mr = 0, h1 = 0, h3 = 0, h10 = 0;
  for (let i = 0; i < ranks.length; i++) {
    if (!select(i)) continue;
    const r = ranks[i];
    n++;
    rr += 1 / r;
    mr += r;
    if (r <= 1) h1++;
    if (r <= 3) h3++;
    if (r <= 10) h10++;
  }
  const d = Math.max(n, 1);
  return { mrr: rr / d, meanRank: mr / d, hitsAt1: h1 / d, hitsAt3: h3 / d, hitsAt10: h10 / d, count: n };
}

export function summariseEvaluation(q: EvaluationQueries, ranks: Float64Array, numRelations: number, seconds: number): EvaluationResult {
  const perRelation: EvaluationResult['perRelation'] = [];
  const byRel = new Map<number, number[]>();
  for (let i = 0; i < ranks.length; i++) {
    const l = byRel.get(q.relations[i]);
    if (l) l.push(ranks[i]);
    else byRel.set(q.relations[i], [ranks[i]]);
  }
  for (let r = 0; r < numRelations; r++) {
    const l = byRel.get(r);
    if (l) perRelation.push({ relation: r, ...summariseRanks(Float64Array.from(l)) });
  }
  return {
    ...summariseRanks(ranks),
    tail: summariseRanks(ranks, (i) => q.directions[i] === TAIL),
    head: summariseRanks(ranks, (i) => q.directions[i] !== TAIL),
    perRelation,
    seconds,
  };
}

/** Single-thread filtered evaluation of `triples` (use the evaluator pool for both cores). */
export function evaluateFiltered(p: EmbeddingParams, triples: TripleIds, filter: FilterIndex): EvaluationResult {
  const t0 = performance.now();
  const q = evaluationQueries(triples);
  const ranks = new Float64Array(q.anchors.length);
  rankQueries(p, q, 0, ranks.length, filter, ranks);
  return summariseEvaluation(q, ranks, filter.numRelations, (performance.now() - t0) / 1000);
}
