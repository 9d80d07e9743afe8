/**
 * N3 (Lacroix et al. 2018): weight * sum over the batch's factors of |x|^3, with |x| the modulus of
 * each complex coordinate for complex rows (d|z|^3/d re = 3 |z| re) and the absolute value otherwise.
 * Adds `scale * weight * d/dx` into grad and returns weight * penalty (without `scale`).
 */
export function n3Row(x: Float32Array, o: number, w: number, complexRow: boolean, weight: number, scale: number, grad: Float32Array, go: number): number {
  let penalty = 0;
  const f = 3 * weight * scale;
  if (complexRow) {
    const k = w >> 1;
    for (let i = 0; i < k; i++) {
      const re = x[o + i], im = x[o + k + i];
      const mod = Math.sqrt(re * re + im * im);
      penalty += mod * mod * mod;
      grad[go + i] += f * mod * re;
      grad[go + k + i] += f * mod * im;
    }
  } else {
    for (let i = 0; i < w; i++) {
      const v = x[o + i];
      const a = Math.abs(v);
      penalty += a * a * a;
      grad[go + i] += f * a * v;
    }
  }
  return weight * penalty;
}
