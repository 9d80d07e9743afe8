/** Seeded PRNG (mulberry32): 32-bit state, uniform floats in [0, 1). Same seed, same sequence, on every platform. */
export class Mulberry32 {
  private state: number;

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
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(a: Int32Array, rng: Mulberry32): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
