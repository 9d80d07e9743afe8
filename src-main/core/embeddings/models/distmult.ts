import type { Interaction } from './interaction.js';

/** DistMult (Yang et al. 2015): score = <h, r, t>. Tail query h*r; head query r*t. */
export const distmult: Interaction = {
  name: 'distmult',
  comparator: 'dot',
  complexEntities: false,
  phaseRelations: false,
  entityWidth: (dim) => dim,
  relationWidth: (dim) => dim,
  tailQuery(h, ho, r, ro, q, qo, w) {
    for (let i = 0; i < w; i++) q[qo + i] = h[ho + i] * r[ro + i];
  },
  tailQueryBackward(h, ho, r, ro, gq, gqo, gh, gho, gr, gro, w) {
    for (let i = 0; i < w; i++) {
      gh[gho + i] += gq[gqo + i] * r[ro + i];
      gr[gro + i] += gq[gqo + i] * h[ho + i];
    }
  },
  headQuery(r, ro, t, to, q, qo, w) {
    for (let i = 0; i < w; i++) q[qo + i] = r[ro + i] * t[to + i];
  },
  headQueryBackward(r, ro, t, to, gq, gqo, gr, gro, gt, gto, w) {
    for (let i = 0; i < w; i++) {
      gr[gro + i] += gq[gqo + i] * t[to + i];
      gt[gto + i] += gq[gqo + i] * r[ro + i];
    }
  },
};
