import type { SparqlResult } from '../../../src-main/contract/sparql-types';
import { keyFromIri } from '../../../src-main/contract/vocabulary';

/**
 * sparql.query's documents as the Query view shows them: SPARQL Results JSON (W3C "SPARQL 1.1 Query Results JSON
 * Format") for SELECT and ASK, N-Triples lines for CONSTRUCT and DESCRIBE. Terms keep their RDF kind, so an IRI links
 * to the entity whose key export wrote it from (keyFromIri).
 */
export type SparqlTerm =
  | { type: 'uri'; value: string }
  | { type: 'bnode'; value: string }
  | { type: 'literal'; value: string; lang?: string; datatype?: string };

export interface SparqlTable {
  vars: string[];
  rows: Array<Record<string, SparqlTerm | undefined>>;
}

export interface SparqlTriple {
  s: SparqlTerm;
  p: SparqlTerm;
  o: SparqlTerm;
}

export type SparqlView =
  | { form: 'select'; table: SparqlTable }
  | { form: 'ask'; answer: boolean }
  | { form: 'construct' | 'describe'; triples: SparqlTriple[] };

/** A SELECT or ASK in the JSON results format. */
function fromResultsJson(body: string): { table: SparqlTable } | { answer: boolean } {
  const doc = JSON.parse(body) as { head?: { vars?: string[] }; boolean?: boolean; results?: { bindings: Array<Record<string, Record<string, string>>> } };
  if (typeof doc.boolean === 'boolean') return { answer: doc.boolean };
  const rows = (doc.results?.bindings ?? []).map((b) => {
    const row: Record<string, SparqlTerm | undefined> = {};
    for (const [name, t] of Object.entries(b)) {
      row[name] =
        t.type === 'uri' ? { type: 'uri', value: t.value }
        : t.type === 'bnode' ? { type: 'bnode', value: t.value }
        : { type: 'literal', value: t.value, ...(t['xml:lang'] ? { lang: t['xml:lang'] } : {}), ...(t.datatype ? { datatype: t.datatype } : {}) };
    }
    return row;
  });
  return { table: { vars: doc.head?.vars ?? [], rows } };
}

const ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };
const unescapeLiteral = (s: string): string =>
  s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => (e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e)));

// One N-Triples term at the start of the text: <iri>, _:label, or "lexical" with @lang or ^^<datatype>.
const TERM = /^\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^<([^>]*)>)?)/;

function readTerm(text: string): { term: SparqlTerm; rest: string } | null {
  const m = TERM.exec(text);
  if (!m) return null;
  const rest = text.slice(m[0].length);
  if (m[1] !== undefined) return { term: { type: 'uri', value: unescapeLiteral(m[1]) }, rest };
  if (m[2] !== undefined) return { term: { type: 'bnode', value: m[2] }, rest };
  return { term: { type: 'literal', value: unescapeLiteral(m[3]), ...(m[4] ? { lang: m[4] } : {}), ...(m[5] ? { datatype: m[5] } : {}) }, rest };
}

/** The triples of an N-Triples document (the format sparql.query answers graphs in); a line it cannot read is skipped. */
export function parseNTriples(body: string): SparqlTriple[] {
  const out: SparqlTriple[] = [];
  for (const line of body.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const s = readTerm(line);
    const p = s && readTerm(s.rest);
    const o = p && readTerm(p.rest);
    if (s && p && o) out.push({ s: s.term, p: p.term, o: o.term });
  }
  return out;
}

/** The result on screen: a table, a boolean or triples (a graph answered in Turtle or RDF/XML shows as no triples). */
export function readSparqlResult(result: SparqlResult): SparqlView {
  if (result.form === 'construct' || result.form === 'describe') return { form: result.form, triples: result.format === 'nt' ? parseNTriples(result.body) : [] };
  const doc = result.format === 'json' ? fromResultsJson(result.body) : { table: { vars: [], rows: [] } };
  return 'answer' in doc ? { form: 'ask', answer: doc.answer } : { form: 'select', table: doc.table };
}

/** The entity key an IRI names in the KG (Relata's namespace decoded; any other IRI is its own key). */
export const entityKeyOf = (iri: string): string => keyFromIri(iri);

/** A short readable form of an IRI: its local name (after the last #, / or :). */
export function localName(iri: string): string {
  const key = keyFromIri(iri);
  if (key !== iri) return key;
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  const local = cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
  try {
    return decodeURIComponent(local);
  } catch {
    return local;
  }
}

/** A "LINE:COL: problem" message (sparql.query's syntax errors) taken apart; null for any other message. */
export function syntaxPosition(message: string): { line: number; column: number; problem: string } | null {
  const m = /^(\d+):(\d+): ([\s\S]*)$/.exec(message.trim());
  return m ? { line: Number(m[1]), column: Number(m[2]), problem: m[3] } : null;
}

/** The character offset of a 1-based line and column in the text (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length - 1); i++) offset += lines[i].length + 1;
  const here = lines[Math.min(line, lines.length) - 1] ?? '';
  return Math.min(text.length, offset + Math.max(0, Math.min(column - 1, here.length)));
}

/** Download formats sparql.query answers in, by result form: [format, file extension, MIME type, button text]. */
export const SPARQL_DOWNLOADS: Record<'table' | 'graph', Array<['json' | 'csv' | 'tsv' | 'xml' | 'nt' | 'ttl', string, string, string]>> = {
  table: [['json', 'srj', 'application/sparql-results+json', 'JSON'], ['csv', 'csv', 'text/csv', 'CSV'], ['tsv', 'tsv', 'text/tab-separated-values', 'TSV'], ['xml', 'srx', 'application/sparql-results+xml', 'XML']],
  graph: [['nt', 'nt', 'application/n-triples', 'N-Triples'], ['ttl', 'ttl', 'text/turtle', 'Turtle'], ['xml', 'rdf', 'application/rdf+xml', 'RDF/XML']],
};
