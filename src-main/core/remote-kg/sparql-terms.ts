// SPARQL text from user input: IRIs and strings written so that no input can change a query's shape, and the JSON
// results read back into terms.
import { RDF_TYPE } from '../../contract/vocabulary.js';
import { RDFS_LABEL } from '../sparql/kg-dataset.js';

export { RDF_TYPE };
export const SKOS_PREF_LABEL = 'http://www.w3.org/2004/02/skos/core#prefLabel';
export const SKOS_ALT_LABEL = 'http://www.w3.org/2004/02/skos/core#altLabel';
export const SCHEMA_NAME = 'http://schema.org/name';

/** Label predicates, best first: a preferred label beats rdfs:label beats schema:name. */
export const LABEL_PREDICATES = [SKOS_PREF_LABEL, RDFS_LABEL, SCHEMA_NAME] as const;
/** What remote.search matches and the inspector lists: the labels and the aliases. */
export const NAME_PREDICATES = [...LABEL_PREDICATES, SKOS_ALT_LABEL] as const;

/** An IRI as SPARQL writes it; refused when it holds a character IRIREF forbids (SPARQL 1.1 grammar rule 139). */
export function iriRef(iri: string): string {
  // eslint-disable-next-line no-control-regex
  if (!iri || /[\u0000-\u0020<>"{}|^`\\]/.test(iri)) throw new Error(`not an IRI: ${JSON.stringify(iri.slice(0, 200))}`);
  return `<${iri}>`;
}

/** A string literal with every character SPARQL's STRING_LITERAL2 needs escaped. */
export function stringLiteral(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}"`;
}

/** `VALUES ?v { <a> <b> … }`. */
export const valuesClause = (variable: string, iris: Iterable<string>): string => `VALUES ?${variable} { ${[...iris].map(iriRef).join(' ')} }`;

/** One binding of a SPARQL JSON result (SPARQL 1.1 Query Results JSON Format, section 3.2.2; Virtuoso also says typed-literal). */
export interface JsonTerm {
  type: 'uri' | 'literal' | 'typed-literal' | 'bnode';
  value: string;
  datatype?: string;
  'xml:lang'?: string;
}
export type JsonRow = Record<string, JsonTerm | undefined>;

/** The solutions of a SPARQL JSON results document. */
export function jsonRows(body: string): JsonRow[] {
  return (JSON.parse(body) as { results: { bindings: JsonRow[] } }).results.bindings;
}

export const isIriTerm = (t: JsonTerm | undefined): t is JsonTerm => t?.type === 'uri';

/** A count column's number (Virtuoso answers integers as typed literals). */
export function termNumber(t: JsonTerm | undefined): number {
  const n = Number(t?.value);
  return Number.isFinite(n) ? n : 0;
}
