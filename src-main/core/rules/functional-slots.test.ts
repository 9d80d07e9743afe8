import { describe, expect, it } from 'vitest';
import { HEAD, TAIL } from '../embeddings/datasets/link-queries.js';
import { readBenchmarkFolder } from '../embeddings/datasets/triple-datasets.js';
import { datasetPath } from '../../../test-support/paths.js';
import { functionalPenalty } from './functional-slots.js';
import { indexRules, predictCandidates } from './predict-links.js';
import { END_VARIABLE, type LearnedRule } from './rule.js';
import { TripleGraph } from './triple-graph.js';

function graphOf(facts: Array<[number, number, number]>, numEntities: number, numRelations: number): TripleGraph {
  return new TripleGraph(
    { heads: Int32Array.from(facts, (f) => f[0]), relations: Int32Array.from(facts, (f) => f[1]), tails: Int32Array.from(facts, (f) => f[2]) },
    numEntities,
    numRelations,
  );
}

describe('functional answer positions', () => {
  it('finds WordNet hypernym functional for the hyponym asked for, and not for the hypernym or a many-to-many relation', () => {
    const ds = readBenchmarkFolder(datasetPath('wn18rr'));
    const graph = new TripleGraph(ds.train, ds.entities.length, ds.relations.length);
    const r = (n: string) => ds.relations.indexOf(n);
    // (?, hypernym, t): a synset has one hypernym, so one that has its own is rarely the answer.
    expect(functionalPenalty(graph, r('_hypernym'), HEAD)).toBeLessThan(0.1);
    // (h, hypernym, ?): a hypernym has many hyponyms; one that already has some is no less likely.
    expect(functionalPenalty(graph, r('_hypernym'), TAIL)).toBe(1);
    expect(functionalPenalty(graph, r('_derivationally_related_form'), TAIL)).toBe(1);
    expect(functionalPenalty(graph, r('_derivationally_related_form'), HEAD)).toBe(1);
  });

  it('does not penalise on the evidence of a few facts', () => {
    // Relation 0 is functional in the head's position, but seen on four entities only.
    const graph = graphOf([[0, 0, 10], [1, 0, 10], [2, 0, 11], [3, 0, 11]], 20, 1);
    expect(functionalPenalty(graph, 0, HEAD)).toBe(1);
  });

  it('ranks a candidate with no genus above one that has its own, when the same rule reaches both', () => {
    // Entities 0..299 are species, 300..309 genera; relation 0 = genus (species → genus), 1 = near (species → species).
    const facts: Array<[number, number, number]> = [];
    for (let s = 2; s < 240; s++) facts.push([s, 0, 300 + (s % 10)]);
    for (let s = 240; s < 250; s++) facts.push([s, 0, 300], [s, 0, 301]);
    // Species 0 has a genus (302), species 1 none yet; both are near species 10, of genus 300.
    facts.push([0, 0, 302], [0, 1, 10], [1, 1, 10]);
    const graph = graphOf(facts, 310, 2);
    // genus(X, Y) :- near(X, A), genus(A, Y).
    const rule: LearnedRule = {
      head: 0, constSide: 'none', headConstant: -1, path: [1, 0], end: END_VARIABLE,
      stats: { support: 5, bodySize: 10, pcaBodySize: 10, confidence: 0.5, pcaConfidence: 0.5, headCoverage: 0.01, sampled: false, examples: [] },
    };
    const index = indexRules(graph, [rule]);
    expect(index.functional[1][0]).toBeLessThan(0.5);
    const ranked = predictCandidates(graph, index, 300, 0, HEAD);
    expect(ranked.map((c) => c.entity)).toEqual([1, 0]);
    expect(ranked[0].weight).toBe(1);
    expect(ranked[1].weight).toBeLessThan(0.5);
    // The rules alone (the correction off) cannot tell them apart: both carry the same rule's confidence.
    const plain = predictCandidates(graph, index, 300, 0, HEAD, { functional: false });
    expect(plain.map((c) => c.entity)).toEqual([0, 1]);
    expect(plain.map((c) => c.weight)).toEqual([1, 1]);
    expect(plain[0].confidences).toEqual(plain[1].confidences);
  });
});
