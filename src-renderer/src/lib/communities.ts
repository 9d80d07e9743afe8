import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { Attributes } from 'graphology-types';
import type { GraphSlice } from '../../../src-main/contract/types';
import type { CommunityOverview } from '../../../src-main/contract/community-types';
import { isTypePredicate } from '../../../src-main/contract/vocabulary';

export const COMMUNITY_PREFIX = 'community:';

export interface CommunityView {
  /** One node per community (key `community:<n>`, degree = members), one edge per related pair of communities. */
  slice: GraphSlice;
  /** Entity ids of each community's members, by community key. */
  members: Map<string, number[]>;
  /** Relations (triples) between two communities, by the id of the edge that joins them: the edge's thickness. */
  weights: Map<number, number>;
}

/**
 * Louvain communities of a slice (over its relations, type links left out) as super-nodes: a big overview stays
 * a few hundred nodes, and a click on one drills down into its members. A super-node is labelled after its
 * best-connected member and takes that member's type colour.
 */
export function communityView(slice: GraphSlice): CommunityView {
  const index = new Map(slice.nodes.map((n, i) => [n.id, i]));
  const edges = slice.edges.filter((e) => !isTypePredicate(e.predicate) && index.has(e.source) && index.has(e.target));
  // One undirected graph, parallel and reverse relations summed into a weight; nodes visited in a fixed order, so
  // the same slice always gives the same communities.
  const relations = new Graph<Attributes, { weight?: number }>({ type: 'undirected', multi: false, allowSelfLoops: true });
  for (const n of slice.nodes) relations.addNode(String(n.id));
  for (const e of edges) relations.updateEdge(String(e.source), String(e.target), (a) => ({ weight: (a.weight ?? 0) + 1 }));
  const byKey = louvain(relations, { getEdgeWeight: 'weight', randomWalk: false });
  const community = slice.nodes.map((n) => byKey[String(n.id)]);
  const groups = new Map<number, GraphSlice['nodes']>();
  slice.nodes.forEach((n, i) => {
    const list = groups.get(community[i]) ?? [];
    list.push(n);
    groups.set(community[i], list);
  });
  const members = new Map<string, number[]>();
  const nodes: GraphSlice['nodes'] = [];
  for (const [c, list] of groups) {
    const top = list.reduce((a, b) => (b.degree > a.degree ? b : a));
    const key = `${COMMUNITY_PREFIX}${c}`;
    members.set(key, list.map((n) => n.id));
    nodes.push({ id: -(c + 1), key, label: list.length > 1 ? `${top.label} +${list.length - 1}` : top.label, type: top.type, degree: list.length });
  }
  const pairs = new Map<string, { source: number; target: number; count: number }>();
  for (const e of edges) {
    const a = community[index.get(e.source)!], b = community[index.get(e.target)!];
    if (a === b) continue;
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    const pair = pairs.get(k) ?? { source: -(Math.min(a, b) + 1), target: -(Math.max(a, b) + 1), count: 0 };
    pair.count++;
    pairs.set(k, pair);
  }
  let id = 0;
  const weights = new Map<number, number>();
  const out: GraphSlice['edges'] = [...pairs.values()].map((p) => {
    weights.set(-++id, p.count);
    return { id: -id, source: p.source, target: p.target, predicate: 'relations', label: relationCount(p.count), derived: false };
  });
  return { slice: { nodes, edges: out, truncated: slice.truncated, totalEntities: slice.totalEntities }, members, weights };
}

/**
 * The whole KG's communities (graph.overview, mode 'communities') as the same super-node view: one node per
 * community (sized by its members, labelled after its best-connected member), one edge per linked pair, labelled
 * with the number of triples between them.
 */
export function communityViewOf(overview: CommunityOverview, totalEntities: number): CommunityView {
  const members = new Map<string, number[]>();
  const nodes: GraphSlice['nodes'] = overview.communities.map((c) => {
    const key = `${COMMUNITY_PREFIX}${c.id}`;
    members.set(key, c.members ?? []);
    // Named after its best-connected members: two names say more about a community than one.
    const names = c.top.length ? c.top.slice(0, 2).map((m) => m.label) : [c.label];
    const label = c.size > names.length ? `${names.join(', ')} +${c.size - names.length}` : names.join(', ');
    return { id: -(c.id + 1), key, label, type: c.types?.[0]?.type ?? null, degree: c.size };
  });
  const weights = new Map<number, number>();
  const edges: GraphSlice['edges'] = overview.links.map((l, i) => {
    weights.set(-(i + 1), l.weight);
    return { id: -(i + 1), source: -(l.from + 1), target: -(l.to + 1), predicate: 'relations', label: relationCount(l.weight), derived: false };
  });
  return { slice: { nodes, edges, truncated: false, totalEntities }, members, weights };
}

const relationCount = (n: number): string => `${n.toLocaleString('en-US')} relation${n === 1 ? '' : 's'}`;

