import type { EvaluationResult } from './filtered-evaluation.js';

/** Filtered ranking metrics in the snake_case JSON shape the CLI prints and stored models keep. */
export function metricsJson(e: EvaluationResult, relations: string[]): Record<string, unknown> {
  const m = (x: EvaluationResult['head']) => ({ mrr: x.mrr, hits_at_1: x.hitsAt1, hits_at_3: x.hitsAt3, hits_at_10: x.hitsAt10, mean_rank: x.meanRank, queries: x.count });
  return {
    mrr: e.mrr, hits_at_1: e.hitsAt1, hits_at_3: e.hitsAt3, hits_at_10: e.hitsAt10, mean_rank: e.meanRank,
    test_queries: e.count, eval_seconds: e.seconds,
    head: m(e.head), tail: m(e.tail),
    per_relation: Object.fromEntries(e.perRelation.map((p) => [relations[p.relation], m(p)])),
  };
}
