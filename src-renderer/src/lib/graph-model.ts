import Graph from 'graphology';
import pagerank from 'graphology-metrics/centrality/pagerank';
import type { GraphSlice } from '../../../src-main/contract/types';
import { isTypePredicate } from '../../../src-main/contract/vocabulary';
import { layoutGraph } from './layout';
import { DERIVED_EDGE_COLOUR, predicateColour, typeColour } from './palette';
import { ellipsize, shortPredicateOf } from './short-name';

export interface NodeAttributes {
  key: string;
  /** The label drawn on a busy picture (long names cut); `fullLabel` is drawn for the hovered and selected node. */
  label: string;
  fullLabel: string;
  /** The entity's type (`type` itself names Sigma's node program). */
  entityType: string | null;
  degree: number;
  x: number;
  y: number;
  size: number;
  color: string;
  highlighted?: boolean;
}

export interface EdgeAttributes {
  predicate: string;
  label: string;
  derived: boolean;
  size: number;
  color: string;
  /** Sigma's edge program: derived relations are dashed. */
  type: 'arrow' | 'dashed';
}

export type KgGraph = Graph<NodeAttributes, EdgeAttributes>;

export interface SliceOptions {
  /** rdf:type links duplicate what node colours already show; hidden unless asked for. */
  showTypeLinks: boolean;
  /** Fixed ForceAtlas2 iterations after a circular start (default: layoutIterations). */
  iterations?: number;
  /** For a neighbourhood: the entity it is centred on. */
  focusKey?: string;
  /** Positions already known (the previous picture, or saved with the KG): kept, and only new nodes are placed. */
  known?: Map<string, { x: number; y: number }>;
  /** Edges (triple ids) drawn even when they are rdf:type links: those of a highlighted path. */
  keepEdges?: Set<string>;
  /** What node size shows: the degree in the KG (default), or PageRank within the slice. */
  sizeBy?: 'degree' | 'pagerank';
  /** Weights by edge id (triples between two communities): drawn as the edge's thickness. */
  edgeWeights?: Map<number, number>;
}

/** Longest node label drawn on the canvas before it is cut (the hovered or selected node shows it whole). */
export const NODE_LABEL_MAX = 32;

/**
 * Node radius in pixels grows with the square root of the degree relative to the slice's largest, so hubs stand out
 * without swallowing the picture; big slices get smaller nodes.
 */
export function nodeSize(degree: number, maxDegree: number, order: number): number {
  const largest = order > 1000 ? 10 : 13;
  const smallest = order > 1000 ? 2 : 3.5;
  return smallest + (largest - smallest) * Math.sqrt(degree / Math.max(1, maxDegree));
}

/**
 * Edge thickness in pixels for a weight (triples between two communities): the square root of its share of the
 * heaviest link, so that a few strong ties stand out without the weakest vanishing.
 */
export function edgeThickness(weight: number, maxWeight: number): number {
  return 1 + 7 * Math.sqrt(Math.max(0, weight) / Math.max(1, maxWeight));
}

/** Builds the graphology graph of a slice (keyed by entity key) and lays it out. */
export function buildGraph(slice: GraphSlice, options: SliceOptions): KgGraph {
  const graph: KgGraph = new Graph<NodeAttributes, EdgeAttributes>({ multi: true, type: 'directed', allowSelfLoops: true });
  const keyById = new Map<number, string>();
  const maxDegree = slice.nodes.reduce((m, n) => Math.max(m, n.degree), 1);
  for (const n of slice.nodes) {
    keyById.set(n.id, n.key);
    const at = options.known?.get(n.key);
    const label = n.label || n.key;
    graph.mergeNode(n.key, {
      key: n.key, label: ellipsize(label, NODE_LABEL_MAX), fullLabel: label, entityType: n.type, degree: n.degree, x: at?.x ?? 0, y: at?.y ?? 0,
      size: nodeSize(n.degree, maxDegree, slice.nodes.length), color: typeColour(n.type),
    });
  }
  const maxWeight = options.edgeWeights ? Math.max(1, ...options.edgeWeights.values()) : 1;
  for (const e of slice.edges) {
    if (!options.showTypeLinks && isTypePredicate(e.predicate) && !options.keepEdges?.has(String(e.id))) continue;
    const source = keyById.get(e.source);
    const target = keyById.get(e.target);
    if (!source || !target) continue;
    const weight = options.edgeWeights?.get(e.id);
    graph.addEdgeWithKey(String(e.id), source, target, {
      predicate: e.predicate, label: weight === undefined ? shortPredicateOf(e.predicate, e.label) : e.label, derived: e.derived,
      size: weight !== undefined ? edgeThickness(weight, maxWeight) : e.derived ? 2 : 1.5,
      color: e.derived ? DERIVED_EDGE_COLOUR : predicateColour(e.predicate), type: e.derived ? 'dashed' : 'arrow',
    });
  }
  if (!options.showTypeLinks) dropOrphansOfTypeLinks(graph, options.focusKey);
  if (options.sizeBy === 'pagerank') sizeByPageRank(graph);
  const known = options.known;
  if (known && graph.someNode((n) => known.has(n))) placeAroundKnown(graph, known);
  else layoutGraph(graph, options.iterations);
  return graph;
}

/** Node sizes from PageRank over the drawn edges (a hub of the slice, not of the whole KG, stands out). */
function sizeByPageRank(graph: KgGraph): void {
  if (graph.order === 0) return;
  // d = 0.85, each parallel link counted; 200 iterations leave room for slow mixing before the library gives up.
  const rank = pagerank(graph, { getEdgeWeight: null, maxIterations: 200 });
  const max = Object.values(rank).reduce((m, v) => Math.max(m, v), 0);
  graph.forEachNode((n) => graph.setNodeAttribute(n, 'size', nodeSize(rank[n], max, graph.order)));
}

/**
 * Keeps known positions and puts each new node on a ring around a placed neighbour (new nodes without a placed
 * neighbour go on a ring around the picture), so expanding a node does not reshuffle the rest.
 */
export function placeAroundKnown(graph: KgGraph, known: Map<string, { x: number; y: number }>): void {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const placed = new Set<string>();
  graph.forEachNode((n, a) => {
    const p = known.get(n);
    if (!p) return;
    if (a.x !== p.x || a.y !== p.y) graph.mergeNodeAttributes(n, p);
    placed.add(n);
    minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
  });
  const extent = Math.max(maxX - minX, maxY - minY, 1);
  // Room for a ring of new nodes: about the spacing of a force layout of this many nodes.
  const ring = extent / Math.max(4, Math.sqrt(graph.order));
  if (placed.size === graph.order) return;
  const queue = [...placed];
  for (let q = 0; q < queue.length; q++) {
    const centre = queue[q];
    const fresh = graph.neighbors(centre).filter((n) => !placed.has(n));
    const c = graph.getNodeAttributes(centre);
    fresh.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / fresh.length + q;
      const r = ring * (1 + 0.15 * (i % 3));
      graph.mergeNodeAttributes(n, { x: c.x + r * Math.cos(angle), y: c.y + r * Math.sin(angle) });
      placed.add(n);
      queue.push(n);
    });
  }
  const loose = graph.filterNodes((n) => !placed.has(n));
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  loose.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / loose.length;
    graph.mergeNodeAttributes(n, { x: cx + (extent * 0.6) * Math.cos(angle), y: cy + (extent * 0.6) * Math.sin(angle) });
  });
}

/**
 * Without rdf:type links, class nodes float alone, and a neighbourhood reached through a class node (every other
 * Person is two hops from any Person) falls apart: keep only what the visible edges still connect to the focus.
 */
function dropOrphansOfTypeLinks(graph: KgGraph, focusKey?: string): void {
  if (focusKey && graph.hasNode(focusKey)) {
    const reached = new Set([focusKey]);
    const queue = [focusKey];
    while (queue.length) {
      const node = queue.pop()!;
      graph.forEachNeighbor(node, (next) => {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      });
    }
    graph.forEachNode((node) => {
      if (!reached.has(node)) graph.dropNode(node);
    });
    return;
  }
  graph.forEachNode((node, attrs) => {
    if (attrs.entityType === null && graph.degree(node) === 0 && graph.order > 1) graph.dropNode(node);
  });
}
