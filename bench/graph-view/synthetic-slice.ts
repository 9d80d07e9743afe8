import type { GraphSlice } from '../../src-main/contract/types.ts';
import { Mulberry32 } from '../../src-main/core/random/mulberry32.ts';

/**
 * A graph view of `edges` edges over edges/4 nodes (mean degree 8), targets skewed towards hubs as in real KGs,
 * 8 entity types and 12 predicates, with positions (a noisy disc) so that neither page runs a layout. Seeded.
 */
export function syntheticSlice(edges: number, seed = 42): { slice: GraphSlice; positions: Record<string, { x: number; y: number }> } {
  const rng = new Mulberry32(seed);
  const rand = (): number => rng.next();
  const n = Math.max(10, Math.round(edges / 4));
  const degree = new Int32Array(n);
  const out: GraphSlice['edges'] = [];
  for (let i = 0; i < edges; i++) {
    const a = Math.floor(rand() * n);
    const b = Math.floor(Math.pow(rand(), 2.5) * n);
    degree[a]++;
    degree[b]++;
    out.push({ id: i + 1, source: a + 1, target: b + 1, predicate: `p${i % 12}`, label: `p${i % 12}`, derived: i % 50 === 0 });
  }
  const positions: Record<string, { x: number; y: number }> = {};
  const nodes: GraphSlice['nodes'] = [];
  for (let i = 0; i < n; i++) {
    const key = `e${i}`;
    const r = Math.sqrt(rand()) * 1000;
    const t = rand() * 2 * Math.PI;
    positions[key] = { x: r * Math.cos(t), y: r * Math.sin(t) };
    nodes.push({ id: i + 1, key, label: `Entity ${i}`, type: `T${i % 8}`, degree: degree[i] });
  }
  return { slice: { nodes, edges: out, truncated: false, totalEntities: n }, positions };
}
