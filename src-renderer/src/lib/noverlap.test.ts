import Graph from 'graphology';
import noverlap from 'graphology-layout-noverlap';
import { describe, expect, it } from 'vitest';
import { countOverlaps, removeOverlaps } from './noverlap';

function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('removeOverlaps', () => {
  it('leaves no overlapping pair among 500 random nodes, and keeps the shape of the picture', () => {
    const rand = lcg(7);
    const n = 500;
    const xs = new Float64Array(n), ys = new Float64Array(n), radii = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = rand() * 100;
      ys[i] = rand() * 100;
      radii[i] = 1 + rand() * 2;
    }
    expect(countOverlaps(xs, ys, radii)).toBeGreaterThan(100);
    const before = Float64Array.from(xs);
    const passes = removeOverlaps(xs, ys, radii, 200);
    expect(passes).toBeLessThan(200);
    expect(countOverlaps(xs, ys, radii)).toBe(0);
    // The picture keeps its shape: x coordinates before and after stay strongly correlated.
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    const mb = mean(before), ma = mean(xs);
    let cov = 0, vb = 0, va = 0;
    for (let i = 0; i < n; i++) {
      cov += (before[i] - mb) * (xs[i] - ma);
      vb += (before[i] - mb) ** 2;
      va += (xs[i] - ma) ** 2;
    }
    expect(cov / Math.sqrt(vb * va)).toBeGreaterThan(0.95);
  });

  it('leaves fewer overlaps than graphology-layout-noverlap from the same start with as many passes', () => {
    // A dense cloud: 1,500 discs of 3–6 px in a 400 px square (bench/renderer-graph-algorithms has real graphs).
    const rand = lcg(3);
    const n = 1500;
    const xs = new Float64Array(n), ys = new Float64Array(n), radii = new Float64Array(n);
    const graph = new Graph();
    for (let i = 0; i < n; i++) {
      xs[i] = rand() * 400;
      ys[i] = rand() * 400;
      radii[i] = 3 + rand() * 3;
      graph.addNode(String(i), { x: xs[i], y: ys[i], size: radii[i] });
    }
    const passes = removeOverlaps(xs, ys, radii);
    const library = noverlap(graph, { maxIterations: passes, settings: { margin: 0, ratio: 1 } });
    const lx = Float64Array.from({ length: n }, (_, i) => library[String(i)].x);
    const ly = Float64Array.from({ length: n }, (_, i) => library[String(i)].y);
    expect(countOverlaps(xs, ys, radii)).toBeLessThan(countOverlaps(lx, ly, radii));
  });

  it('separates nodes that sit on the same spot', () => {
    const xs = new Float64Array([0, 0, 0]), ys = new Float64Array([0, 0, 0]), radii = new Float64Array([1, 1, 1]);
    removeOverlaps(xs, ys, radii);
    expect(countOverlaps(xs, ys, radii)).toBe(0);
  });
});
