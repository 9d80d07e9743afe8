/**
 * Losses over the scores of one query. Each returns the loss and writes dL/dscore into `grad`
 * (same indexing as `scores`). Scores: higher = more plausible.
 *
 *  cross-entropy (1-vs-all, Lacroix et al. 2018):  L = logsumexp_n s_n - s_target
 *      dL/ds_n = softmax(s)_n - [n = target]
 *  margin ranking (Bordes et al. 2013), s_0 positive, s_1..s_K negatives:
 *      L = 1/K sum_i max(0, margin - s_0 + s_i)
 *  softplus / BCE with logits (Trouillon et al. 2016):
 *      L = softplus(-s_0) + 1/K sum_i softplus(s_i)
 *  self-adversarial negative sampling (Sun et al. 2019), margin gamma, temperature alpha:
 *      L = (-log sigma(gamma + s_0) - sum_i p_i log sigma(-gamma - s_i)) / 2,  p = softmax(alpha s_neg), p held constant
 */
import type { LossName } from '../../../contract/embeddings-types.js';

export type { LossName };

export const LOSS_NAMES: readonly LossName[] = ['cross-entropy', 'margin-ranking', 'softplus', 'self-adversarial'];

export interface LossSettings {
  margin: number;
  adversarialTemperature: number;
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function crossEntropyLoss(scores: Float32Array, count: number, target: number, grad: Float32Array): number {
  let max = -Infinity;
  for (let n = 0; n < count; n++) if (scores[n] > max) max = scores[n];
  let sum = 0;
  for (let n = 0; n < count; n++) {
    const e = Math.exp(scores[n] - max);
    grad[n] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let n = 0; n < count; n++) grad[n] *= inv;
  grad[target] -= 1;
  return max + Math.log(sum) - scores[target];
}

/** scores[0] is the positive, scores[1..k] the negatives. */
export function negativeSamplingLoss(name: Exclude<LossName, 'cross-entropy'>, scores: Float32Array, k: number, s: LossSettings, grad: Float32Array): number {
  const pos = scores[0];
  let loss = 0;
  grad[0] = 0;
  if (name === 'margin-ranking') {
    for (let i = 1; i <= k; i++) {
      const v = s.margin - pos + scores[i];
      if (v > 0) {
        loss += v / k;
        grad[0] -= 1 / k;
        grad[i] = 1 / k;
      } else grad[i] = 0;
    }
    return loss;
  }
  if (name === 'softplus') {
    loss = softplus(-pos);
    grad[0] = -sigmoid(-pos);
    for (let i = 1; i <= k; i++) {
      loss += softplus(scores[i]) / k;
      grad[i] = sigmoid(scores[i]) / k;
    }
    return loss;
  }
  // self-adversarial
  const g = s.margin, a = s.adversarialTemperature;
  let max = -Infinity;
  for (let i = 1; i <= k; i++) if (a * scores[i] > max) max = a * scores[i];
  let z = 0;
  for (let i = 1; i <= k; i++) z += Math.exp(a * scores[i] - max);
  loss = softplus(-(g + pos)) / 2;
  grad[0] = -sigmoid(-(g + pos)) / 2;
  for (let i = 1; i <= k; i++) {
    const p = Math.exp(a * scores[i] - max) / z;
    loss += (p * softplus(g + scores[i])) / 2;
    grad[i] = (p * sigmoid(g + scores[i])) / 2;
  }
  return loss;
}
