import { Mulberry32, type Prng } from '../random/mulberry32.js';

export { shuffleInPlace, type Prng } from '../random/mulberry32.js';

/** The embeddings' PRNG for a seed (seed 0 maps to a fixed non-zero state, as it always has, so runs reproduce). */
export function createPrng(seed: number): Prng {
  const m = new Mulberry32(seed >>> 0 || 0x9e3779b9);
  // Plain closures, so callers may pass `prng.next` around on its own.
  return { next: () => m.next(), int: (n) => m.int(n), normal: () => m.normal() };
}
