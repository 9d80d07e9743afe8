// sparql.publish: the KG's triples (asserted, or only derived / model ones) sent to a SPARQL 1.1 store in batches, the
// lines exactly as `export --format nt` writes them, by one of two protocols:
// - SPARQL Update: `INSERT DATA` requests. Re-running sends the same triples again, which a store (a set of triples)
//   keeps once.
// - Graph Store HTTP Protocol: N-Triples bodies to `ENDPOINT?graph=IRI` (Virtuoso: /sparql-graph-crud-auth). With a
//   named graph the first request is a PUT, which replaces the graph, and the rest are POSTs, which add to it: after a
//   publish the graph holds exactly the KG's triples, however often it runs. Without one, every request POSTs to
//   `?default` (never replacing a store's whole default graph).
// Triples with blank nodes go last, in one request, so that a blank node the KG holds stays one node in the store.
import type { PublishProtocol, SparqlPublishResult } from '../../contract/sparql-types.js';
import { nTriplesLine } from '../export/export-kg.js';
import { throwIfCancelled, CancelledError } from '../run/cancelled-error.js';
import type { RunOptions } from '../run/run-options.js';
import type { KgStore } from '../store/kg-store.js';
import { exportRows } from '../store/triple-rows.js';
import { HttpAuth } from './http-auth.js';
import { EndpointError } from './sparql-endpoint.js';

export interface PublishOptions {
  endpoint: string;
  /** 'update' (default): INSERT DATA to a SPARQL update endpoint; 'gsp': the Graph Store HTTP Protocol. */
  protocol?: PublishProtocol;
  /** Named graph the triples go into; the store's default graph when absent. */
  graph?: string;
  /** Only the derived triples, or only those a model wrote; default: the asserted triples. */
  only?: 'derived' | 'model';
  user?: string;
  password?: string;
  /** Triples per request (default 1,000 for update, 10,000 for gsp; updates halved while the store finds one too big to compile). */
  batchSize?: number;
  /** Per request (default 120 s). */
  timeoutMs?: number;
}

/** A store's "this update is too big to compile" (Virtuoso's parser stack and SQL-text limits). */
const TOO_BIG = /memory exhausted|exceeded \d+ lines|too (long|large|big)/i;

interface HttpRequest {
  method: 'POST' | 'PUT';
  contentType: string;
  body: string;
}

/** Sends one request; answers a Digest (or Basic) challenge once per nonce. Returns the HTTP status. */
async function send(url: URL, request: HttpRequest, auth: HttpAuth | null, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const endpoint = url.href;
  for (let attempt = 0; attempt < 3; attempt++) {
    const headers: Record<string, string> = { 'content-type': request.contentType, accept: '*/*' };
    const authorization = auth?.header(request.method, url);
    if (authorization) headers.authorization = authorization;
    let response: Response;
    try {
      response = await fetch(url, { method: request.method, headers, body: request.body, redirect: 'manual', signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]) });
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      const cause = (err as { cause?: { code?: string } }).cause;
      throw new EndpointError(endpoint, (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : `${(err as Error).message}${cause?.code ? ` (${cause.code})` : ''}`);
    }
    const body = await response.text();
    if (response.ok) return response.status;
    if (response.status === 401 && auth && auth.challenge(response.headers.get('www-authenticate'))) continue;
    const detail = body.replace(/<style[^]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
    const hint = response.status === 401 ? (auth ? ' (user or password refused)' : ' (give --user and --password)') : '';
    throw new EndpointError(endpoint, `HTTP ${response.status} ${response.statusText}${hint}${detail ? `: ${detail}` : ''}`, response.status);
  }
  throw new EndpointError(endpoint, 'HTTP 401: authentication failed');
}

/** The graph store URL of one graph: `?graph=IRI`, or `?default`, added to the endpoint's own query string. */
function graphStoreUrl(endpoint: URL, graph: string | undefined): URL {
  const url = new URL(endpoint.href);
  if (graph !== undefined) url.searchParams.set('graph', graph);
  else url.search = url.search ? `${url.search}&default` : '?default';
  return url;
}

/** Publishes the KG's triples to the store behind `endpoint`, batch by batch. */
export async function publishToEndpoint(store: KgStore, options: PublishOptions, run: RunOptions = {}): Promise<SparqlPublishResult> {
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    throw new EndpointError(options.endpoint, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EndpointError(options.endpoint, `only http and https endpoints (got ${url.protocol})`);
  if (options.graph !== undefined && !/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(options.graph)) throw new EndpointError(options.endpoint, `--graph must be an absolute IRI (got "${options.graph}")`);
  const protocol = options.protocol ?? 'update';
  const auth = options.user !== undefined ? new HttpAuth({ user: options.user, password: options.password ?? '' }) : null;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = performance.now();
  let batchSize = options.batchSize ?? (protocol === 'gsp' ? 10_000 : 1000);
  let requests = 0;

  const target = protocol === 'gsp' ? graphStoreUrl(url, options.graph) : url;
  /** N-Triples first; a store that refuses the media type (415) gets the same lines as Turtle, of which they are a subset. */
  let gspType = 'application/n-triples';
  /** One batch by the Graph Store protocol: PUT (replacing the named graph) the first time, POST (adding) after. */
  const sendGraphStore = async (lines: string[]): Promise<void> => {
    const method = options.graph !== undefined && requests === 0 ? 'PUT' : 'POST';
    try {
      await send(target, { method, contentType: gspType, body: lines.join('') }, auth, timeoutMs, run.signal);
    } catch (err) {
      if (!(err instanceof EndpointError && err.status === 415 && gspType !== 'text/turtle')) {
        if (err instanceof EndpointError && options.graph === undefined && /default/i.test(err.message)) {
          throw new EndpointError(options.endpoint, `${err.message.slice(target.href.length + 2)} (this store takes no default graph over the Graph Store protocol: give --graph)`, err.status);
        }
        throw err;
      }
      gspType = 'text/turtle';
      await send(target, { method, contentType: gspType, body: lines.join('') }, auth, timeoutMs, run.signal);
    }
    requests++;
  };
  /** One batch as INSERT DATA; a store that finds it too big to compile (Virtuoso: SP030/SP031) gets it in halves, and later batches smaller. */
  const sendUpdate = async (lines: string[]): Promise<void> => {
    const data = lines.join('');
    const update = options.graph ? `INSERT DATA { GRAPH <${options.graph}> {\n${data}} }` : `INSERT DATA {\n${data}}`;
    try {
      await send(url, { method: 'POST', contentType: 'application/x-www-form-urlencoded; charset=UTF-8', body: new URLSearchParams({ update }).toString() }, auth, timeoutMs, run.signal);
      requests++;
    } catch (err) {
      if (!(err instanceof EndpointError && err.status === 400 && TOO_BIG.test(err.message) && lines.length > 1)) throw err;
      const half = Math.ceil(lines.length / 2);
      batchSize = Math.min(batchSize, half);
      await sendUpdate(lines.slice(0, half));
      await sendUpdate(lines.slice(half));
    }
  };
  const sendBatch = protocol === 'gsp' ? sendGraphStore : sendUpdate;

  let sent = 0;
  let lines: string[] = [];
  const blankLines: string[] = [];
  const flush = async (batch: string[]): Promise<void> => {
    throwIfCancelled(run.signal);
    await sendBatch(batch);
    sent += batch.length;
    run.onProgress?.({ phase: `publishing to ${options.endpoint}`, done: sent, unit: 'triples' });
  };
  for (const row of exportRows(store.db, options.only ?? 'asserted')) {
    const line = nTriplesLine(row);
    if (row.s.startsWith('_:') || row.o?.startsWith('_:')) {
      blankLines.push(line);
      continue;
    }
    lines.push(line);
    if (lines.length >= batchSize) {
      await flush(lines);
      lines = [];
    }
  }
  if (lines.length) await flush(lines);
  if (blankLines.length) await flush(blankLines);
  // Mirroring an empty selection into a named graph empties it.
  if (protocol === 'gsp' && options.graph !== undefined && requests === 0) await flush([]);
  return { endpoint: options.endpoint, protocol, graph: options.graph ?? null, only: options.only ?? null, triples_sent: sent, batches: requests, seconds: (performance.now() - started) / 1000 };
}
