/**
 * Masked negative log-likelihood over a row-wise log-softmax:
 *   L = -(1/|M|) Σ_{i∈M} log softmax(Z_i)[y_i],   ∂L/∂Z_i = (softmax(Z_i) − onehot(y_i)) / |M| for i ∈ M, 0 elsewhere.
 */

/** out = log-softmax of each row of Z (n × c), computed stably; `onlyRows` restricts it to those rows. */
export function logSoftmaxRows(
  z: Float32Array,
  n: number,
  c: number,
  out: Float32Array,
  onlyRows: Int32Array | null = null,
): Float32Array {
  const count = onlyRows ? onlyRows.length : n;
  for (let r = 0; r < count; r++) {
    const i = onlyRows ? onlyRows[r] : r;
    const o = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (z[o + j] > max) max = z[o + j];
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(z[o + j] - max);
    const lse = max + Math.log(sum);
    for (let j = 0; j < c; j++) out[o + j] = z[o + j] - lse;
  }
  return out;
}

export function maskedNll(logp: Float32Array, c: number, labels: Int32Array, idx: Int32Array): number {
  let s = 0;
  for (let t = 0; t < idx.length; t++) {
    const i = idx[t];
    s -= logp[i * c + labels[i]];
  }
  return idx.length ? s / idx.length : 0;
}

/** Gradient of maskedNll with respect to the logits Z (n × c), written into out. */
export function maskedNllGradLogits(
  logp: Float32Array,
  n: number,
  c: number,
  labels: Int32Array,
  idx: Int32Array,
  out: Float32Array,
): Float32Array {
  out.fill(0, 0, n * c);
  const scale = idx.length ? 1 / idx.length : 0;
  for (let t = 0; t < idx.length; t++) {
    const i = idx[t];
    const o = i * c;
    for (let j = 0; j < c; j++) out[o + j] = Math.exp(logp[o + j]) * scale;
    out[o + labels[i]] -= scale;
  }
  return out;
}

/** Row argmax of scores (n × c). */
export function argmaxRows(scores: Float32Array, n: number, c: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * c;
    let best = 0;
    for (let j = 1; j < c; j++) if (scores[o + j] > scores[o + best]) best = j;
    out[i] = best;
  }
  return out;
}

export function maskedAccuracy(scores: Float32Array, c: number, labels: Int32Array, idx: Int32Array): number {
  let correct = 0;
  for (let t = 0; t < idx.length; t++) {
    const i = idx[t];
    const o = i * c;
    let best = 0;
    for (let j = 1; j < c; j++) if (scores[o + j] > scores[o + best]) best = j;
    if (best === labels[i]) correct++;
  }
  return idx.length ? correct / idx.length : 0;
}

/**
 * Rejected classes as negatives: for each pair (node i, class k) a reviewer rejected,
 *   L = −scale · Σ log(1 − p_ik),   ∂L/∂Z_ij = scale · p_ik (δ_jk − p_ij) / (1 − p_ik),
 * i.e. scale · p_ik for j = k and −scale · p_ik p_ij / (1 − p_ik) otherwise. Adds the gradient into `gz` when given.
 */
export function rejectedClassLoss(
  logp: Float32Array,
  c: number,
  nodes: Int32Array,
  classes: Int32Array,
  scale: number,
  gz: Float32Array | null,
): number {
  let loss = 0;
  for (let t = 0; t < nodes.length; t++) {
    const o = nodes[t] * c;
    const k = classes[t];
    const pk = Math.exp(logp[o + k]);
    const rest = Math.max(1e-6, 1 - pk);
    loss -= Math.log(rest);
    if (!gz) continue;
    for (let j = 0; j < c; j++) gz[o + j] -= (scale * pk * Math.exp(logp[o + j])) / rest;
    gz[o + k] += (scale * pk) / rest; // with the loop's j = k term: scale · p_ik
  }
  return scale * loss;
}
