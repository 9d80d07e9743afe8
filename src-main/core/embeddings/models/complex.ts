import type { Interaction } from './interaction.js';

/**
 * ComplEx (Trouillon et al. 2016): score = Re(<h, r, conj(t)>), rows [re | im], dim = 2k reals.
 * Tail query q = h*r:          q_re = a c - b s,    q_im = a s + b c      (h = a+ib, r = c+is)
 * Head query q = conj(r conj(t)) so that score = q . h:
 *                              q_re = c t_re + s t_im, q_im = c t_im - s t_re
 */
export const complex: Interaction = {
  name: 'complex',
  comparator: 'dot',
  complexEntities: true,
  phaseRelations: false,
  entityWidth: (dim) => dim,
  relationWidth: (dim) => dim,
  tailQuery(h, ho, r, ro, q, qo, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const a = h[ho + i], b = h[ho + k + i], c = r[ro + i], s = r[ro + k + i];
      q[qo + i] = a * c - b * s;
      q[qo + k + i] = a * s + b * c;
    }
  },
  tailQueryBackward(h, ho, r, ro, gq, gqo, gh, gho, gr, gro, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const a = h[ho + i], b = h[ho + k + i], c = r[ro + i], s = r[ro + k + i];
      const gre = gq[gqo + i], gim = gq[gqo + k + i];
      gh[gho + i] += gre * c + gim * s;
      gh[gho + k + i] += -gre * s + gim * c;
      gr[gro + i] += gre * a + gim * b;
      gr[gro + k + i] += -gre * b + gim * a;
    }
  },
  headQuery(r, ro, t, to, q, qo, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const c = r[ro + i], s = r[ro + k + i], tr = t[to + i], ti = t[to + k + i];
      q[qo + i] = c * tr + s * ti;
      q[qo + k + i] = c * ti - s * tr;
    }
  },
  headQueryBackward(r, ro, t, to, gq, gqo, gr, gro, gt, gto, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const c = r[ro + i], s = r[ro + k + i], tr = t[to + i], ti = t[to + k + i];
      const gre = gq[gqo + i], gim = gq[gqo + k + i];
      gr[gro + i] += gre * tr + gim * ti;
      gr[gro + k + i] += gre * ti - gim * tr;
      gt[gto + i] += gre * c - gim * s;
      gt[gto + k + i] += gre * s + gim * c;
    }
  },
};
