/**
 * Filtered link-prediction evaluation of learned rules, under the same protocol as the embeddings
 * (embeddings/evaluation.ts): both (h, r, ?) and (?, r, t) per test triple, other known answers
 * (train + valid + test) removed, ties as the mean rank. Entities no rule predicts rank below every predicted
 * one, ordered among themselves by how often they answer the relation in training; an optional second scorer
 * (an embedding model) instead orders candidates with equal rule scores and the entities no rule reaches.
 */
import type { KgDataset, TripleIds } from '../embeddings/datasets/triple-datasets.js';
import { TAIL } from '../embeddings/datasets/link-queries.js';
import { throwIfCancelled } from '../run/cancelled-error.js';
import { concatTriples } from '../embeddings/datasets/triple-datasets.js';
import { buildFilterIndex, evaluationQueries, filterKey, summariseEvaluation, type EvaluationQueries, type EvaluationResult, type FilterIndex } from '../embeddings/training/filtered-evaluation.js';
import { candidateScore, indexRules, predictCandidates, type RuleIndex } from './predict-links.js';
import type { LearnedRule } from './rule.js';
import type { TripleGraph } from './triple-graph.js';

/** Scores of every entity for one query from a second model (higher = more likely). */
export type TieBreaker = (anchor: number, relation: number, direction: number, out: Float32Array) => void;

export interface RuleEvaluationOptions {
  tieBreaker?: TieBreaker;
  /**
   * How rules and the second scorer combine: 'rules-first' orders by rule confidence and lets the scorer order
   * ties; 'noisy-or' treats both as independent experts, 1 − (1 − rule confidence)(1 − model probability), the
   * scorer's scores read as logits of a softmax over all entities (as 1-vs-all training makes them).
   */
  combine?: 'rules-first' | 'noisy-or';
  /** Noisy-or: the rules' confidences are scaled by this weight (0 = the model alone, 1 = both in full). */
  ruleWeight?: number;
  /** Rank this split instead of test (e.g. valid, to choose the rule weight). */
  split?: 'test' | 'valid';
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Receives every query's filtered rank (for breakdowns by relation and direction). */
  onRanks?: (queries: EvaluationQueries, ranks: Float64Array) => void;
}

/**
 * How often each entity answers each relation in the training triples, per query direction: prior[d][r * E + e].
 * It orders the entities no rule reaches (the empty-body rules r(X, c) and r(c, Y), weaker than any rule that
 * fires), e.g. a WordNet synset with no training edge at all still gets its relation's common hypernyms first.
 */
function answerPrior(train: TripleIds, numEntities: number, numRelations: number): [Float64Array, Float64Array] {
  const tails = new Float64Array(numRelations * numEntities), heads = new Float64Array(numRelations * numEntities);
  for (let i = 0; i < train.heads.length; i++) {
    tails[train.relations[i] * numEntities + train.tails[i]]++;
    heads[train.relations[i] * numEntities + train.heads[i]]++;
  }
  return [tails, heads];
}

/** Filtered mean-tie rank from sparse rule scores (+ dense tie-break scores when given, else the answer prior). */
function sparseRank(ruleScores: Map<number, number>, answer: number, numEntities: number, filter: FilterIndex, key: number, tie: Float32Array | null, prior?: { freq: Float64Array; offset: number }): number {
  const idx = filter.keys.get(key);
  const filtered = new Set<number>();
  if (idx !== undefined) for (let i = filter.starts[idx]; i < filter.starts[idx + 1]; i++) if (filter.answers[i] !== answer) filtered.add(filter.answers[i]);
  const s = ruleScores.get(answer) ?? 0;
  if (tie) {
    const ta = tie[answer];
    let greater = 0, equal = 0;
    for (let c = 0; c < numEntities; c++) {
      if (c === answer || filtered.has(c)) continue;
      const v = ruleScores.get(c) ?? 0;
      if (v > s || (v === s && tie[c] > ta)) greater++;
      else if (v === s && tie[c] === ta) equal++;
    }
    return 1 + greater + equal / 2;
  }
  let greater = 0, equalPredicted = 0, predictedUnfiltered = 0;
  for (const [c, v] of ruleScores) {
    if (c === answer || filtered.has(c)) continue;
    predictedUnfiltered++;
    if (v > s) greater++;
    else if (v === s) equalPredicted++;
  }
  if (s > 0) return 1 + greater + equalPredicted / 2;
  if (prior) {
    // The answer is unpredicted: below every predicted entity, among the unpredicted ones by the prior.
    const { freq, offset } = prior;
    const fa = freq[offset + answer];
    let above = 0, same = 0;
    for (let c = 0; c < numEntities; c++) {
      if (c === answer || filtered.has(c) || ruleScores.has(c)) continue;
      const v = freq[offset + c];
      if (v > fa) above++;
      else if (v === fa) same++;
    }
    return 1 + predictedUnfiltered + above + same / 2;
  }
  // The answer is unpredicted: it ties with every other unpredicted, unfiltered entity.
  const unpredicted = numEntities - 1 - filtered.size - predictedUnfiltered;
  return 1 + predictedUnfiltered + unpredicted / 2;
}

/** Confidences compared per candidate by max-then-next (AnyBURL compares them all; ten settle nearly every tie). */
const EVAL_KEEP = 10;

function softmaxInPlace(x: Float32Array): void {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > max) max = x[i];
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] = Math.exp(x[i] - max);
  for (let i = 0; i < x.length; i++) x[i] /= sum;
}

export function evaluateRules(graph: TripleGraph, dataset: KgDataset, rules: readonly LearnedRule[], options: RuleEvaluationOptions = {}): EvaluationResult {
  const t0 = performance.now();
  const index: RuleIndex = indexRules(graph, rules);
  const known: TripleIds = concatTriples(dataset.train, dataset.valid, dataset.test);
  const R = dataset.relations.length;
  const filter = buildFilterIndex(known, R);
  const q = evaluationQueries(options.split === 'valid' ? dataset.valid : dataset.test);
  const ranks = new Float64Array(q.anchors.length);
  const E = dataset.entities.length;
  const tie = options.tieBreaker ? new Float32Array(E) : null;
  const prior = tie ? null : answerPrior(dataset.train, E, R);
  let i = 0;
  while (i < q.anchors.length) {
    throwIfCancelled(options.signal);
    const anchor = q.anchors[i], relation = q.relations[i], direction = q.directions[i];
    const candidates = predictCandidates(graph, index, anchor, relation, direction, { keep: EVAL_KEEP });
    const scores = new Map<number, number>();
    for (const c of candidates) scores.set(c.entity, candidateScore(c));
    if (tie) options.tieBreaker!(anchor, relation, direction, tie);
    const key = filterKey(anchor, relation, direction, R);
    if (tie && options.combine === 'noisy-or') {
      softmaxInPlace(tie);
      const w = options.ruleWeight ?? 1;
      for (let c = 0; c < E; c++) tie[c] = 1 - (1 - w * Math.min(1, scores.get(c) ?? 0)) * (1 - tie[c]);
      scores.clear();
    }
    for (; i < q.anchors.length && q.anchors[i] === anchor && q.relations[i] === relation && q.directions[i] === direction; i++) {
      ranks[i] = sparseRank(scores, q.targets[i], E, filter, key, tie, prior ? { freq: prior[direction === TAIL ? 0 : 1], offset: relation * E } : undefined);
    }
    options.onProgress?.(i, q.anchors.length);
  }
  options.onRanks?.(q, ranks);
  return summariseEvaluation(q, ranks, R, (performance.now() - t0) / 1000);
}
