/**
 * Link prediction with learned rules. A query (h, r, ?) or (?, r, t) is answered by every rule of head r that
 * fires from its anchor; candidates are ranked by max-then-next aggregation (AnyBURL's "maximum plus"): by the
 * best confidence of the rules predicting them, ties broken by the second best, then the third. Each candidate
 * keeps the rules that produced it, so a prediction can be explained.
 *
 * Rules are indexed so that a query touches only rules that can fire: rules with a constant whose body is one
 * edge to a constant (r(X,c) :- p(X,d).) or a dangling edge (r(X,c) :- p(X,_).) are found through the anchor's
 * own edges, and rules whose head constant is the anchor through the anchor; only cyclic rules are scanned.
 *
 * A candidate that already holds the relation in the answer's position is weighted down where the relation is
 * functional there (functional-slots.ts): the hyponym asked for by (?, hypernym, dog) is a synset with no known
 * hypernym yet.
 */
import { TAIL } from '../embeddings/datasets/link-queries.js';
import { appliedConfidence, END_FREE, END_VARIABLE, type LearnedRule } from './rule.js';
import { answerSlot, functionalPenalties } from './functional-slots.js';
import { followPath, pathConnects, reversePath } from './path-walk.js';
import type { TripleGraph } from './triple-graph.js';

interface Scored {
  rule: LearnedRule;
  conf: number;
}

/** Rules of one head relation for one query direction. */
interface DirectionIndex {
  /** Cyclic rules, best first, with the path read from the anchor. */
  cyclic: Array<Scored & { path: number[] }>;
  /** Rules predicting their head constant when the anchor has edge d to e: key d * E + e; dangling: key -1 - d. */
  byAnchorEdge: Map<number, Scored[]>;
  /** Other rules predicting their constant whose body must be checked (longer constant paths). */
  checked: Scored[];
  /** Rules whose head constant is the anchor: they predict every entity satisfying their body. */
  byConstant: Map<number, Scored[]>;
}

export interface RuleIndex {
  /** Per relation: [tail-direction index, head-direction index]. */
  byRelation: Array<[DirectionIndex, DirectionIndex]>;
  numEntities: number;
  /** Per query direction (tail, head) and relation: the weight of a candidate already holding the relation as an answer. */
  functional: [Float64Array, Float64Array];
}

const emptyDirection = (): DirectionIndex => ({ cyclic: [], byAnchorEdge: new Map(), checked: [], byConstant: new Map() });

function push<K>(m: Map<K, Scored[]>, k: K, v: Scored): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export function indexRules(graph: TripleGraph, rules: readonly LearnedRule[]): RuleIndex {
  const E = graph.numEntities;
  const byRelation: RuleIndex['byRelation'] = Array.from({ length: graph.numRelations }, () => [emptyDirection(), emptyDirection()]);
  for (const rule of rules) {
    if (rule.head < 0 || rule.head >= graph.numRelations) continue;
    const conf = appliedConfidence(rule.stats);
    if (!(conf > 0)) continue;
    const [tail, head] = byRelation[rule.head];
    if (rule.end === END_VARIABLE) {
      tail.cyclic.push({ rule, conf, path: rule.path });
      head.cyclic.push({ rule, conf, path: reversePath(graph, rule.path) });
      continue;
    }
    // The direction in which the query asks for the rule's constant, and the one in which the anchor is it.
    const [asks, anchored] = rule.constSide === 'tail' ? [tail, head] : [head, tail];
    const item = { rule, conf };
    if (rule.path.length === 1) push(asks.byAnchorEdge, rule.end === END_FREE ? -1 - rule.path[0] : rule.path[0] * E + rule.end, item);
    else asks.checked.push(item);
    push(anchored.byConstant, rule.headConstant, item);
  }
  const byConf = (a: Scored, b: Scored) => b.conf - a.conf;
  for (const dirs of byRelation) {
    for (const d of dirs) {
      d.cyclic.sort(byConf);
      d.checked.sort(byConf);
      for (const l of d.byAnchorEdge.values()) l.sort(byConf);
      for (const l of d.byConstant.values()) l.sort(byConf);
    }
  }
  return { byRelation, numEntities: E, functional: functionalPenalties(graph) };
}

export interface Candidate {
  entity: number;
  /** Confidences of the rules that predict it, best first (at most `keep`). */
  confidences: number[];
  /** The best rules (same order). */
  rules: LearnedRule[];
  /** Weight on the confidences when ranking: below 1 for a candidate that already holds a functional relation (1 otherwise). */
  weight: number;
}

export interface PredictOptions {
  /** Stop adding candidates once this many are known (rules later in the order only add evidence). */
  maxCandidates?: number;
  /** Confidences kept per candidate for tie-breaking. */
  keep?: number;
  /** Weight candidates that already hold a functional relation down (default true). */
  functional?: boolean;
}

/** Rules still applied, for tie-breaking evidence only, once the candidate list is full. */
const MAX_RULES_AFTER_FULL = 100;

/** Entities satisfying a constant or dangling body, read from the free head variable. */
function bodyGroundings(graph: TripleGraph, rule: LearnedRule, cap: number): ArrayLike<number> {
  if (rule.end === END_FREE) return graph.sources[rule.path[0]].subarray(0, cap);
  return followPath(graph, rule.end, reversePath(graph, rule.path), cap);
}

const CYCLIC = 0, CONSTANT = 1, CHECKED = 2, OWN = 3;

/** Candidates for (anchor, r, ?) when direction = TAIL, or (?, r, anchor) otherwise, best first. */
export function predictCandidates(graph: TripleGraph, index: RuleIndex, anchor: number, relation: number, direction: number, options: PredictOptions = {}): Candidate[] {
  const maxCandidates = options.maxCandidates ?? 200;
  const keep = options.keep ?? 3;
  const dirs = index.byRelation[relation];
  if (!dirs) return [];
  const dir = dirs[direction === TAIL ? 0 : 1];
  const E = index.numEntities;
  // Every rule that can fire from this anchor, and how it produces its entities.
  const items: Scored[] = [];
  const kinds: number[] = [];
  const add = (list: readonly Scored[] | undefined, kind: number): void => {
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      items.push(list[i]);
      kinds.push(kind);
    }
  };
  add(dir.cyclic, CYCLIC);
  for (const d of graph.relationsOf(anchor)) {
    add(dir.byAnchorEdge.get(-1 - d), CONSTANT);
    const ns = graph.neighbours(anchor, d);
    for (let k = 0; k < ns.length; k++) add(dir.byAnchorEdge.get(d * E + ns[k]), CONSTANT);
  }
  add(dir.checked, CHECKED);
  add(dir.byConstant.get(anchor), OWN);
  const order = Array.from({ length: items.length }, (_, i) => i);
  order.sort((a, b) => items[b].conf - items[a].conf);

  const found = new Map<number, Candidate>();
  let rulesAfterFull = 0;
  const offer = (e: number, s: Scored, open: boolean): void => {
    if (e === anchor) return;
    const c = found.get(e);
    if (c) {
      if (c.confidences.length < keep && c.rules[c.rules.length - 1] !== s.rule) {
        c.confidences.push(s.conf);
        c.rules.push(s.rule);
      }
    } else if (open) found.set(e, { entity: e, confidences: [s.conf], rules: [s.rule], weight: 1 });
  };
  for (const i of order) {
    const open = found.size < maxCandidates;
    if (!open && ++rulesAfterFull > MAX_RULES_AFTER_FULL) break;
    const s = items[i];
    switch (kinds[i]) {
      case CYCLIC: {
        const ends = followPath(graph, anchor, (s as Scored & { path: number[] }).path);
        for (let k = 0; k < ends.length; k++) offer(ends[k], s, open);
        break;
      }
      case CONSTANT:
        offer(s.rule.headConstant, s, open);
        break;
      case CHECKED:
        if (pathConnects(graph, anchor, s.rule.path, s.rule.end)) offer(s.rule.headConstant, s, open);
        break;
      default: {
        const ends = bodyGroundings(graph, s.rule, 10_000);
        for (let k = 0; k < ends.length; k++) offer(ends[k], s, open);
      }
    }
  }
  const penalty = options.functional === false ? 1 : index.functional[direction === TAIL ? 0 : 1][relation];
  if (penalty < 1) {
    const slot = answerSlot(graph, relation, direction);
    for (const c of found.values()) if (graph.degree(c.entity, slot) > 0) c.weight = penalty;
  }
  return [...found.values()].sort(compareCandidates);
}

/** Max-then-next: compare weighted confidence lists lexicographically (a longer list wins a tie on its prefix). */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const n = Math.max(a.confidences.length, b.confidences.length);
  for (let i = 0; i < n; i++) {
    const x = (a.confidences[i] ?? 0) * a.weight, y = (b.confidences[i] ?? 0) * b.weight;
    if (x !== y) return y - x;
  }
  return 0;
}

/** A single number that orders candidates as compareCandidates does (for ties with other scorers). */
export function candidateScore(c: Candidate): number {
  let s = 0, w = c.weight;
  for (const x of c.confidences) {
    s += x * w;
    w *= 1e-4;
  }
  return s;
}
