import { describe, expect, it } from 'vitest';
import { createPrng, Mulberry32, shuffleInPlace } from './mulberry32.js';

// Seeded runs (training, splits, generated test graphs, benchmarks) are reproduced from these sequences: a change
// here changes every recorded result, so the values are pinned.
describe('the seeded PRNG', () => {
  it('is mulberry32: the reference sequence for seed 1', () => {
    const m = new Mulberry32(1);
    expect([m.nextUint32(), m.nextUint32(), m.nextUint32()]).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('gives uniform floats in [0, 1) from the same draws', () => {
    const m = new Mulberry32(7);
    expect([m.next(), m.next(), m.next()]).toEqual([0.011704753153026104, 0.06195825757458806, 0.97690763277933]);
  });

  it('createPrng starts seed 0 from the golden-ratio constant, and is otherwise Mulberry32', () => {
    const zero = createPrng(0);
    const golden = new Mulberry32(0x9e3779b9);
    expect([zero.next(), zero.next()]).toEqual([golden.next(), golden.next()]);
    const a = createPrng(42);
    const b = new Mulberry32(42);
    const next = a.next;
    expect([next(), a.int(1000), a.normal()]).toEqual([b.next(), b.int(1000), b.normal()]);
  });

  it('fillBernoulli draws the same numbers as next()', () => {
    const mask = new Mulberry32(3).fillBernoulli(new Float32Array(1000), 0.5, 2);
    const m = new Mulberry32(3);
    // The mask uses the top 24 bits of each draw; below p keeps `value`.
    expect(Array.from(mask)).toEqual(Array.from({ length: 1000 }, () => (m.nextUint32() >>> 8 < 0.5 * 16777216 ? 2 : 0)));
  });

  it('shuffles a permutation reproducibly', () => {
    const a = shuffleInPlace(Int32Array.from({ length: 50 }, (_, i) => i), new Mulberry32(9));
    const b = shuffleInPlace(Int32Array.from({ length: 50 }, (_, i) => i), new Mulberry32(9));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
