import { resolveModel } from '../models/model-resolver.js';
import { compare, compareBackward } from '../models/interaction.js';
import { softplus, sigmoid } from './losses.js';
import type { TripleIds } from '../datasets/triple-datasets.js';
import type { EmbeddingParams } from '../models/embedding-params.js';
import type { GradientBuffers } from './batch-gradient.js';

/** Rejected triples mixed into each batch, at most this many (round robin over all of them). */
const REJECTED_PER_BATCH = 64;

/**
 * Rejected predictions (a reviewer said "false") as extra negatives, whatever the training loss:
 * each batch adds scale * softplus(score(h, r, t)) for up to REJECTED_PER_BATCH rejected triples,
 * i.e. binary cross-entropy with label 0 (dL/ds = sigmoid(s)), which pushes their scores down. With
 * reciprocal relations the inverse query (t, r^-1, ?) -> h gets the same term.
 */
export class RejectedNegativeSampler {
  private next = 0;
  /** Rejected triples used so far (counted once per use). */
  used = 0;
  private readonly q: Float32Array;
  private readonly gq: Float32Array;

  constructor(readonly rejected: TripleIds, private readonly params: EmbeddingParams) {
    this.q = new Float32Array(params.entityWidth);
    this.gq = new Float32Array(params.entityWidth);
  }

  get size(): number {
    return this.rejected.heads.length;
  }

  /** The indices (into `rejected`) the next batch uses. */
  nextBatch(): number[] {
    const n = Math.min(this.size, REJECTED_PER_BATCH);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push(this.next);
      this.next = (this.next + 1) % this.size;
    }
    return out;
  }

  /** Adds the rejected triples' gradient into `grads` (marking touched rows) and returns their loss. */
  accumulate(scale: number, grads: GradientBuffers): number {
    if (this.size === 0) return 0;
    const p = this.params, m = resolveModel(p.model), ew = p.entityWidth, rw = p.relationWidth;
    const E = p.entities, R = p.relations, { q, gq } = this;
    let total = 0;
    const term = (a: number, r: number, c: number) => {
      m.tailQuery(E, a * ew, R, r * rw, q, 0, ew);
      const s = compare(m.comparator, q, 0, E, c * ew, ew);
      total += scale * softplus(s);
      gq.fill(0);
      compareBackward(m.comparator, q, 0, E, c * ew, ew, scale * sigmoid(s), gq, 0, grads.entities, c * ew);
      m.tailQueryBackward(E, a * ew, R, r * rw, gq, 0, grads.entities, a * ew, grads.relations, r * rw, ew);
      grads.entityTouched[a] = 1;
      grads.entityTouched[c] = 1;
      grads.relationTouched[r] = 1;
    };
    for (const i of this.nextBatch()) {
      const h = this.rejected.heads[i], r = this.rejected.relations[i], t = this.rejected.tails[i];
      term(h, r, t);
      if (p.reciprocal) term(t, r + p.numRelations, h);
      this.used++;
    }
    return total;
  }
}
