import Graph from 'graphology';
import type { GraphSlice } from '../../../src-main/contract/types';
import { layoutGraph } from './layout';
import { DERIVED_EDGE_COLOUR, EDGE_COLOUR, typeColour } from './palette';

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export interface NodeAttributes {
  key: string;
  label: string;
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
}

/**
 * Node radius in pixels grows with the square root of the degree relative to the slice's largest, so hubs stand out
 * without swallowing the picture; big slices get smaller nodes.
 */
export function nodeSize(degree: number, maxDegree: number, order: number): number {
  const largest = order > 1000 ? 10 : 13;
  const smallest = order > 1000 ? 2 : 3.5;
  return smallest + (largest - smallest) * Math.sqrt(degree / Math.max(1, maxDegree));
}

/** Builds the graphology graph of a slice (keyed by entity key) and lays it out. */
export function buildGraph(slice: GraphSlice, options: SliceOptions): KgGraph {
  const graph: KgGraph = new Graph<NodeAttributes, EdgeAttributes>({ multi: true, type: 'directed', allowSelfLoops: true });
  const keyById = new Map<number, string>();
  const maxDegree = slice.nodes.reduce((m, n) => Math.max(m, n.degree), 1);
  for (const n of slice.nodes) {
    keyById.set(n.id, n.key);
    graph.mergeNode(n.key, {
      key: n.key, label: n.label || n.key, entityType: n.type, degree: n.degree, x: 0, y: 0, size: nodeSize(n.degree, maxDegree, slice.nodes.length), color: typeColour(n.type),
    });
  }
  for (const e of slice.edges) {
    if (!options.showTypeLinks && e.predicate === RDF_TYPE) continue;
    const source = keyById.get(e.source);
    const target = keyById.get(e.target);
    if (!source || !target) continue;
    graph.addEdgeWithKey(String(e.id), source, target, {
      predicate: e.predicate, label: e.label || e.predicate, derived: e.derived, size: e.derived ? 2 : 1.5,
      color: e.derived ? DERIVED_EDGE_COLOUR : EDGE_COLOUR, type: e.derived ? 'dashed' : 'arrow',
    });
  }
  if (!options.showTypeLinks) dropOrphansOfTypeLinks(graph, options.focusKey);
  layoutGraph(graph, options.iterations);
  return graph;
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
