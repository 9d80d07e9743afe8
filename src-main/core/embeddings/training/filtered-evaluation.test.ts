import { describe, it, expect } from 'vitest';
import { buildFilterIndex, filterKey, filteredRank, evaluateFiltered, summariseRanks, evaluationQueries, rankQueries, scoreQuery } from './filtered-evaluation.js';
import { createParams, initialiseParams, type EmbeddingParams } from '../models/embedding-params.js';
import { readBenchmarkFolder, concatTriples } from '../datasets/triple-datasets.js';
import { createPrng } from '../../random/mulberry32.js';
import { MODEL_NAMES } from '../models/model-resolver.js';
import { datasetPath } from '../../../../test-support/paths.js';
import type { TripleIds } from '../datasets/triple-datasets.js';
import { TAIL, HEAD } from '../datasets/link-queries.js';

const triples = (rows: Array<[number, number, number]>): TripleIds => ({
  heads: Int32Array.from(rows, (r) => r[0]),
  relations: Int32Array.from(rows, (r) => r[1]),
  tails: Int32Array.from(rows, (r) => r[2]),
});

describe('filtered rank', () => {
  // 5 entities, 1 relation; known: (0,0,1), (0,0,2) in train, (0,0,3) in test.
  const filter = buildFilterIndex(triples([[0, 0, 1], [0, 0, 2], [0, 0, 3]]), 1);
  const mask = new Uint8Array(5);

  it('removes other known answers before ranking', () => {
    // Answer 3 scores 0.5; entities 1 and 2 (known) and 4 (unknown) score higher.
    const scores = Float32Array.from([0.1, 0.9, 0.8, 0.5, 0.7]);
    expect(filteredRank(scores, 5, 3, filter, filterKey(0, 0, TAIL, 1), mask)).toBe(2);
    // Unfiltered (no known answers for this key) all three count.
    expect(filteredRank(scores, 5, 3, filter, filterKey(4, 0, TAIL, 1), mask)).toBe(4);
    expect(mask.every((v) => v === 0)).toBe(true);
  });

  it('counts ties as the mean rank', () => {
    // Answer 3 ties with entities 0 and 4 (not known): ranks 1..3, mean 2.
    const scores = Float32Array.from([0.5, 0.9, 0.9, 0.5, 0.5]);
    expect(filteredRank(scores, 5, 3, filter, filterKey(0, 0, TAIL, 1), mask)).toBe(2);
    // All equal, nothing filtered: ranks 1..5, mean 3.
    expect(filteredRank(new Float32Array(5), 5, 3, filter, filterKey(2, 0, TAIL, 1), mask)).toBe(3);
  });

  it('filters the head side with the known heads of (?, r, t)', () => {
    const f = buildFilterIndex(triples([[1, 0, 4], [2, 0, 4], [3, 0, 4]]), 1);
    const scores = Float32Array.from([0, 0.9, 0.8, 0.1, 0.2]);
    // Answer 3 for (?, 0, 4): 1 and 2 are filtered, entity 4 (0.2) beats it.
    expect(filteredRank(scores, 5, 3, f, filterKey(4, 0, HEAD, 1), mask)).toBe(2);
  });

  it('a constant model ranks every query at the middle, both directions', () => {
    // DistMult with all-zero rows scores every candidate 0: each query's rank is the mean of the unfiltered places.
    const p: EmbeddingParams = createParams({ model: 'distmult', dim: 2, reciprocal: false, numEntities: 5, numRelations: 1 });
    const test = triples([[0, 0, 3]]);
    const all = triples([[0, 0, 1], [0, 0, 2], [0, 0, 3]]);
    const r = evaluateFiltered(p, test, buildFilterIndex(all, 1));
    // Tail (0,0,?): 1 and 2 filtered, candidates {0,3,4} -> rank 2. Head (?,0,3): only 0 is known (and it is the answer) -> 5 candidates -> rank 3.
    expect(r.tail.meanRank).toBe(2);
    expect(r.head.meanRank).toBe(3);
    expect(r.mrr).toBeCloseTo((1 / 2 + 1 / 3) / 2, 10);
    expect(r.perRelation).toHaveLength(1);
  });

  it('summarises MRR and Hits@k', () => {
    const s = summariseRanks(Float64Array.from([1, 2, 4, 10, 11]));
    expect(s.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 4 + 1 / 10 + 1 / 11) / 5, 10);
    expect([s.hitsAt1, s.hitsAt3, s.hitsAt10]).toEqual([0.2, 0.4, 0.8]);
  });
});

describe.each(MODEL_NAMES)('rankQueries (%s)', (model) => {
  it('gives every query the rank that scoring it alone gives (grouped and blocked scoring change nothing)', () => {
    const ds = readBenchmarkFolder(datasetPath('nations'));
    const p = createParams({ model, dim: 8, reciprocal: model === 'complex', numEntities: ds.entities.length, numRelations: ds.relations.length });
    initialiseParams(p, { initScale: 0.5 }, createPrng(11));
    const filter = buildFilterIndex(concatTriples(ds.train, ds.valid, ds.test), ds.relations.length);
    const q = evaluationQueries(ds.test);
    const ranks = new Float64Array(q.anchors.length);
    rankQueries(p, q, 0, 150, filter, ranks);
    rankQueries(p, q, 150, q.anchors.length, filter, ranks);
    const scores = new Float32Array(p.numEntities), mask = new Uint8Array(p.numEntities);
    for (let i = 0; i < q.anchors.length; i++) {
      scoreQuery(p, q.anchors[i], q.relations[i], q.directions[i], new Float32Array(p.entityWidth), scores);
      const alone = filteredRank(scores, p.numEntities, q.targets[i], filter, filterKey(q.anchors[i], q.relations[i], q.directions[i], ds.relations.length), mask);
      expect(Math.abs(ranks[i] - alone)).toBe(0);
    }
  });
});
