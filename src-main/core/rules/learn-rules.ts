/**
 * Anytime bottom-up rule learning (AnyBURL: Meilicke et al., "Anytime Bottom-Up Rule Learning for Knowledge
 * Graph Completion", IJCAI 2019). Repeatedly: draw a training triple r(h, t), find paths that explain it —
 * every cyclic path of length 1 and 2 from h to t, random walks for length 3, and random edges of h and t for
 * rules with constants — generalise each to a rule, and count the rule once on the training triples
 * (rule-stats.ts). Runs until its time budget is spent or it is cancelled, and returns the rules found so far.
 */
import { Mulberry32 } from '../random/mulberry32.js';
import { appliedConfidence, END_FREE, END_VARIABLE, type ConstSide, type LearnedRule, ruleKey } from './rule.js';
import { DEFAULT_STATS_LIMITS, ruleStats, type StatsLimits } from './rule-stats.js';
import type { TripleGraph } from './triple-graph.js';

export interface LearnOptions {
  /** Longest cyclic body (1–3). */
  maxLength?: number;
  /** Time budget in seconds. */
  seconds?: number;
  seed?: number;
  /** Rules below this support or confidence are dropped (AnyBURL: 2 and 0.0001). */
  minSupport?: number;
  minConfidence?: number;
  /**
   * Most rules kept (memory stays bounded on large KGs): past it the weakest fifth, by the confidence ranking
   * uses, is dropped, so a longer run still replaces weak rules with better ones.
   */
  maxRules?: number;
  /** Learn rules with constants (r(X,c) :- p(X,d). and r(X,c) :- p(X,_).). */
  constants?: boolean;
  signal?: AbortSignal;
  /** Polled between samples (a worker's shared cancel flag). */
  shouldStop?: () => boolean;
  onProgress?: (p: LearnProgress) => void;
  statsLimits?: StatsLimits;
}

export interface LearnProgress {
  seconds: number;
  budget: number;
  rules: number;
  sampledTriples: number;
}

export interface LearnResult {
  rules: LearnedRule[];
  seconds: number;
  sampledTriples: number;
  candidatesChecked: number;
  cancelled: boolean;
}

/** Rules kept by one learner (about 0.5 KB each with their examples). */
export const DEFAULT_MAX_RULES = 1_000_000;
/** Walk attempts per sampled triple for length-3 paths. */
const WALKS_PER_TRIPLE = 12;
/** Random edges of h and of t generalised to rules with constants, per sampled triple. */
const CONSTANT_EDGES = 8;
/** Neighbours of h tried for length-2 paths (all when fewer). */
const MAX_FANOUT = 64;

export function learnRules(graph: TripleGraph, options: LearnOptions = {}): LearnResult {
  const maxLength = Math.min(3, Math.max(1, options.maxLength ?? 3));
  const budget = options.seconds ?? defaultBudgetSeconds(graph.triples.heads.length);
  const minSupport = options.minSupport ?? 2;
  const minConfidence = options.minConfidence ?? 0.0001;
  const useConstants = options.constants ?? true;
  const limits = options.statsLimits ?? DEFAULT_STATS_LIMITS;
  const rng = new Mulberry32(options.seed ?? 1);
  const statsRng = new Mulberry32((options.seed ?? 1) ^ 0x5bd1e995);
  const R = graph.numRelations;
  const n = graph.triples.heads.length;
  const seen = new Set<string>();
  let rules: LearnedRule[] = [];
  const maxRules = options.maxRules ?? DEFAULT_MAX_RULES;
  const t0 = performance.now();
  let lastProgress = t0;
  let sampled = 0;
  let checked = 0;
  let cancelled = false;

  const consider = (head: number, constSide: ConstSide, headConstant: number, path: number[], end: number): void => {
    const key = ruleKey({ head, constSide, headConstant, path, end });
    if (seen.has(key)) return;
    seen.add(key);
    checked++;
    const rule: LearnedRule = { head, constSide, headConstant, path, end, stats: undefined as never };
    const stats = ruleStats(graph, rule, statsRng, limits);
    if (stats.support < minSupport || stats.confidence < minConfidence) return;
    rule.stats = stats;
    rules.push(rule);
    if (rules.length > maxRules) {
      rules.sort((a, b) => appliedConfidence(b.stats) - appliedConfidence(a.stats));
      rules = rules.slice(0, Math.floor(maxRules * 0.8));
    }
  };

  const pickNeighbour = (e: number): [number, number] | null => {
    const rels = graph.relationsOf(e);
    if (rels.length === 0) return null;
    const d = rels[rng.int(rels.length)];
    const ns = graph.neighbours(e, d);
    return [d, ns[rng.int(ns.length)]];
  };

  if (n > 0) {
    for (;;) {
      const now = performance.now();
      if ((now - t0) / 1000 >= budget) break;
      if (options.signal?.aborted || options.shouldStop?.()) {
        cancelled = true;
        break;
      }
      if (options.onProgress && now - lastProgress > 500) {
        lastProgress = now;
        options.onProgress({ seconds: (now - t0) / 1000, budget, rules: rules.length, sampledTriples: sampled });
      }
      const i = rng.int(n);
      const h = graph.triples.heads[i], r = graph.triples.relations[i], t = graph.triples.tails[i];
      sampled++;
      if (h === t) continue;
      const hRels = graph.relationsOf(h);
      // Cyclic, length 1: another relation links h and t.
      for (const d of hRels) if (d !== r && graph.hasEdge(h, d, t)) consider(r, 'none', -1, [d], END_VARIABLE);
      // Cyclic, length 2: h -d1-> z -d2-> t.
      if (maxLength >= 2) {
        for (const d1 of hRels) {
          const zs = graph.neighbours(h, d1);
          const step = zs.length > MAX_FANOUT ? zs.length / MAX_FANOUT : 1;
          for (let k = 0; k < zs.length; k += step) {
            const z = zs[Math.floor(k)];
            if (z === t || z === h) continue;
            for (const d2 of graph.relationsOf(z)) if (graph.hasEdge(z, d2, t)) consider(r, 'none', -1, [d1, d2], END_VARIABLE);
          }
        }
      }
      // Cyclic, length 3, by random walks h -d1-> z1 -d2-> z2 -d3-> t (enumerating them all costs dense KGs
      // their whole budget on long rules).
      if (maxLength >= 3) {
        for (let w = 0; w < WALKS_PER_TRIPLE; w++) {
          const s1 = pickNeighbour(h);
          if (!s1 || s1[1] === t || s1[1] === h) continue;
          const s2 = pickNeighbour(s1[1]);
          if (!s2 || s2[1] === h || s2[1] === t || s2[1] === s1[1]) continue;
          for (const d3 of graph.relationsOf(s2[1])) if (graph.hasEdge(s2[1], d3, t)) consider(r, 'none', -1, [s1[0], s2[0], d3], END_VARIABLE);
        }
      }
      if (useConstants) {
        for (let c = 0; c < CONSTANT_EDGES; c++) {
          // r(X, t) :- d(X, z).  and  r(X, t) :- d(X, _).   (from an edge of h other than this triple)
          const a = pickNeighbour(h);
          if (a && !(a[0] === r && a[1] === t)) {
            consider(r, 'tail', t, [a[0]], a[1]);
            consider(r, 'tail', t, [a[0]], END_FREE);
          }
          // r(h, Y) :- d(Y, z).  and  r(h, Y) :- d(Y, _).
          const b = pickNeighbour(t);
          if (b && !(b[0] === r + R && b[1] === h)) {
            consider(r, 'head', h, [b[0]], b[1]);
            consider(r, 'head', h, [b[0]], END_FREE);
          }
        }
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  options.onProgress?.({ seconds, budget, rules: rules.length, sampledTriples: sampled });
  rules.sort((x, y) => y.stats.confidence - x.stats.confidence || y.stats.support - x.stats.support);
  return { rules, seconds, sampledTriples: sampled, candidatesChecked: checked, cancelled };
}

/** Default time budget: about three seconds per thousand training triples, between 10 s and 15 minutes. */
export function defaultBudgetSeconds(trainingTriples: number): number {
  return Math.min(900, Math.max(10, Math.round((3 * trainingTriples) / 1000)));
}

