/**
 * Functional answer positions: the partial completeness assumption (AMIE, Galárraga et al. 2013) at prediction
 * time. When a relation is (nearly) functional in the answer's position — every synset has one hypernym, every
 * species belongs to one genus — a candidate that already holds the relation there is a far less likely answer
 * than one that does not: (?, hypernym, dog) is answered by a synset with no known hypernym, not by one that has
 * its own. A Horn rule cannot say "not if it already has one", so rules alone rank such candidates by the rule
 * that reaches them and miss the difference.
 *
 * The factor is measured on the training triples by leaving each fact out: a fact whose answer-side entity holds
 * no other fact of the relation is one answered by an entity that looks empty; one whose entity holds others is
 * answered by an entity that looks taken. Per entity, the rates are
 *   empty = #facts whose entity holds just that one / #entities holding none
 *   taken = #facts whose entity holds two or more / #entities holding some
 * and a candidate that holds the relation is weighted by taken / empty, capped at 1 (popular answers are already
 * rewarded by the rules with constants, so only the penalty is information the rules lack). The ratio is taken at
 * the upper end of its confidence interval (z standard errors of its logarithm, Poisson counts), so a relation
 * seen a few dozen times — a small KG like Nations — gets no penalty from noise.
 */
import { HEAD, TAIL } from '../embeddings/datasets/link-queries.js';
import type { TripleGraph } from './triple-graph.js';

/** Standard errors above the measured ratio at which the penalty is read (3: only clear functionality counts). */
export const FUNCTIONAL_Z = 3;

/** The directed relation whose degree is the answer's count of facts in its own position. */
export function answerSlot(graph: TripleGraph, relation: number, direction: number): number {
  // (h, r, ?): the answer is a tail, its r-facts as a tail are its backward edges; (?, r, t): its forward edges.
  return direction === TAIL ? relation + graph.numRelations : relation;
}

/** One relation and direction's factor (1 = no penalty) for candidates that already hold the relation. */
export function functionalPenalty(graph: TripleGraph, relation: number, direction: number, z = FUNCTIONAL_Z): number {
  const d = answerSlot(graph, relation, direction);
  let none = 0, some = 0, single = 0, multi = 0;
  for (let e = 0; e < graph.numEntities; e++) {
    const k = graph.degree(e, d);
    if (k === 0) none++;
    else {
      some++;
      if (k === 1) single++;
      else multi += k;
    }
  }
  if (some === 0) return 1;
  const empty = (single + 1) / (none + 1);
  const taken = (multi + 1) / (some + 1);
  const upper = (taken / empty) * Math.exp(z * Math.sqrt(1 / (single + 1) + 1 / (multi + 1)));
  return Math.min(1, upper);
}

/** Factors for every relation: [tail-direction factors, head-direction factors]. */
export function functionalPenalties(graph: TripleGraph, z = FUNCTIONAL_Z): [Float64Array, Float64Array] {
  const out: [Float64Array, Float64Array] = [new Float64Array(graph.numRelations), new Float64Array(graph.numRelations)];
  for (let r = 0; r < graph.numRelations; r++) {
    out[0][r] = functionalPenalty(graph, r, TAIL, z);
    out[1][r] = functionalPenalty(graph, r, HEAD, z);
  }
  return out;
}
