// sparql.pull: a CONSTRUCT/DESCRIBE (or `SELECT ?s ?p ?o`) against a remote endpoint, page by page, into the KG in
// one transaction, each triple's provenance a source naming the endpoint, the query and the time. Endpoints cap the
// rows of one answer without saying so (Virtuoso's ResultSetMaxRows): a page shorter than asked is therefore never
// taken as the last one; the next request (at the short page's end) either comes back empty or shows the cap, which
// the result's `warnings` and `row_cap` then report.
import { DataFactory, Parser, type Quad, type Term } from 'n3';
import type { SparqlPullResult } from '../../contract/sparql-types.js';
import { addQuad } from '../import/rdf.js';
import type { ImportContext } from '../import/import-context.js';
import { CancelledError, throwIfCancelled } from '../run/cancelled-error.js';
import type { RunOptions } from '../run/run-options.js';
import type { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { EndpointError, queryEndpoint } from './sparql-endpoint.js';
import { sparqlForm } from './sparql-query.js';

export interface PullOptions {
  endpoint: string;
  query: string;
  /** Solutions asked per request (LIMIT/OFFSET appended); default 10,000. */
  pageSize?: number;
  /** Per request (default 60 s). */
  timeoutMs?: number;
  /** Tries per page on HTTP 5xx, time-outs and dropped connections (default 3). */
  tries?: number;
  /** First back-off in ms, doubled per retry (default 500). */
  backoffMs?: number;
}

/** A query that sets its own LIMIT or OFFSET is sent as it is, in one page. */
const OWN_PAGING = /\b(limit|offset)\s+\d+\s*$/i;

/** Row caps endpoints ship with (Virtuoso 10,000 and 100,000; Fuseki/GraphDB deployments often 1,000 or 50,000). */
const ROUND_CAPS = new Set([1000, 10_000, 50_000, 100_000, 1_000_000]);

/** Worth another try: a server error, a time-out or a dropped connection (not a bad document or a 4xx). */
function transient(err: unknown): boolean {
  if (!(err instanceof EndpointError)) return false;
  if (err.status !== null) return err.status >= 500;
  return !/malformed|content type|not a URL|redirect|only http|update/.test(err.message);
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new CancelledError())), { once: true });
  });

type Binding = { type: string; value: string; datatype?: string; 'xml:lang'?: string };

function bindingTerm(endpoint: string, b: Binding | undefined, name: string): Term {
  if (!b) throw new EndpointError(endpoint, `malformed SELECT result: a solution without ?${name} (pull needs SELECT ?s ?p ?o)`);
  if (b.type === 'uri') return DataFactory.namedNode(b.value);
  if (b.type === 'bnode') return DataFactory.blankNode(b.value);
  if (b.type === 'literal' || b.type === 'typed-literal') return DataFactory.literal(b.value, b['xml:lang'] || (b.datatype ? DataFactory.namedNode(b.datatype) : undefined));
  throw new EndpointError(endpoint, `malformed SELECT result: ?${name} has type "${b.type}"`);
}

/** The quads of one page: an RDF document (CONSTRUCT/DESCRIBE) or SPARQL JSON solutions of ?s ?p ?o. */
function pageQuads(endpoint: string, form: string, body: string, blankPrefix: string): Quad[] {
  if (form === 'select') {
    const bindings = (JSON.parse(body) as { results: { bindings: Array<Record<string, Binding>> } }).results.bindings;
    return bindings.map((row) => {
      const s = bindingTerm(endpoint, row.s, 's');
      const p = bindingTerm(endpoint, row.p, 'p');
      if (s.termType === 'Literal' || p.termType !== 'NamedNode') throw new EndpointError(endpoint, 'malformed SELECT result: a literal subject or a predicate that is no IRI');
      const bnode = (t: Term): Term => (t.termType === 'BlankNode' ? DataFactory.blankNode(`${blankPrefix}${t.value}`) : t);
      return DataFactory.quad(bnode(s) as Quad['subject'], p, bnode(bindingTerm(endpoint, row.o, 'o')) as Quad['object']);
    });
  }
  try {
    // N-Triples is a subset of Turtle: one parser reads either answer.
    return new Parser({ format: 'Turtle', blankNodePrefix: blankPrefix }).parse(body);
  } catch (err) {
    throw new EndpointError(endpoint, `malformed RDF in the answer (${(err as Error).message}); truncated response?`);
  }
}

/** Pulls the query's triples into the KG: every page lands, or (on a failure or Cancel) none does. */
export async function pullFromEndpoint(store: KgStore, options: PullOptions, run: RunOptions = {}): Promise<SparqlPullResult> {
  const { endpoint, query } = options;
  const form = sparqlForm(query);
  if (form !== 'construct' && form !== 'describe' && form !== 'select') throw new EndpointError(endpoint, 'pull takes a CONSTRUCT, DESCRIBE or SELECT ?s ?p ?o query');
  const pageSize = options.pageSize ?? 10_000;
  const tries = options.tries ?? 3;
  const paged = !OWN_PAGING.test(query.trim());
  const started = performance.now();
  const pulledAt = new Date().toISOString();
  return store.write(async () => {
    const writer = new TripleWriter(store, { kind: 'file', name: endpoint, detail: { endpoint, query, pulledAt, via: 'sparql.pull' } });
    const ctx: ImportContext = { file: endpoint, displayName: endpoint, writer, options: {}, signal: run.signal, progress: () => undefined, skipped: [] };
    let pages = 0;
    let read = 0;
    let offset = 0;
    /** Rows of the last page when it came back short of the page size (the endpoint may have capped it). */
    let short: number | null = null;
    let rowCap: number | null = null;
    const warnings: string[] = [];
    for (;;) {
      throwIfCancelled(run.signal);
      const text = paged ? `${query}\nLIMIT ${pageSize} OFFSET ${offset}` : query;
      let body: string | null = null;
      for (let attempt = 1; body === null; attempt++) {
        try {
          body = (await queryEndpoint(endpoint, text, { format: form === 'select' ? 'json' : 'nt', timeoutMs: options.timeoutMs, signal: run.signal })).body;
        } catch (err) {
          if (run.signal?.aborted) throw new CancelledError();
          if (!transient(err) || attempt >= tries) throw attempt > 1 ? new EndpointError(endpoint, `${(err as EndpointError).message.slice(endpoint.length + 2)} (after ${attempt} tries)`, (err as EndpointError).status) : err;
          await sleep((options.backoffMs ?? 500) * 2 ** (attempt - 1), run.signal);
        }
      }
      const quads = pageQuads(endpoint, form, body, `b${writer.sourceId}_`);
      if (!quads.length) break;
      if (short !== null && rowCap === null) {
        // A short page followed by more rows: the endpoint cut the page without saying so.
        rowCap = short;
        warnings.push(
          `${endpoint} answered ${short} rows to a request for ${pageSize} although more followed: it caps results per request ` +
            `(e.g. Virtuoso's ResultSetMaxRows) or the query's template repeats triples; pulled on from each page's end (use --page-size ${short} or less to save requests)`,
        );
      }
      for (const quad of quads) addQuad(ctx, quad, undefined);
      pages++;
      read += quads.length;
      run.onProgress?.({ phase: `pulling from ${endpoint} (page ${pages})`, done: read, unit: 'triples' });
      if (!paged) break;
      // A full page moves on by the page size (a template may give several triples per solution); a short one by
      // what came back, and the next request tells the end of the results from a silent row cap.
      offset += quads.length >= pageSize ? pageSize : quads.length;
      short = quads.length < pageSize ? quads.length : null;
    }
    const ownLimit = Number(/\blimit\s+(\d+)/i.exec(query)?.[1] ?? Infinity);
    if (!paged && read < ownLimit && ROUND_CAPS.has(read)) {
      warnings.push(`${endpoint} answered exactly ${read} triples to a query with its own LIMIT/OFFSET: if that is the endpoint's row cap (Virtuoso's ResultSetMaxRows is 10000 by default) the result is truncated; let pull page the query instead`);
    }
    writer.finish();
    return { endpoint, triples_read: read, triples_added: writer.added, duplicates: writer.duplicates, pages, source_id: writer.sourceId, seconds: (performance.now() - started) / 1000, row_cap: rowCap, warnings };
  }, { signal: run.signal, label: 'pull' });
}
