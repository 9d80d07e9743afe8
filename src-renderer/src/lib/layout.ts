import Graph from 'graphology';
import type { Attributes } from 'graphology-types';
import circular from 'graphology-layout/circular';
import forceAtlas2 from 'graphology-layout-forceatlas2';

type PositionedGraph = Graph<Attributes & { x: number; y: number }, Attributes>;

/** Fixed ForceAtlas2 work: fewer iterations as the slice grows, so a first picture comes in about a second. */
export function layoutIterations(nodes: number, edges: number): number {
  const work = nodes + edges;
  return work > 50_000 ? 40 : work > 10_000 ? 80 : work > 2_000 ? 150 : 250;
}

/** Connected components, ignoring edge direction, largest first. */
export function connectedComponents(graph: Graph): string[][] {
  const seen = new Set<string>();
  const components: string[][] = [];
  graph.forEachNode((start) => {
    if (seen.has(start)) return;
    const component = [start];
    seen.add(start);
    for (let i = 0; i < component.length; i++) {
      graph.forEachNeighbor(component[i], (next) => {
        if (!seen.has(next)) {
          seen.add(next);
          component.push(next);
        }
      });
    }
    components.push(component);
  });
  return components.sort((a, b) => b.length - a.length);
}

/** ForceAtlas2 from a circular start on one connected graph; returns its positions. */
function forceLayout(graph: Graph, iterations: number): Map<string, { x: number; y: number }> {
  circular.assign(graph, { scale: 100 });
  if (graph.order > 2 && iterations > 0) {
    const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 400 };
    forceAtlas2.assign(graph, { iterations, settings });
  }
  const positions = new Map<string, { x: number; y: number }>();
  graph.forEachNode((node, a) => positions.set(node, { x: a.x as number, y: a.y as number }));
  return positions;
}

function induced(graph: Graph, nodes: string[]): Graph {
  const sub = new Graph({ type: 'undirected', multi: false });
  for (const n of nodes) sub.addNode(n);
  for (const n of nodes) graph.forEachOutEdge(n, (_e, _a, s, t) => {
    if (s !== t) sub.mergeEdge(s, t);
  });
  return sub;
}

/**
 * Lays out each connected component on its own and packs them in rows, largest first. A KG's separate topics then
 * sit side by side at a readable scale instead of being pushed to the far corners by ForceAtlas2's repulsion.
 */
export function layoutGraph(graph: PositionedGraph, iterations = layoutIterations(graph.order, graph.size)): void {
  const components = connectedComponents(graph);
  if (components.length === 0) return;
  if (components.length === 1) {
    for (const [n, p] of forceLayout(induced(graph, components[0]), iterations)) graph.mergeNodeAttributes(n, p);
    return;
  }
  // Each component is scaled to a box whose side grows with the square root of its size, then shelf-packed.
  const boxes = components.map((nodes) => {
    const positions = nodes.length === 1 ? new Map([[nodes[0], { x: 0, y: 0 }]]) : forceLayout(induced(graph, nodes), iterations);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of positions.values()) {
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
    }
    const side = 10 * Math.sqrt(nodes.length);
    const scale = side / Math.max(maxX - minX, maxY - minY, 1e-9);
    const w = nodes.length === 1 ? 0 : (maxX - minX) * scale;
    const h = nodes.length === 1 ? 0 : (maxY - minY) * scale;
    return { positions, minX, minY, scale, w, h };
  });
  const gap = 8;
  const rowWidth = Math.max(boxes[0].w, Math.sqrt(boxes.reduce((s, b) => s + (b.w + gap) * (b.h + gap), 0)) * 1.3);
  let x = 0, y = 0, rowHeight = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.w > rowWidth) {
      x = 0;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    for (const [n, p] of b.positions) {
      // Sigma's y axis points up: rows go downwards.
      graph.mergeNodeAttributes(n, { x: x + (p.x - b.minX) * b.scale, y: -(y + (p.y - b.minY) * b.scale) });
    }
    x += b.w + gap;
    rowHeight = Math.max(rowHeight, b.h);
  }
}
