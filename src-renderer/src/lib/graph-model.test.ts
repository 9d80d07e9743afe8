import Graph from 'graphology';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSlice } from '../../../src-main/contract/types';
import { RelataService } from '../../../src-main/core/api/handlers';
import { demoFiles } from '../../../src-main/core/demo';
import { isTypePredicate } from '../../../src-main/contract/vocabulary';
import type { CommunityOverview } from '../../../src-main/contract/community-types';
import { communityViewOf } from './communities';
import { buildGraph, edgeThickness, NODE_LABEL_MAX } from './graph-model';
import { connectedComponents, layoutGraph } from './layout';

/** The graph view's model on the real demo KG: what is drawn, how it is sized and where it is laid out. */
let service: RelataService;
let overview: GraphSlice;

beforeAll(async () => {
  service = new RelataService(':memory:', true);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  overview = (await service.call('graph.overview', { limit: 2000 })) as GraphSlice;
});
afterAll(() => service.close());

function boundingBox(graph: Graph, nodes: string[]): { minX: number; maxX: number; minY: number; maxY: number } {
  const xs = nodes.map((n) => graph.getNodeAttribute(n, 'x') as number);
  const ys = nodes.map((n) => graph.getNodeAttribute(n, 'y') as number);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

describe('buildGraph on the demo overview', () => {
  it('hides rdf:type links and the class nodes they alone reached, unless asked', () => {
    const typeLinks = overview.edges.filter((e) => isTypePredicate(e.predicate)).length;
    expect(typeLinks).toBeGreaterThan(30);
    const plain = buildGraph(overview, { showTypeLinks: false, iterations: 20 });
    const withTypes = buildGraph(overview, { showTypeLinks: true, iterations: 20 });
    expect(withTypes.size).toBe(overview.edges.length);
    expect(plain.size).toBe(overview.edges.length - typeLinks);
    expect(plain.hasNode('Person')).toBe(false);
    expect(withTypes.hasNode('Person')).toBe(true);
    expect(withTypes.order).toBe(overview.nodes.length);
  });

  it('hides the type predicate under either spelling: the IRI and `rdf:type` from a CSV', () => {
    const node = (id: number, key: string, type: string | null): GraphSlice['nodes'][number] => ({ id, key, label: key, type, degree: 1 });
    const edge = (id: number, source: number, target: number, predicate: string): GraphSlice['edges'][number] => ({ id, source, target, predicate, label: predicate, derived: false });
    const slice: GraphSlice = {
      nodes: [node(1, 'ada', 'Person'), node(2, 'bob', 'Person'), node(3, 'Person', null)],
      edges: [edge(1, 1, 2, 'knows'), edge(2, 1, 3, 'rdf:type'), edge(3, 2, 3, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type')],
      truncated: false, totalEntities: 3,
    };
    const plain = buildGraph(slice, { showTypeLinks: false, iterations: 0 });
    expect(plain.edges()).toEqual(['1']);
    expect(plain.hasNode('Person')).toBe(false);
    expect(buildGraph(slice, { showTypeLinks: true, iterations: 0 }).size).toBe(3);
  });

  it('sizes nodes by degree and colours them by type', () => {
    const g = buildGraph(overview, { showTypeLinks: false, iterations: 20 });
    const us = g.getNodeAttributes('united_states');
    const ulm = g.getNodeAttributes('ulm');
    expect(us.degree).toBeGreaterThan(ulm.degree);
    expect(us.size).toBeGreaterThan(ulm.size);
    expect(g.getNodeAttribute('albert_einstein', 'color')).toBe(g.getNodeAttribute('nikola_tesla', 'color'));
    expect(g.getNodeAttribute('albert_einstein', 'color')).not.toBe(us.color);
  });

  it('draws the links between communities thicker the more relations they carry', () => {
    const community = (id: number, size: number): CommunityOverview['communities'][number] => ({ id, size, label: `c${id}`, top: [] });
    const kg: CommunityOverview = {
      mode: 'communities', communities: [community(0, 40), community(1, 30), community(2, 5)],
      links: [{ from: 0, to: 1, weight: 1200, predicates: [] }, { from: 1, to: 2, weight: 3, predicates: [] }],
      entities: 75, triples: 1500, modularity: 0.5, seconds: 0, cached: false,
    };
    const { slice, weights } = communityViewOf(kg, 75);
    const g = buildGraph(slice, { showTypeLinks: false, iterations: 0, edgeWeights: weights });
    const byWeight = [...weights].sort((a, b) => a[1] - b[1]);
    const [light, heavy] = [byWeight[0], byWeight[byWeight.length - 1]];
    expect(heavy[1]).toBeGreaterThan(light[1]);
    expect(g.getEdgeAttribute(String(heavy[0]), 'size')).toBeCloseTo(edgeThickness(heavy[1], heavy[1]));
    expect(g.getEdgeAttribute(String(heavy[0]), 'size')).toBeGreaterThan(g.getEdgeAttribute(String(light[0]), 'size'));
    expect(g.getEdgeAttribute(String(heavy[0]), 'label')).toBe('1,200 relations');
  });

  it('cuts long labels on the canvas and keeps the whole name for hover', () => {
    const long = 'The International Union of Pure and Applied Chemistry';
    const slice: GraphSlice = {
      nodes: [{ id: 1, key: 'iupac', label: long, type: null, degree: 1 }, { id: 2, key: 'b', label: 'b', type: null, degree: 1 }],
      edges: [{ id: 9, source: 1, target: 2, predicate: '/people/person/places_lived./people/place_lived/location', label: '/people/person/places_lived./people/place_lived/location', derived: false }],
      truncated: false, totalEntities: 2,
    };
    const g = buildGraph(slice, { showTypeLinks: false, iterations: 0 });
    expect(g.getNodeAttribute('iupac', 'label').length).toBe(NODE_LABEL_MAX);
    expect(g.getNodeAttribute('iupac', 'fullLabel')).toBe(long);
    expect(g.getEdgeAttribute('9', 'label')).toBe('…n › places_lived › location');
  });

  it('sizes nodes by PageRank within the slice when asked', () => {
    const g = buildGraph(overview, { showTypeLinks: false, iterations: 0, sizeBy: 'pagerank' });
    const sizes = g.mapNodes((n, a) => [n, a.size] as const).sort((a, b) => b[1] - a[1]);
    // Everything points at countries, diseases and symptoms: the largest node is one of them, not a person.
    expect(['Country', 'Disease', 'Symptom', 'City', 'Field']).toContain(g.getNodeAttribute(sizes[0][0], 'entityType'));
    expect(sizes[0][1]).toBeGreaterThan(sizes[sizes.length - 1][1]);
  });

  it('keeps known positions and places only new nodes, next to a placed neighbour', () => {
    const first = buildGraph(overview, { showTypeLinks: false, iterations: 20 });
    const known = new Map(first.mapNodes((n, a) => [n, { x: a.x, y: a.y }] as const));
    known.delete('ulm');
    const again = buildGraph(overview, { showTypeLinks: false, known });
    for (const [n, p] of known) if (again.hasNode(n)) expect(again.getNodeAttributes(n)).toMatchObject(p);
    const ulm = again.getNodeAttributes('ulm');
    expect(Number.isFinite(ulm.x) && Number.isFinite(ulm.y)).toBe(true);
  });

  it('draws derived relations with the dashed program', () => {
    const slice: GraphSlice = { ...overview, edges: overview.edges.map((e, i) => ({ ...e, derived: i % 2 === 0 })) };
    const g = buildGraph(slice, { showTypeLinks: true, iterations: 0 });
    g.forEachEdge((_e, a) => expect(a.type).toBe(a.derived ? 'dashed' : 'arrow'));
  });
});

describe('neighbourhoods', () => {
  it('keeps only what visible links connect to the focus when rdf:type links are hidden', async () => {
    const slice = await service.call('graph.neighbourhood', { key: 'nikola_tesla', hops: 2, limit: 2000 });
    // The server does not walk type links (two hops through Person would reach every person, the family included).
    expect(slice.nodes.some((n) => n.key === 'alice')).toBe(false);
    expect(slice.nodes.some((n) => n.key === 'edison_machine_works')).toBe(true);
    const g = buildGraph(slice, { showTypeLinks: false, focusKey: 'nikola_tesla', iterations: 20 });
    expect(g.hasNode('alice')).toBe(false);
    expect(g.hasNode('thomas_edison')).toBe(true);
    expect(connectedComponents(g)).toHaveLength(1);
  });
});

describe('layoutGraph', () => {
  it('gives every node a finite position and packs components without overlap', () => {
    const g = buildGraph(overview, { showTypeLinks: false, iterations: 50 });
    const components = connectedComponents(g);
    expect(components.length).toBeGreaterThanOrEqual(3); // science and companies, family, medical, corporate
    expect(components.flat().length).toBe(g.order);
    g.forEachNode((_n, a) => {
      expect(Number.isFinite(a.x)).toBe(true);
      expect(Number.isFinite(a.y)).toBe(true);
    });
    const boxes = components.filter((c) => c.length > 1).map((c) => boundingBox(g, c));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
        expect(overlap).toBe(false);
      }
    }
  });

  it('spreads one connected component out (no two nodes on the same spot)', () => {
    const g = new Graph();
    for (let i = 0; i < 60; i++) g.addNode(String(i), { x: 0, y: 0 });
    for (let i = 1; i < 60; i++) g.addEdge(String(i), String(Math.floor((i - 1) / 3)));
    layoutGraph(g as never, 100);
    const spots = new Set(g.mapNodes((_n, a) => `${(a.x as number).toFixed(3)},${(a.y as number).toFixed(3)}`));
    expect(spots.size).toBe(60);
  });
});
