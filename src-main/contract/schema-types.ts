/**
 * The KG's schema at a glance (`schema.get`, `relata schema`): plain JSON that crosses the boundary.
 *
 * Types are an entity's `type` column and the objects of its type-predicate triples (rdf:type in either spelling),
 * an entity counted once per type it has. Links are entity → entity triples (type triples and literal objects left
 * out) between typed entities, one per (subject type, predicate, object type); a triple whose ends have several
 * types counts in each pair.
 */
export interface SchemaType {
  /** The type as stored (a key or an IRI). */
  type: string;
  /** A readable name (an IRI's local name). */
  label: string;
  /** Entities of this type. */
  count: number;
}

export interface SchemaLink {
  from_type: string;
  predicate: string;
  /** The predicate's label, else a readable name of its key. */
  predicate_label: string;
  to_type: string;
  /** Triples from an entity of from_type to one of to_type by this predicate. */
  count: number;
}

/**
 * Predicate domain/range clusters for a KG (mostly) without types: every entity is put in the cluster of its most
 * frequent outgoing predicate (ties: the smaller predicate key), `→ P`; an entity with no outgoing triples in that of
 * its most frequent incoming one, `← P`; one with no triples at all in `(no triples)`. Links between clusters are
 * counted like type links.
 */
export interface SchemaClusters {
  types: SchemaType[];
  /** The most frequent cluster links (at most 1,000). */
  links: SchemaLink[];
  /** How many cluster links there are in all. */
  links_total: number;
}

export interface KgSchema {
  types: SchemaType[];
  links: SchemaLink[];
  /** Entities with no type that are not themselves used as a type. */
  untyped: number;
  entities: number;
  /** Present when fewer than half the entities are typed (e.g. FB15k-237 from a benchmark folder): see SchemaClusters. */
  clusters: SchemaClusters | null;
  /** True when this answer was read from the KG file's cache (kg_meta) rather than computed now. */
  cached: boolean;
  /** Time taken by this call, in milliseconds. */
  ms: number;
}

/** One page of the entities of a type (or of a cluster), optionally narrowed by text in the key or label. */
export interface SchemaEntityPage {
  total: number;
  offset: number;
  entities: Array<{ id: number; key: string; label: string; type: string | null }>;
}

/** Example triples of one schema link. */
export interface SchemaLinkTriple {
  id: number;
  subject: { key: string; label: string };
  predicate: string;
  object: { key: string; label: string };
}
