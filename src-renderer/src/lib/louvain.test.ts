import { describe, expect, it } from 'vitest';
import { louvain, modularity } from './louvain';

function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** A planted partition: `groups` groups of `size` nodes, edges inside with p_in, across with p_out. */
function planted(groups: number, size: number, pIn: number, pOut: number): { n: number; src: Int32Array; tgt: Int32Array } {
  const rand = lcg(11);
  const src: number[] = [], tgt: number[] = [];
  const n = groups * size;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    if (rand() < (Math.floor(a / size) === Math.floor(b / size) ? pIn : pOut)) {
      src.push(a);
      tgt.push(b);
    }
  }
  return { n, src: Int32Array.from(src), tgt: Int32Array.from(tgt) };
}

describe('louvain', () => {
  it('recovers a planted partition of 8 groups of 25 nodes', () => {
    const { n, src, tgt } = planted(8, 25, 0.4, 0.01);
    const c = louvain(n, src, tgt);
    expect(new Set(c).size).toBe(8);
    for (let g = 0; g < 8; g++) {
      const members = new Set(Array.from({ length: 25 }, (_, i) => c[g * 25 + i]));
      expect(members.size).toBe(1);
    }
    const truth = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 25));
    expect(modularity(n, src, tgt, c)).toBeCloseTo(modularity(n, src, tgt, truth), 6);
  });

  it('joins two cliques bridged by one edge into two communities, and beats the singletons', () => {
    const src: number[] = [], tgt: number[] = [];
    for (const base of [0, 6]) for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) {
      src.push(base + a);
      tgt.push(base + b);
    }
    src.push(0);
    tgt.push(6);
    const s = Int32Array.from(src), t = Int32Array.from(tgt);
    const c = louvain(12, s, t);
    expect([...c]).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(modularity(12, s, t, c)).toBeGreaterThan(0.45);
    expect(modularity(12, s, t, Int32Array.from({ length: 12 }, (_, i) => i))).toBeLessThan(0);
  });

  it('leaves isolated nodes alone', () => {
    expect([...louvain(3, new Int32Array(0), new Int32Array(0))]).toEqual([0, 1, 2]);
  });
});
