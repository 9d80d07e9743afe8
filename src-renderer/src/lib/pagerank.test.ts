import { describe, expect, it } from 'vitest';
import { pageRank } from './pagerank';

describe('pageRank', () => {
  it('matches the closed form of a two-node graph with a dangling node (d = 0.85)', () => {
    // a = 0.075 + 0.425 b, b = 0.075 + 0.85 a + 0.425 b  ⇒  b = 0.13875 / 0.21375, a = 1 − b.
    const r = pageRank(2, Int32Array.from([0]), Int32Array.from([1]));
    expect(r[1]).toBeCloseTo(0.13875 / 0.21375, 7);
    expect(r[0]).toBeCloseTo(1 - 0.13875 / 0.21375, 7);
  });

  it('is uniform on a cycle and ranks the hub of a star first, summing to 1', () => {
    const cycle = pageRank(5, Int32Array.from([0, 1, 2, 3, 4]), Int32Array.from([1, 2, 3, 4, 0]));
    for (const v of cycle) expect(v).toBeCloseTo(0.2, 8);
    const star = pageRank(6, Int32Array.from([1, 2, 3, 4, 5]), Int32Array.from([0, 0, 0, 0, 0]));
    expect(star.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    for (let v = 1; v < 6; v++) expect(star[0]).toBeGreaterThan(star[v] * 2);
  });
});
