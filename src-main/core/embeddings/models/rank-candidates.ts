import type { EmbeddingParams } from './embedding-params.js';
import { scoreQuery } from '../training/filtered-evaluation.js';
import { TAIL } from '../datasets/link-queries.js';

export interface Candidate {
  entity: number;
  score: number;
  /** (anchor, relation, candidate) is already a known fact. */
  known: boolean;
}

/**
 * The `top` highest-scoring answers of (anchor, relation, ?) (direction TAIL) or (?, relation, anchor)
 * (HEAD), best first; known facts are kept and marked, or left out with `skipKnown`.
 */
export function rankCandidates(
  p: EmbeddingParams, anchor: number, relation: number, direction: number, known: ReadonlySet<number>, top: number, skipKnown = false,
): Candidate[] {
  const scores = new Float32Array(p.numEntities);
  scoreQuery(p, anchor, relation, direction, new Float32Array(p.entityWidth), scores);
  const ids: number[] = [];
  for (let i = 0; i < p.numEntities; i++) if (!(skipKnown && known.has(i))) ids.push(i);
  ids.sort((a, b) => scores[b] - scores[a] || a - b);
  return ids.slice(0, top).map((entity) => ({ entity, score: scores[entity], known: known.has(entity) }));
}

/** Known answers of a query, from id triples. */
export function knownAnswers(heads: Int32Array, relations: Int32Array, tails: Int32Array, anchor: number, relation: number, direction: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < heads.length; i++) {
    if (relations[i] !== relation) continue;
    if (direction === TAIL ? heads[i] === anchor : tails[i] === anchor) out.add(direction === TAIL ? tails[i] : heads[i]);
  }
  return out;
}
