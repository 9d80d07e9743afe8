import type { Mulberry32 } from '../../random/mulberry32.js';

/** Glorot & Bengio (2010) uniform initialisation in ±sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(fanIn: number, fanOut: number, rng: Mulberry32): Float32Array {
  const r = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (rng.next() * 2 - 1) * r;
  return w;
}
