import Graph from 'graphology';
import Sigma from 'sigma';
import { nodeSize } from '../../src-renderer/src/lib/graph-model.ts';
import { predicateColour, typeColour } from '../../src-renderer/src/lib/palette.ts';
import { loadData, measure } from './bench-page.js';

// Bare Sigma: the same picture (positions, node sizes and colours, edge colours, arrow edges) with Sigma's default settings and
// nothing of Relata's around it (no reducers, label policy, legend, dashed program or graph model).
const data = await loadData();
await measure(() => {
  const graph = new Graph({ multi: true, type: 'directed', allowSelfLoops: true });
  const keyById = new Map();
  const maxDegree = data.slice.nodes.reduce((m, n) => Math.max(m, n.degree), 1);
  for (const n of data.slice.nodes) {
    keyById.set(n.id, n.key);
    const p = data.positions[n.key];
    graph.addNode(n.key, { x: p.x, y: p.y, size: nodeSize(n.degree, maxDegree, data.slice.nodes.length), color: typeColour(n.type), label: n.label });
  }
  for (const e of data.slice.edges) graph.addEdgeWithKey(String(e.id), keyById.get(e.source), keyById.get(e.target), { size: 1.5, color: predicateColour(e.predicate) });
  new Sigma(graph, document.getElementById('stage'), { defaultEdgeType: 'arrow' });
  return { nodes: graph.order, edges: graph.size };
});
