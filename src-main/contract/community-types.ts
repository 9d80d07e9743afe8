/** Wire types of graph.overview's communities mode: Louvain communities of the whole KG as super-nodes and weighted links. */

/** One of a community's best-connected members. */
export interface CommunityMember {
  key: string;
  label: string;
  /** Triples to or from the entity in the whole KG (type links left out). */
  degree: number;
}

export interface Community {
  /** 0, 1, … by size, largest first. */
  id: number;
  /** Member entities. */
  size: number;
  /** The label of the best-connected member. */
  label: string;
  /** The best-connected members (at most 5), highest degree first. */
  top: CommunityMember[];
  /** The most frequent types among the members (at most 3), when any member is typed. */
  types?: Array<{ type: string; count: number }>;
  /** Member entity ids (for a drill-down through graph.among), when the KG has at most MEMBER_IDS_MAX entities in communities. */
  members?: number[];
}

/** Up to this many entities in communities, each community lists its members' ids. */
export const MEMBER_IDS_MAX = 200_000;

/** Triples between two communities (either direction), with their most frequent predicates. */
export interface CommunityLink {
  from: number;
  to: number;
  /** Number of triples between the two communities. */
  weight: number;
  /** The most frequent predicates of those triples (at most 3). */
  predicates: Array<{ predicate: string; count: number }>;
}

/** graph.overview with mode 'communities': computed over every entity–entity triple, cached in the KG file. */
export interface CommunityOverview {
  mode: 'communities';
  communities: Community[];
  links: CommunityLink[];
  /** Entities in some community (those with at least one entity–entity triple). */
  entities: number;
  /** Entity–entity triples counted (type links left out). */
  triples: number;
  /** Modularity of the partition (weighted, undirected). */
  modularity: number;
  /** Time to answer, in seconds. */
  seconds: number;
  /** True when the answer came from the KG file's cache. */
  cached: boolean;
}
