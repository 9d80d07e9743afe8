/**
 * The one seeded PRNG of Relata (mulberry32): 32-bit state, uniform floats in [0, 1). Same seed, same sequence,
 * on every platform. Every random choice in training (embeddings, GNNs, splits) goes through one of these, so a
 * seed reproduces a run.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

export class Mulberry32 implements Prng {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Uniform integer in [0, 2³²). */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /**
   * Fills out with `value` where a uniform draw falls below p, else 0 (inverted dropout masks).
   * Branch-free on the 24-bit draw: a random 50% branch would mispredict half the time.
   */
  fillBernoulli(out: Float32Array, p: number, value: number): Float32Array {
    const threshold = Math.round(p * 16777216);
    let state = this.state;
    for (let i = 0; i < out.length; i++) {
      let t = (state = (state + 0x6d2b79f5) | 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const below = (((t ^ (t >>> 14)) >>> 8) - threshold) >>> 31;
      out[i] = below * value;
    }
    this.state = state;
    return out;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  nextInt(n: number): number {
    return this.int(n);
  }

  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/**
 * A Prng for a seed whose methods are plain closures, so callers may pass `prng.next` around on its own. Seed 0 starts
 * from the golden-ratio constant instead, which the embeddings' and clustering's recorded runs were made with.
 */
export function createPrng(seed: number): Prng {
  const m = new Mulberry32(seed >>> 0 || 0x9e3779b9);
  return { next: () => m.next(), int: (n) => m.int(n), normal: () => m.normal() };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(a: Int32Array, rng: Pick<Prng, 'int'>): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
