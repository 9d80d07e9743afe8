/**
 * An embedding model is an interaction function split in two pure parts, so one kernel serves
 * 1-vs-all scoring, negative sampling and evaluation alike:
 *   score(h, r, t) = compare(tailQuery(h, r), t) = compare(headQuery(r, t), h)
 * Each part has a hand-derived backward pass that *adds* into gradient buffers.
 * Rows live in flat Float32Arrays: entity i occupies [i*entityWidth, (i+1)*entityWidth).
 * Complex-valued rows use the block layout [re_0..re_{k-1}, im_0..im_{k-1}] (as torch_kge.py).
 */
import type { ModelName } from '../../../contract/embeddings-types.js';

export type { ModelName };

/** How a query vector is compared with a candidate entity row (higher = more plausible). */
export type Comparator = 'dot' | 'negL1' | 'negL2' | 'negComplexModulusL1';

export interface Interaction {
  readonly name: ModelName;
  readonly comparator: Comparator;
  /** Entity rows are complex (N3 then uses complex moduli). */
  readonly complexEntities: boolean;
  /** Relation rows are phases (RotatE): excluded from N3. */
  readonly phaseRelations: boolean;
  entityWidth(dim: number): number;
  relationWidth(dim: number): number;
  /** q = tail query of (h, r), width = entityWidth. */
  tailQuery(h: Float32Array, ho: number, r: Float32Array, ro: number, q: Float32Array, qo: number, w: number): void;
  tailQueryBackward(
    h: Float32Array, ho: number, r: Float32Array, ro: number, gq: Float32Array, gqo: number,
    gh: Float32Array, gho: number, gr: Float32Array, gro: number, w: number,
  ): void;
  /** q = head query of (r, t). */
  headQuery(r: Float32Array, ro: number, t: Float32Array, to: number, q: Float32Array, qo: number, w: number): void;
  headQueryBackward(
    r: Float32Array, ro: number, t: Float32Array, to: number, gq: Float32Array, gqo: number,
    gr: Float32Array, gro: number, gt: Float32Array, gto: number, w: number,
  ): void;
}

const EPS = 1e-9;

/** compare(q, c) for one candidate row. */
export function compare(cmp: Comparator, q: Float32Array, qo: number, c: Float32Array, co: number, w: number): number {
  let s = 0;
  switch (cmp) {
    case 'dot':
      for (let i = 0; i < w; i++) s += q[qo + i] * c[co + i];
      return s;
    case 'negL1':
      for (let i = 0; i < w; i++) s += Math.abs(q[qo + i] - c[co + i]);
      return -s;
    case 'negL2':
      for (let i = 0; i < w; i++) {
        const d = q[qo + i] - c[co + i];
        s += d * d;
      }
      return -Math.sqrt(s + EPS);
    case 'negComplexModulusL1': {
      const k = w >> 1;
      for (let i = 0; i < k; i++) {
        const dr = q[qo + i] - c[co + i];
        const di = q[qo + k + i] - c[co + k + i];
        s += Math.sqrt(dr * dr + di * di + EPS);
      }
      return -s;
    }
  }
}

/** Adds g * d compare / d q into gq and g * d compare / d c into gc. */
export function compareBackward(
  cmp: Comparator, q: Float32Array, qo: number, c: Float32Array, co: number, w: number, g: number,
  gq: Float32Array, gqo: number, gc: Float32Array | null, gco: number,
): void {
  switch (cmp) {
    case 'dot':
      for (let i = 0; i < w; i++) {
        gq[gqo + i] += g * c[co + i];
        if (gc) gc[gco + i] += g * q[qo + i];
      }
      return;
    case 'negL1':
      for (let i = 0; i < w; i++) {
        const d = q[qo + i] - c[co + i];
        const s = d > 0 ? g : d < 0 ? -g : 0;
        gq[gqo + i] -= s;
        if (gc) gc[gco + i] += s;
      }
      return;
    case 'negL2': {
      let n = 0;
      for (let i = 0; i < w; i++) {
        const d = q[qo + i] - c[co + i];
        n += d * d;
      }
      const f = g / Math.sqrt(n + EPS);
      for (let i = 0; i < w; i++) {
        const d = (q[qo + i] - c[co + i]) * f;
        gq[gqo + i] -= d;
        if (gc) gc[gco + i] += d;
      }
      return;
    }
    case 'negComplexModulusL1': {
      const k = w >> 1;
      for (let i = 0; i < k; i++) {
        const dr = q[qo + i] - c[co + i];
        const di = q[qo + k + i] - c[co + k + i];
        const f = g / Math.sqrt(dr * dr + di * di + EPS);
        gq[gqo + i] -= dr * f;
        gq[gqo + k + i] -= di * f;
        if (gc) {
          gc[gco + i] += dr * f;
          gc[gco + k + i] += di * f;
        }
      }
      return;
    }
  }
}

/** out[n] = compare(q, E_n) for every entity row n < count (the evaluation and 1-vs-all hot loop). */
export function scoreAllCandidates(cmp: Comparator, q: Float32Array, qo: number, E: Float32Array, count: number, w: number, out: Float32Array): void {
  if (cmp === 'dot') {
    // Four accumulators break the add dependency chain; V8 does not vectorise this loop by itself.
    const w4 = w & ~3;
    for (let n = 0, eo = 0; n < count; n++, eo += w) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let i = 0;
      for (; i < w4; i += 4) {
        s0 += q[qo + i] * E[eo + i];
        s1 += q[qo + i + 1] * E[eo + i + 1];
        s2 += q[qo + i + 2] * E[eo + i + 2];
        s3 += q[qo + i + 3] * E[eo + i + 3];
      }
      for (; i < w; i++) s0 += q[qo + i] * E[eo + i];
      out[n] = s0 + s1 + s2 + s3;
    }
    return;
  }
  for (let n = 0; n < count; n++) out[n] = compare(cmp, q, qo, E, n * w, w);
}

/** Backward of scoreAllCandidates: gq += sum_n g_n dcompare/dq, gE_n += g_n dcompare/dE_n (skips g_n = 0). */
export function scoreAllCandidatesBackward(
  cmp: Comparator, q: Float32Array, qo: number, E: Float32Array, count: number, w: number, g: Float32Array,
  gq: Float32Array, gqo: number, gE: Float32Array,
): void {
  if (cmp === 'dot') {
    for (let n = 0, eo = 0; n < count; n++, eo += w) {
      const gn = g[n];
      if (gn === 0) continue;
      for (let i = 0; i < w; i++) {
        gq[gqo + i] += gn * E[eo + i];
        gE[eo + i] += gn * q[qo + i];
      }
    }
    return;
  }
  for (let n = 0; n < count; n++) if (g[n] !== 0) compareBackward(cmp, q, qo, E, n * w, w, g[n], gq, gqo, gE, n * w);
}
