/**
 * Wire types of the remote.* calls: a SPARQL endpoint opened as a read-only KG. Every answer is bounded (LIMIT on each
 * query) and names how long the endpoint took; entities are IRIs, labelled where the endpoint has a label.
 */
import type { SparqlPullResult } from './sparql-types.js';

/** How remote.search matches text: Virtuoso's free-text index (bif:contains) when it answers, else a CONTAINS scan. */
export type RemoteTextSearch = 'bif:contains' | 'contains';

/** An entity of the remote KG: its IRI, best label (rdfs:label, skos:prefLabel, schema:name; English or plain first), one type. */
export interface RemoteEntity {
  iri: string;
  label: string | null;
  type: string | null;
}

export interface RemoteNode extends RemoteEntity {
  /** Overview: degree within the sampled triples; neighbourhood: edges of the node in the slice; 0 when unknown. */
  degree: number;
}

export interface RemoteEdge {
  subject: string;
  predicate: string;
  object: string;
}

/** A bounded piece of the remote graph (overview or neighbourhood); nodes are the edges' ends. */
export interface RemoteSlice {
  endpoint: string;
  nodes: RemoteNode[];
  edges: RemoteEdge[];
  /** True when a LIMIT cut the answer (there is more to see). */
  truncated: boolean;
  /** Overview: triples the degree ranking was computed over, and whether they were all the graph's triples. */
  sampledTriples?: number;
  exact?: boolean;
  queries: number;
  ms: number;
}

export interface RemotePredicateCount {
  predicate: string;
  triples: number;
}

/** remote.stats: counts the endpoint answered within the time limit (null with a note when it did not). */
export interface RemoteStats {
  endpoint: string;
  graph: string | null;
  triples: number | null;
  /** The most-used predicates, most first (GROUP BY ?p with LIMIT). */
  predicates: RemotePredicateCount[];
  /** A few entities (subjects), labelled. */
  sample: RemoteEntity[];
  textSearch: RemoteTextSearch;
  /** What could not be counted and why (a time-out on a large store). */
  notes: string[];
  ms: number;
}

export interface RemoteSearchResult {
  endpoint: string;
  text: string;
  mode: RemoteTextSearch | 'iri';
  entities: RemoteEntity[];
  truncated: boolean;
  ms: number;
}

/** One value of an entity's property: an IRI (labelled) or a literal. */
export type RemoteValue =
  | { kind: 'iri'; iri: string; label: string | null }
  | { kind: 'literal'; value: string; datatype: string | null; lang: string | null }
  | { kind: 'blank'; id: string };

/** remote.entity: what the inspector shows. */
export interface RemoteEntityDetail extends RemoteEntity {
  endpoint: string;
  /** Every label and alias the endpoint holds (rdfs:label, skos:prefLabel/altLabel, schema:name), with languages. */
  labels: Array<{ predicate: string; value: string; lang: string | null }>;
  types: string[];
  outgoing: Array<{ predicate: string; value: RemoteValue }>;
  incoming: Array<{ predicate: string; subject: RemoteEntity }>;
  /** Triples with this entity as subject / object in the store (null when counting ran out of time). */
  outDegree: number | null;
  inDegree: number | null;
  truncated: boolean;
  ms: number;
}

/** A step of a path: the predicate and whether it runs from the previous node to the next (true) or back. */
export interface RemotePathStep {
  predicate: string;
  forward: boolean;
}

/** remote.paths: connections of one or two hops between two IRIs (either direction per hop). */
export interface RemotePaths {
  endpoint: string;
  from: RemoteEntity;
  to: RemoteEntity;
  /** Each path as its nodes (from … to) and the steps between them. */
  paths: Array<{ nodes: RemoteEntity[]; steps: RemotePathStep[] }>;
  truncated: boolean;
  ms: number;
}

/** remote.open: the endpoint answered; its statistics. */
export type RemoteOpenResult = RemoteStats;

/** remote.pull ("work on this locally"): an entity's neighbourhood pulled into the open KG through sparql.pull. */
export interface RemotePullResult extends SparqlPullResult {
  iri: string;
  hops: number;
  /** Entities whose triples were pulled (the entity and its neighbours, bounded by the call's limit). */
  entities: number;
  /** The CONSTRUCT query sent (the pulled triples' provenance names it too). */
  query: string;
}
