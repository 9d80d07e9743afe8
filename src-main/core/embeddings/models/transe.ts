import type { Interaction } from './interaction.js';

/** TransE (Bordes et al. 2013): score = -||h + r - t||_1. Tail query h + r; head query t - r. */
export const transe: Interaction = {
  name: 'transe',
  comparator: 'negL1',
  complexEntities: false,
  phaseRelations: false,
  entityWidth: (dim) => dim,
  relationWidth: (dim) => dim,
  tailQuery(h, ho, r, ro, q, qo, w) {
    for (let i = 0; i < w; i++) q[qo + i] = h[ho + i] + r[ro + i];
  },
  tailQueryBackward(_h, _ho, _r, _ro, gq, gqo, gh, gho, gr, gro, w) {
    for (let i = 0; i < w; i++) {
      gh[gho + i] += gq[gqo + i];
      gr[gro + i] += gq[gqo + i];
    }
  },
  headQuery(r, ro, t, to, q, qo, w) {
    for (let i = 0; i < w; i++) q[qo + i] = t[to + i] - r[ro + i];
  },
  headQueryBackward(_r, _ro, _t, _to, gq, gqo, gr, gro, gt, gto, w) {
    for (let i = 0; i < w; i++) {
      gr[gro + i] -= gq[gqo + i];
      gt[gto + i] += gq[gqo + i];
    }
  },
};
