import type { Interaction } from './interaction.js';

/**
 * RotatE (Sun et al. 2019): score = -sum_k |h_k e^{i theta_k} - t_k|; entity rows [re | im] (dim = 2k reals),
 * relation rows hold k phases. Tail query q = h * e^{i theta}; head query q = t * e^{-i theta}
 * (|e^{i theta}| = 1, so |h e^{i theta} - t| = |h - t e^{-i theta}|).
 */
export const rotate: Interaction = {
  name: 'rotate',
  comparator: 'negComplexModulusL1',
  complexEntities: true,
  phaseRelations: true,
  entityWidth: (dim) => dim,
  relationWidth: (dim) => dim >> 1,
  tailQuery(h, ho, r, ro, q, qo, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const a = h[ho + i], b = h[ho + k + i], c = Math.cos(r[ro + i]), s = Math.sin(r[ro + i]);
      q[qo + i] = a * c - b * s;
      q[qo + k + i] = a * s + b * c;
    }
  },
  tailQueryBackward(h, ho, r, ro, gq, gqo, gh, gho, gr, gro, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const a = h[ho + i], b = h[ho + k + i], c = Math.cos(r[ro + i]), s = Math.sin(r[ro + i]);
      const gre = gq[gqo + i], gim = gq[gqo + k + i];
      gh[gho + i] += gre * c + gim * s;
      gh[gho + k + i] += -gre * s + gim * c;
      // d q_re / d theta = -q_im, d q_im / d theta = q_re
      gr[gro + i] += -gre * (a * s + b * c) + gim * (a * c - b * s);
    }
  },
  headQuery(r, ro, t, to, q, qo, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const tr = t[to + i], ti = t[to + k + i], c = Math.cos(r[ro + i]), s = Math.sin(r[ro + i]);
      q[qo + i] = tr * c + ti * s;
      q[qo + k + i] = ti * c - tr * s;
    }
  },
  headQueryBackward(r, ro, t, to, gq, gqo, gr, gro, gt, gto, w) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const tr = t[to + i], ti = t[to + k + i], c = Math.cos(r[ro + i]), s = Math.sin(r[ro + i]);
      const gre = gq[gqo + i], gim = gq[gqo + k + i];
      gt[gto + i] += gre * c - gim * s;
      gt[gto + k + i] += gre * s + gim * c;
      // d q_re / d theta = q_im, d q_im / d theta = -q_re
      gr[gro + i] += gre * (ti * c - tr * s) - gim * (tr * c + ti * s);
    }
  },
};
