/** Wire types of sparql.query, sparql.update, sparql.pull and sparql.publish: the result formats and what each call returns. */

/** Result document formats: W3C SPARQL results (solutions, booleans) and RDF syntaxes (CONSTRUCT, DESCRIBE). */
export const SPARQL_FORMATS = ['json', 'xml', 'csv', 'tsv', 'nt', 'ttl'] as const;
export type SparqlFormat = (typeof SPARQL_FORMATS)[number];
export type SparqlForm = 'select' | 'ask' | 'construct' | 'describe';

export interface SparqlResult {
  form: SparqlForm;
  /** The format of `body` (graph results in a results format come back as N-Triples). */
  format: SparqlFormat | 'rdfxml';
  contentType: string;
  /** The standard document: SPARQL Results JSON/XML/CSV/TSV, or N-Triples/Turtle/RDF/XML for graphs. */
  body: string;
  /** Solutions, triples, or 1 for ASK. */
  count: number;
  /** Where it ran: 'kg' (the open KG file) or the endpoint URL. */
  source: string;
  /** Load of the KG into the query engine (0 when a cached copy was current). */
  loadMs: number;
  queryMs: number;
  /** Quads the engine holds for this KG view (local queries). */
  quads?: number;
}

export interface SparqlUpdateResult {
  /** The change-log entry (edit.undo reverts the whole update); null when the update changed nothing. */
  changeId: number | null;
  inserted: number;
  deleted: number;
  /** Triples moved into, out of or between named graphs. */
  regraphed: number;
  /** Deletions that named no stored asserted triple (e.g. a literal the engine wrote in another lexical form). */
  missing: number;
  loadMs: number;
  updateMs: number;
}

/** sparql.pull: what a pull from an endpoint added (field names as `relata pull --json` prints them). */
export interface SparqlPullResult {
  endpoint: string;
  /** Triples the endpoint answered, over all pages. */
  triples_read: number;
  /** Of those, the ones the KG did not hold yet. */
  triples_added: number;
  duplicates: number;
  pages: number;
  /** The provenance source of the pulled triples (names the endpoint, the query and the time). */
  source_id: number;
  seconds: number;
  /** Rows the endpoint answered per request when it cut pages short of the page size without saying so; else null. */
  row_cap: number | null;
  /** What the user should know: a silent row cap met (and paged past), a result that may be truncated. */
  warnings: string[];
}

/**
 * How sparql.publish sends triples: SPARQL 1.1 Update (`INSERT DATA`, form-encoded to an update endpoint) or the
 * Graph Store HTTP Protocol (N-Triples bodies PUT/POSTed to a graph store, `?graph=IRI`).
 */
export const PUBLISH_PROTOCOLS = ['update', 'gsp'] as const;
export type PublishProtocol = (typeof PUBLISH_PROTOCOLS)[number];

/** sparql.publish: what was sent to the store. */
export interface SparqlPublishResult {
  endpoint: string;
  protocol: PublishProtocol;
  graph: string | null;
  only: 'derived' | 'model' | null;
  triples_sent: number;
  batches: number;
  seconds: number;
}
