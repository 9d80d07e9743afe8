import type { TripleIds } from './triple-datasets.js';

/** direction 0: predict the tail of (anchor=h, r, ?); direction 1: predict the head of (?, r, anchor=t). */
export const TAIL = 0;
export const HEAD = 1;

/** Link-prediction queries as parallel arrays: anchor entity, relation row, direction, answer entity. */
export interface QuerySet {
  anchors: Int32Array;
  relations: Int32Array;
  directions: Uint8Array;
  targets: Int32Array;
}

/**
 * Two queries per triple: (h, r, ?) -> t and (?, r, t) -> h. With reciprocal relations the second
 * becomes the tail query (t, r + numRelations, ?) -> h, so every query is a tail query.
 */
export function queriesForTriples(t: TripleIds, numRelations: number, reciprocal: boolean): QuerySet {
  const n = t.heads.length;
  const q: QuerySet = { anchors: new Int32Array(2 * n), relations: new Int32Array(2 * n), directions: new Uint8Array(2 * n), targets: new Int32Array(2 * n) };
  for (let i = 0; i < n; i++) {
    const h = t.heads[i], r = t.relations[i], tl = t.tails[i];
    q.anchors[2 * i] = h;
    q.relations[2 * i] = r;
    q.directions[2 * i] = TAIL;
    q.targets[2 * i] = tl;
    q.anchors[2 * i + 1] = tl;
    q.relations[2 * i + 1] = reciprocal ? r + numRelations : r;
    q.directions[2 * i + 1] = reciprocal ? TAIL : HEAD;
    q.targets[2 * i + 1] = h;
  }
  return q;
}

export function queryCount(q: QuerySet): number {
  return q.anchors.length;
}
