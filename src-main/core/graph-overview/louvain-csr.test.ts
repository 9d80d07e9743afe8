import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import modularityModule from 'graphology-metrics/graph/modularity.js';
import { Mulberry32 } from '../random/mulberry32.js';
import { csrFromEdges, louvainCsr, modularityOf } from './louvain-csr.js';

// CommonJS with ES-style types: under NodeNext the default import is module.exports.
const modularity = modularityModule as unknown as typeof modularityModule.default;
type Louvain = { detailed(g: UndirectedGraph, o: object): { modularity: number } };
const louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? louvainModule) as unknown as Louvain;

/** A ring of `cliques` cliques of `size` nodes, neighbouring cliques joined by one edge. */
function ringOfCliques(cliques: number, size: number): { n: number; u: Int32Array; v: Int32Array } {
  const u: number[] = [], v: number[] = [];
  for (let c = 0; c < cliques; c++) {
    for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) (u.push(c * size + a), v.push(c * size + b));
    u.push(c * size);
    v.push(((c + 1) % cliques) * size + 1);
  }
  return { n: cliques * size, u: Int32Array.from(u), v: Int32Array.from(v) };
}

/** A random multigraph with planted groups: most edges inside a group. */
function planted(n: number, edges: number, groups: number, seed: number): { n: number; u: Int32Array; v: Int32Array } {
  const rng = new Mulberry32(seed);
  const u = new Int32Array(edges), v = new Int32Array(edges);
  for (let e = 0; e < edges; e++) {
    const a = Math.floor(rng.next() * n);
    let b = rng.next() < 0.8 ? (Math.floor(rng.next() * (n / groups)) * groups + (a % groups)) % n : Math.floor(rng.next() * n);
    if (b === a) b = (a + groups) % n;
    u[e] = a;
    v[e] = b;
  }
  return { n, u, v };
}

function graphologyOf(e: { n: number; u: Int32Array; v: Int32Array }, community?: Int32Array): UndirectedGraph<{ community?: number }, { weight: number }> {
  const g = new UndirectedGraph<{ community?: number }, { weight: number }>();
  for (let i = 0; i < e.n; i++) g.addNode(String(i), { community: community?.[i] });
  for (let k = 0; k < e.u.length; k++) g.updateEdge(String(e.u[k]), String(e.v[k]), (a) => ({ weight: (a.weight ?? 0) + 1 }));
  return g;
}

describe('Louvain over CSR', () => {
  it('finds each clique of a ring of cliques', () => {
    const ring = ringOfCliques(12, 6);
    const found = louvainCsr(csrFromEdges(ring.n, ring.u, ring.v), () => 0.5);
    expect(found.count).toBe(12);
    for (let c = 0; c < 12; c++) for (let a = 1; a < 6; a++) expect(found.community[c * 6 + a]).toBe(found.community[c * 6]);
  });

  it('reports the modularity graphology-metrics computes, as high as graphology Louvain finds, and the same for the same seed', () => {
    const e = planted(3000, 20_000, 15, 3);
    const graph = csrFromEdges(e.n, e.u, e.v);
    const rng = new Mulberry32(17);
    const found = louvainCsr(graph, () => rng.next());
    expect(modularity(graphologyOf(e, found.community), { getEdgeWeight: 'weight' })).toBeCloseTo(found.modularity, 9);
    expect(modularityOf(graph, found.community, found.count)).toBe(found.modularity);
    const theirRng = new Mulberry32(17);
    const theirs = louvain.detailed(graphologyOf(e), { getEdgeWeight: 'weight', rng: () => theirRng.next() });
    expect(found.modularity).toBeGreaterThan(theirs.modularity - 0.01);
    const again = new Mulberry32(17);
    expect(louvainCsr(graph, () => again.next()).community).toEqual(found.community);
  });

  it('leaves an edgeless graph as singletons', () => {
    const found = louvainCsr(csrFromEdges(3, new Int32Array(0), new Int32Array(0)), Math.random);
    expect([...found.community]).toEqual([0, 1, 2]);
    expect(found.modularity).toBe(0);
  });
});
