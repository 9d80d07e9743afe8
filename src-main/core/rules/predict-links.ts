/**
 * Link prediction with learned rules. A query (h, r, ?) or (?, r, t) is answered by every rule of head r that
 * fires from its anchor; candidates are ranked by max-then-next aggregation (AnyBURL's "maximum plus"): by the
 * best confidence of the rules predicting them, ties broken by the second best, then the third. Each candidate
 * keeps the rules that produced it, so a prediction can be explained.
 */
import { TAIL } from '../embeddings/queries.js';
import { appliedConfidence, END_FREE, END_VARIABLE, type LearnedRule } from './rule.js';
import { followPath, pathConnects, reversePath } from './path-walk.js';
import type { TripleGraph } from './triple-graph.js';

export interface RuleIndex {
  /** Rules per head relation, best applied confidence first. */
  byHead: LearnedRule[][];
  /** Applied confidence per rule (same order as byHead). */
  confidence: number[][];
  /** Reversed paths of cyclic rules, for head queries. */
  reversed: Map<LearnedRule, number[]>;
}

export function indexRules(graph: TripleGraph, rules: readonly LearnedRule[]): RuleIndex {
  const byHead: LearnedRule[][] = Array.from({ length: graph.numRelations }, () => []);
  for (const r of rules) if (r.head >= 0 && r.head < graph.numRelations) byHead[r.head].push(r);
  const confidence = byHead.map((list) => {
    list.sort((a, b) => appliedConfidence(b.stats) - appliedConfidence(a.stats));
    return list.map((r) => appliedConfidence(r.stats));
  });
  const reversed = new Map<LearnedRule, number[]>();
  for (const r of rules) if (r.end === END_VARIABLE) reversed.set(r, reversePath(graph, r.path));
  return { byHead, confidence, reversed };
}

export interface Candidate {
  entity: number;
  /** Confidences of the rules that predict it, best first (at most `keep`). */
  confidences: number[];
  /** The best rules (same order). */
  rules: LearnedRule[];
}

export interface PredictOptions {
  /** Stop adding candidates once this many are known (rules later in the order only add evidence). */
  maxCandidates?: number;
  /** Confidences kept per candidate for tie-breaking. */
  keep?: number;
}

/** Rules still applied, for tie-breaking evidence only, once the candidate list is full. */
const MAX_RULES_AFTER_FULL = 100;

/** Entities satisfying a constant or dangling body, read from the free head variable. */
function bodyGroundings(graph: TripleGraph, rule: LearnedRule, cap: number): Iterable<number> {
  if (rule.end === END_FREE) return graph.sources[rule.path[0]].subarray(0, cap);
  return followPath(graph, rule.end, reversePath(graph, rule.path), cap);
}

function bodyHolds(graph: TripleGraph, rule: LearnedRule, v: number): boolean {
  if (rule.end === END_FREE) return graph.degree(v, rule.path[0]) > 0;
  return pathConnects(graph, v, rule.path, rule.end);
}

/** Candidates for (anchor, r, ?) when direction = TAIL, or (?, r, anchor) otherwise, best first. */
export function predictCandidates(graph: TripleGraph, index: RuleIndex, anchor: number, relation: number, direction: number, options: PredictOptions = {}): Candidate[] {
  const maxCandidates = options.maxCandidates ?? 200;
  const keep = options.keep ?? 3;
  const found = new Map<number, Candidate>();
  const rules = index.byHead[relation] ?? [];
  const confs = index.confidence[relation] ?? [];
  const add = (e: number, conf: number, rule: LearnedRule, open: boolean): void => {
    if (e === anchor) return;
    const c = found.get(e);
    if (c) {
      if (c.confidences.length < keep && c.rules[c.rules.length - 1] !== rule) {
        c.confidences.push(conf);
        c.rules.push(rule);
      }
    } else if (open) found.set(e, { entity: e, confidences: [conf], rules: [rule] });
  };
  let rulesAfterFull = 0;
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k], conf = confs[k];
    const open = found.size < maxCandidates;
    if (!open && ++rulesAfterFull > MAX_RULES_AFTER_FULL) break;
    if (rule.end === END_VARIABLE) {
      const path = direction === TAIL ? rule.path : index.reversed.get(rule)!;
      for (const e of followPath(graph, anchor, path)) add(e, conf, rule, open);
      continue;
    }
    // The side the query asks for is the rule's constant: the body must hold for the anchor.
    const asksConstant = (direction === TAIL && rule.constSide === 'tail') || (direction !== TAIL && rule.constSide === 'head');
    if (asksConstant) {
      if (bodyHolds(graph, rule, anchor)) add(rule.headConstant, conf, rule, open);
    } else if (anchor === rule.headConstant) {
      for (const e of bodyGroundings(graph, rule, 10_000)) add(e, conf, rule, open);
    }
  }
  return [...found.values()].sort(compareCandidates);
}

/** Max-then-next: compare confidence lists lexicographically (a longer list wins a tie on its prefix). */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const n = Math.max(a.confidences.length, b.confidences.length);
  for (let i = 0; i < n; i++) {
    const x = a.confidences[i] ?? 0, y = b.confidences[i] ?? 0;
    if (x !== y) return y - x;
  }
  return 0;
}

/** A single number that orders candidates as compareCandidates does (for ties with other scorers). */
export function candidateScore(c: Candidate): number {
  let s = 0, w = 1;
  for (const x of c.confidences) {
    s += x * w;
    w *= 1e-4;
  }
  return s;
}
