import { describe, expect, it } from 'vitest';
import {
  csrFromCoo,
  csrTimesDense,
  csrToDense,
  csrTranspose,
  csrTransposeTimesDense,
  normalizedAdjacency,
  rowNormalize,
} from './csr-matrix.js';
import { matMul, matMulTransA, matMulTransB } from './dense-matrix.js';
import { Mulberry32 } from '../../random/mulberry32.js';

function randomDense(rng: Mulberry32, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}

/** Plain triple loop, the reference for every product below. */
function naiveMatMul(a: Float32Array, b: Float32Array, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) for (let j = 0; j < m; j++) out[i * m + j] += a[i * k + t] * b[t * m + j];
  return out;
}

function denseTranspose(a: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(tol);
}

describe('normalizedAdjacency', () => {
  it('equals D^-1/2 (A + I) D^-1/2 computed densely, with duplicate edges and self-loops in the input', () => {
    const rng = new Mulberry32(7);
    const n = 23;
    const src: number[] = [];
    const dst: number[] = [];
    for (let e = 0; e < 60; e++) {
      src.push(rng.nextInt(n));
      dst.push(rng.nextInt(n));
    }
    src.push(3, 4, 5);
    dst.push(4, 3, 5); // a duplicate in reverse and a self-loop
    const adj = normalizedAdjacency(n, Int32Array.from(src), Int32Array.from(dst));

    const a = new Float64Array(n * n);
    for (let e = 0; e < src.length; e++) {
      if (src[e] === dst[e]) continue;
      a[src[e] * n + dst[e]] = 1;
      a[dst[e] * n + src[e]] = 1;
    }
    for (let i = 0; i < n; i++) a[i * n + i] = 1;
    const deg = Array.from({ length: n }, (_, i) => a.slice(i * n, i * n + n).reduce((s, v) => s + v, 0));
    const expected = a.map((v, p) => v / Math.sqrt(deg[Math.floor(p / n)] * deg[p % n]));

    expectClose(csrToDense(adj), expected, 1e-6);
    expectClose(csrToDense(adj), denseTranspose(csrToDense(adj), n, n), 1e-7); // symmetric
    for (let i = 0; i < n; i++) {
      const cols = adj.colIdx.subarray(adj.rowPtr[i], adj.rowPtr[i + 1]);
      expect([...cols]).toEqual([...cols].sort((x, y) => x - y));
    }
  });

  it('rejects edges naming nodes outside the graph', () => {
    expect(() => normalizedAdjacency(3, Int32Array.of(0), Int32Array.of(3))).toThrow(/outside/);
  });
});

describe('sparse × dense products', () => {
  const rng = new Mulberry32(11);
  const rows = 17;
  const cols = 13;
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let e = 0; e < 70; e++) {
    r.push(rng.nextInt(rows));
    c.push(rng.nextInt(cols));
    v.push(rng.next() * 2 - 1);
  }
  const a = csrFromCoo(rows, cols, Int32Array.from(r), Int32Array.from(c), Float32Array.from(v));
  const dense = csrToDense(a);

  it('csrFromCoo sums duplicate entries', () => {
    const expected = new Float64Array(rows * cols);
    for (let e = 0; e < r.length; e++) expected[r[e] * cols + c[e]] += Math.fround(v[e]);
    expectClose(dense, expected, 1e-6);
  });

  for (const k of [1, 3, 4, 7, 8, 16, 19]) {
    it(`A·X, Aᵀ·G and the transposed CSR match dense products (k = ${k})`, () => {
      const x = randomDense(rng, cols * k);
      expectClose(csrTimesDense(a, x, k, new Float32Array(rows * k)), naiveMatMul(dense, x, rows, cols, k));
      const g = randomDense(rng, rows * k);
      const expectedT = naiveMatMul(denseTranspose(dense, rows, cols), g, cols, rows, k);
      expectClose(csrTransposeTimesDense(a, g, k, new Float32Array(cols * k)), expectedT);
      const { transposed } = csrTranspose(a);
      expectClose(csrTimesDense(transposed, g, k, new Float32Array(cols * k)), expectedT);
    });
  }

  it('carries per-step values (dropout) across the transpose, and computes only the rows asked for', () => {
    const k = 5;
    const dropped = a.values.map((val, p) => (p % 3 === 0 ? 0 : val * 2));
    const { transposed, source } = csrTranspose(a);
    const droppedT = Float32Array.from(source, (p) => dropped[p]);
    const g = randomDense(rng, rows * k);
    expectClose(
      csrTimesDense(transposed, g, k, new Float32Array(cols * k), droppedT),
      csrTransposeTimesDense(a, g, k, new Float32Array(cols * k), dropped),
    );
    const x = randomDense(rng, cols * k);
    const full = csrTimesDense(a, x, k, new Float32Array(rows * k));
    const some = csrTimesDense(a, x, k, new Float32Array(rows * k).fill(42), a.values, Int32Array.of(2, 9));
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < k; j++) expect(some[i * k + j]).toBe(i === 2 || i === 9 ? full[i * k + j] : 42);
    }
  });

  it('rowNormalize makes every non-empty row sum to 1', () => {
    const pos = csrFromCoo(4, 5, Int32Array.of(0, 0, 1, 3, 3, 3), Int32Array.of(1, 4, 2, 0, 1, 2));
    const d = csrToDense(rowNormalize(pos));
    const sums = [0, 1, 2, 3].map((i) => d.slice(i * 5, i * 5 + 5).reduce((s, x) => s + x, 0));
    expectClose(sums, [1, 1, 0, 1], 1e-6);
  });
});

describe('dense products', () => {
  const rng = new Mulberry32(3);
  for (const [n, k, m] of [
    [5, 16, 7],
    [9, 7, 16],
    [4, 3, 1],
    [6, 11, 13],
    [3, 2, 10],
  ]) {
    it(`matMul, matMulTransA and matMulTransB match a triple loop (${n}×${k}·${k}×${m})`, () => {
      const a = randomDense(rng, n * k);
      const b = randomDense(rng, k * m);
      expectClose(matMul(a, b, n, k, m, new Float32Array(n * m)), naiveMatMul(a, b, n, k, m));
      const g = randomDense(rng, n * m);
      expectClose(matMulTransA(a, g, n, k, m, new Float32Array(k * m)), naiveMatMul(denseTranspose(a, n, k), g, k, n, m));
      expectClose(matMulTransB(g, b, n, m, k, new Float32Array(n * k)), naiveMatMul(g, denseTranspose(b, k, m), n, m, k));
    });
  }
});
