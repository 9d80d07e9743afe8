import type { KgStore } from '../store/kg-store.js';
import { RELATA_NS } from '../store/names.js';
import { countQueryFromStatistics } from './group-counts.js';
import { cachedKgDataset, type DatasetOptions, type KgDataset } from './kg-dataset.js';
import type { SparqlForm, SparqlFormat, SparqlResult } from '../../contract/sparql-types.js';

/** A query or update that does not parse: line and column are 1-based, in the text as given. */
export class SparqlSyntaxError extends Error {
  constructor(readonly line: number, readonly column: number, readonly problem: string) {
    super(`${line}:${column}: ${problem}`);
    this.name = 'SparqlSyntaxError';
  }
}

export const RESULT_MEDIA: Record<SparqlFormat | 'rdfxml', string> = {
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  nt: 'application/n-triples',
  ttl: 'text/turtle',
  rdfxml: 'application/rdf+xml',
};

/** Prefixes every query over the KG may use without declaring them (a declaration in the query wins). */
export const DEFAULT_PREFIXES: Record<string, string> = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  rel: `${RELATA_NS}e/`,
  relp: `${RELATA_NS}p/`,
};

/**
 * Skips the prologue (comments, BASE, PREFIX) and names the query form, or 'update' for an update request.
 * Works on tokens, so '#' inside an IRI or a string is not taken for a comment.
 */
export function sparqlForm(text: string): SparqlForm | 'update' | null {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '<') {
      while (i < n && text[i] !== '>') i++;
      i++;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === ':') {
      i++; // the empty prefix of `PREFIX : <…>`
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*:?/.exec(text.slice(i, i + 80));
      if (!m) return null;
      const word = m[0].toLowerCase();
      if (word === 'base' || word === 'prefix') {
        i += m[0].length;
        continue;
      }
      if (word.endsWith(':')) {
        i += m[0].length;
        continue;
      }
      if (word === 'select' || word === 'ask' || word === 'construct' || word === 'describe') return word;
      if (['insert', 'delete', 'load', 'clear', 'create', 'drop', 'copy', 'move', 'add', 'with'].includes(word)) return 'update';
      return null;
    }
  }
  return null;
}

/** Prefixed names the query uses but does not declare, among DEFAULT_PREFIXES: declarations to put in front. */
export function missingPrefixDeclarations(text: string): string {
  const declared = new Set([...text.matchAll(/prefix\s+([A-Za-z][\w.-]*)?:/gi)].map((m) => m[1] ?? ''));
  const out: string[] = [];
  for (const [p, iri] of Object.entries(DEFAULT_PREFIXES)) {
    if (!declared.has(p) && new RegExp(`(^|[\\s(){},;/^|!])${p}:`).test(text)) out.push(`PREFIX ${p}: <${iri}>`);
  }
  return out.length ? `${out.join(' ')} ` : '';
}

/** oxigraph's "error at 3:15: expected …" (positions in the text it was given) as a SparqlSyntaxError. */
export function syntaxErrorFrom(err: unknown, addedPrefix = ''): SparqlSyntaxError | null {
  const message = err instanceof Error ? err.message : String(err);
  const m = /^error at (\d+):(\d+): ([\s\S]*)$/.exec(message);
  if (!m) return null;
  let line = Number(m[1]);
  let column = Number(m[2]);
  // The added declarations sit on the first line, in front of the user's text.
  if (line === 1 && addedPrefix) column = Math.max(1, column - addedPrefix.length);
  let problem = m[3].split('\n')[0].trim();
  if (problem.length > 300) problem = `${problem.slice(0, 297)}…`;
  return new SparqlSyntaxError(line, column, problem);
}

export function mediaFor(form: SparqlForm, format: SparqlFormat): { format: SparqlFormat | 'rdfxml'; contentType: string } {
  if (form === 'construct' || form === 'describe') {
    const f = format === 'ttl' ? 'ttl' : format === 'xml' ? 'rdfxml' : 'nt';
    return { format: f, contentType: RESULT_MEDIA[f] };
  }
  const f = format === 'nt' || format === 'ttl' ? 'json' : format;
  return { format: f, contentType: RESULT_MEDIA[f] };
}

export interface LocalQueryOptions extends DatasetOptions {
  format?: SparqlFormat;
  baseIri?: string;
  /** Declare DEFAULT_PREFIXES the query uses without declaring (default true; off for conformance tests). */
  autoPrefixes?: boolean;
  /** A dataset already loaded (tests, the conformance runner); otherwise the KG's cached one. */
  dataset?: KgDataset;
}

/**
 * Runs a SPARQL 1.1 query over the KG with oxigraph. The KG file stays the one source of truth: the engine holds a
 * copy loaded from it, reloaded whenever the KG has changed since.
 */
export function runSparqlQuery(kg: KgStore | null, query: string, options: LocalQueryOptions = {}): SparqlResult {
  const form = sparqlForm(query);
  if (form === 'update') throw new Error('this is a SPARQL update: run it as an update (relata sparql-update, sparql.update)');
  const prefix = options.autoPrefixes === false ? '' : missingPrefixDeclarations(query);
  const text = prefix + query;
  let dataset = options.dataset;
  let loadMs = 0;
  if (!dataset) {
    if (!kg) throw new Error('no KG to query');
    const d = cachedKgDataset(kg, options);
    dataset = d;
    loadMs = d.cached ? 0 : d.loadMs;
  }
  const media = mediaFor(form ?? 'select', options.format ?? 'json');
  const t0 = performance.now();
  const queryOptions = { results_format: media.contentType, ...(options.baseIri ? { base_iri: options.baseIri } : {}) };
  let out: unknown = null;
  // Whole-graph counts from the counts kept with the store; anything it cannot answer runs in the engine as written.
  const fromCounts = dataset.counts ? countQueryFromStatistics(text, dataset.counts) : null;
  if (fromCounts !== null) {
    try {
      out = dataset.store.query(fromCounts, queryOptions);
    } catch {
      out = null;
    }
  }
  if (out === null) {
    try {
      out = dataset.store.query(text, queryOptions);
    } catch (err) {
      throw syntaxErrorFrom(err, prefix) ?? err;
    }
  }
  const queryMs = performance.now() - t0;
  const body = String(out);
  return { form: form ?? 'select', ...media, body, count: countResults(form ?? 'select', media.format, body), source: 'kg', loadMs, queryMs, quads: dataset.quads };
}

/** Solutions / triples in a result document (1 for a boolean). */
export function countResults(form: SparqlForm, format: string, body: string): number {
  if (form === 'ask') return 1;
  if (form === 'construct' || form === 'describe') {
    if (format === 'nt') return body.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
    return -1;
  }
  if (format === 'json') {
    try {
      return (JSON.parse(body) as { results?: { bindings?: unknown[] } }).results?.bindings?.length ?? 0;
    } catch {
      return -1;
    }
  }
  if (format === 'xml') return (body.match(/<result>/g) ?? []).length;
  // CSV/TSV: a header line, then one line per solution (CSV values with line breaks are quoted; rare).
  return Math.max(0, body.split(/\r?\n/).filter((l) => l !== '').length - 1);
}
