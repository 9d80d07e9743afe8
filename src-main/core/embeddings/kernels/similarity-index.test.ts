import { describe, expect, it } from 'vitest';
import { buildSimilarityIndex, nearestToRow, nearestToVector } from './similarity-index.js';
import { createPrng } from '../../random/mulberry32.js';

function randomRows(count: number, width: number, seed: number): Float32Array {
  const rng = createPrng(seed);
  const a = new Float32Array(count * width);
  for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/** Cosine of every row with row `id` in float64, sorted best first: the reference. */
function bruteForce(rows: Float32Array, count: number, width: number, id: number): Array<{ id: number; cosine: number }> {
  const norm = (i: number) => Math.sqrt(rows.subarray(i * width, (i + 1) * width).reduce((s, x) => s + x * x, 0));
  const nq = norm(id);
  const all = [];
  for (let i = 0; i < count; i++) {
    let d = 0;
    for (let j = 0; j < width; j++) d += rows[i * width + j] * rows[id * width + j];
    all.push({ id: i, cosine: d / (norm(i) * nq) });
  }
  return all.sort((a, b) => b.cosine - a.cosine);
}

describe('similarity index', () => {
  it('returns the row itself first with cosine 1 and matches a brute-force reference', () => {
    const count = 3000, width = 64;
    const rows = randomRows(count, width, 7);
    const index = buildSimilarityIndex(rows, count, width);
    for (const id of [0, 17, 2999]) {
      const got = nearestToRow(index, id, 25);
      const want = bruteForce(rows, count, width, id).slice(0, 25);
      expect(got[0].id).toBe(id);
      expect(got[0].cosine).toBeCloseTo(1, 5);
      expect(got.map((n) => n.id)).toEqual(want.map((n) => n.id));
      got.forEach((n, i) => expect(n.cosine).toBeCloseTo(want[i].cosine, 5));
    }
  });

  it('handles k larger than the rows and zero rows', () => {
    const rows = new Float32Array([1, 0, 0, 1, 0, 0, 1, 1]);
    const index = buildSimilarityIndex(rows, 4, 2);
    const got = nearestToVector(index, new Float32Array([1, 0]), 10);
    expect(got.map((n) => n.id)).toEqual([0, 3, 1, 2]);
    expect(got[1].cosine).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('answers a query over 100,000 x 200 random vectors quickly', () => {
    const count = 100_000, width = 200;
    const rows = randomRows(count, width, 11);
    const t0 = performance.now();
    const index = buildSimilarityIndex(rows, count, width);
    const buildMs = performance.now() - t0;
    nearestToRow(index, 5, 10); // warm-up (JIT)
    const times: number[] = [];
    for (let q = 0; q < 5; q++) {
      const t = performance.now();
      const got = nearestToRow(index, q * 1000, 10);
      times.push(performance.now() - t);
      expect(got[0].id).toBe(q * 1000);
    }
    times.sort((a, b) => a - b);
    const median = times[2];
    console.log(`similarity index 100k x 200: build ${buildMs.toFixed(0)} ms, query median ${median.toFixed(1)} ms (top 10)`);
    // One pass of 20M multiply-adds; generous bound for a shared 2-core machine.
    expect(median).toBeLessThan(500);
  }, 30_000);
});
