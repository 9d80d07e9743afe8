/**
 * Support, head coverage, standard and PCA confidence of a candidate rule on the training triples
 * (Galárraga et al., AMIE, WWW 2013):
 *   support        = #{(x, y) : body(x, y) ∧ r(x, y)}
 *   confidence     = support / #{(x, y) : body(x, y)}
 *   PCA confidence = support / #{(x, y) : body(x, y) ∧ ∃y' r(x, y')}
 *   head coverage  = support / #{r facts}
 * Bodies with many groundings are counted on a random sample of their start entities (as AnyBURL does) and
 * scaled; the rule then says `sampled`.
 */
import type { Mulberry32 } from '../random/mulberry32.js';
import { END_FREE, END_VARIABLE, type LearnedRule, type RuleStats } from './rule.js';
import { followPath, groundPath, reversePath } from './path-walk.js';
import type { TripleGraph } from './triple-graph.js';

export interface StatsLimits {
  /** Most start entities whose groundings are enumerated before sampling kicks in. */
  maxStarts: number;
  /** Most groundings examined for one rule. */
  maxGroundings: number;
}

export const DEFAULT_STATS_LIMITS: StatsLimits = { maxStarts: 1000, maxGroundings: 20_000 };

const MAX_EXAMPLES = 2;

function sampleStarts(starts: Int32Array, limit: number, rng: Mulberry32): { picked: ArrayLike<number>; scale: number } {
  if (starts.length <= limit) return { picked: starts, scale: 1 };
  const picked = new Int32Array(limit);
  const taken = new Set<number>();
  let n = 0;
  while (n < limit) {
    const i = Math.floor(rng.next() * starts.length);
    if (taken.has(i)) continue;
    taken.add(i);
    picked[n++] = starts[i];
  }
  return { picked, scale: starts.length / limit };
}

function finish(support: number, body: number, pcaBody: number, headSize: number, scale: number, sampled: boolean, examples: number[][]): RuleStats {
  const s = support * scale, b = body * scale, p = pcaBody * scale;
  return {
    support: s,
    bodySize: b,
    pcaBodySize: p,
    confidence: b > 0 ? s / b : 0,
    pcaConfidence: p > 0 ? s / p : 0,
    headCoverage: headSize > 0 ? s / headSize : 0,
    sampled,
    examples,
  };
}

/** Counts a cyclic rule r(X,Y) :- path(X, Y). */
function cyclicStats(graph: TripleGraph, rule: LearnedRule, limits: StatsLimits, rng: Mulberry32): RuleStats {
  const r = rule.head;
  const { picked, scale: startScale } = sampleStarts(graph.sources[rule.path[0]], limits.maxStarts, rng);
  let support = 0, body = 0, pcaBody = 0, processed = 0;
  const examples: number[][] = [];
  for (let i = 0; i < picked.length; i++) {
    const x = picked[i];
    const ys = followPath(graph, x, rule.path);
    const heads = graph.neighbours(x, r);
    const hasHead = heads.length > 0;
    // Mark x's known r-answers once, then test each grounding in O(1).
    const mark = graph.nextMark();
    for (const h of heads) graph.marks[h] = mark;
    for (const y of ys) {
      if (y === x) continue;
      body++;
      if (hasHead) pcaBody++;
      if (graph.marks[y] === mark) {
        support++;
        if (examples.length < MAX_EXAMPLES) examples.push(groundPath(graph, x, rule.path, y) ?? [x, y]);
      }
    }
    processed++;
    if (body >= limits.maxGroundings) break;
  }
  const scale = startScale * (picked.length / Math.max(processed, 1));
  return finish(support, body, pcaBody, graph.relationSize[r], scale, scale > 1, examples);
}

/** Counts r(X,c) :- path(X, d | _) (constSide tail) or r(c,Y) :- path(Y, d | _) (constSide head). */
function constantStats(graph: TripleGraph, rule: LearnedRule, limits: StatsLimits, rng: Mulberry32): RuleStats {
  const r = rule.head, c = rule.headConstant, R = graph.numRelations;
  let starts: ArrayLike<number>;
  let scale = 1;
  if (rule.end === END_FREE) {
    if (rule.path.length !== 1) throw new Error('dangling rules have one body atom');
    const s = sampleStarts(graph.sources[rule.path[0]], limits.maxGroundings, rng);
    starts = s.picked;
    scale = s.scale;
  } else {
    starts = followPath(graph, rule.end, reversePath(graph, rule.path), limits.maxGroundings);
  }
  let support = 0, body = 0, pcaBody = 0;
  const examples: number[][] = [];
  for (let i = 0; i < starts.length; i++) {
    const v = starts[i];
    if (v === c) continue;
    body++;
    const [x, y] = rule.constSide === 'tail' ? [v, c] : [c, v];
    // PCA: the free variable has some head fact in its own position.
    if (rule.constSide === 'tail' ? graph.degree(v, r) > 0 : graph.degree(v, r + R) > 0) pcaBody++;
    if (graph.has(x, r, y)) {
      support++;
      if (examples.length < MAX_EXAMPLES) examples.push(groundPath(graph, v, rule.path, rule.end === END_FREE ? null : rule.end) ?? [v]);
    }
  }
  return finish(support, body, pcaBody, graph.relationSize[r], scale, scale > 1, examples);
}

export function ruleStats(graph: TripleGraph, rule: LearnedRule, rng: Mulberry32, limits: StatsLimits = DEFAULT_STATS_LIMITS): RuleStats {
  return rule.end === END_VARIABLE ? cyclicStats(graph, rule, limits, rng) : constantStats(graph, rule, limits, rng);
}
