// sparql.publish: the KG's triples (asserted, or only derived / model ones) sent to a SPARQL 1.1 store as
// `INSERT DATA` updates in batches, the lines exactly as `export --format nt` writes them. Re-running sends the same
// triples again, which a store (a set of triples) keeps once.
import type { SparqlPublishResult } from '../../contract/sparql-types.js';
import { nTriplesLine } from '../export/export-kg.js';
import { throwIfCancelled, CancelledError } from '../run/cancelled-error.js';
import type { RunOptions } from '../run/run-options.js';
import type { KgStore } from '../store/kg-store.js';
import { exportRows } from '../store/triple-rows.js';
import { HttpAuth } from './http-auth.js';
import { EndpointError } from './sparql-endpoint.js';

export interface PublishOptions {
  endpoint: string;
  /** Named graph the triples go into; the store's default graph when absent. */
  graph?: string;
  /** Only the derived triples, or only those a model wrote; default: the asserted triples. */
  only?: 'derived' | 'model';
  user?: string;
  password?: string;
  /** Triples per INSERT DATA (default 1,000; halved while the store finds a batch too big to compile). */
  batchSize?: number;
  /** Per request (default 120 s). */
  timeoutMs?: number;
}

/** A store's "this update is too big to compile" (Virtuoso's parser stack and SQL-text limits). */
const TOO_BIG = /memory exhausted|exceeded \d+ lines|too (long|large|big)/i;

/** Sends one SPARQL update; answers a Digest (or Basic) challenge once per nonce. */
async function sendUpdate(url: URL, update: string, auth: HttpAuth | null, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const endpoint = url.href;
  for (let attempt = 0; attempt < 3; attempt++) {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: '*/*' };
    const authorization = auth?.header('POST', url);
    if (authorization) headers.authorization = authorization;
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams({ update }).toString(), redirect: 'manual', signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]) });
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      const cause = (err as { cause?: { code?: string } }).cause;
      throw new EndpointError(endpoint, (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : `${(err as Error).message}${cause?.code ? ` (${cause.code})` : ''}`);
    }
    const body = await response.text();
    if (response.ok) return;
    if (response.status === 401 && auth && auth.challenge(response.headers.get('www-authenticate'))) continue;
    const detail = body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
    const hint = response.status === 401 ? (auth ? ' (user or password refused)' : ' (give --user and --password)') : '';
    throw new EndpointError(endpoint, `HTTP ${response.status} ${response.statusText}${hint}${detail ? `: ${detail}` : ''}`, response.status);
  }
  throw new EndpointError(endpoint, 'HTTP 401: authentication failed');
}

/** Publishes the KG's triples to the store behind `endpoint` (SPARQL Update), batch by batch. */
export async function publishToEndpoint(store: KgStore, options: PublishOptions, run: RunOptions = {}): Promise<SparqlPublishResult> {
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    throw new EndpointError(options.endpoint, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EndpointError(options.endpoint, `only http and https endpoints (got ${url.protocol})`);
  if (options.graph !== undefined && !/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(options.graph)) throw new EndpointError(options.endpoint, `--graph must be an absolute IRI (got "${options.graph}")`);
  const auth = options.user !== undefined ? new HttpAuth({ user: options.user, password: options.password ?? '' }) : null;
  const started = performance.now();
  let batchSize = options.batchSize ?? 1000;
  let requests = 0;
  /** One batch; a store that finds it too big to compile (Virtuoso: SP030/SP031) gets it in halves, and later batches smaller. */
  const send = async (lines: string[]): Promise<void> => {
    const data = lines.join('');
    try {
      await sendUpdate(url, options.graph ? `INSERT DATA { GRAPH <${options.graph}> {\n${data}} }` : `INSERT DATA {\n${data}}`, auth, options.timeoutMs ?? 120_000, run.signal);
      requests++;
    } catch (err) {
      if (!(err instanceof EndpointError && err.status === 400 && TOO_BIG.test(err.message) && lines.length > 1)) throw err;
      const half = Math.ceil(lines.length / 2);
      batchSize = Math.min(batchSize, half);
      await send(lines.slice(0, half));
      await send(lines.slice(half));
    }
  };
  let sent = 0;
  let lines: string[] = [];
  for (const row of exportRows(store.db, options.only ?? 'asserted')) {
    lines.push(nTriplesLine(row));
    if (lines.length >= batchSize) {
      throwIfCancelled(run.signal);
      await send(lines);
      sent += lines.length;
      lines = [];
      run.onProgress?.({ phase: `publishing to ${options.endpoint}`, done: sent, unit: 'triples' });
    }
  }
  if (lines.length) {
    throwIfCancelled(run.signal);
    await send(lines);
    sent += lines.length;
  }
  return { endpoint: options.endpoint, graph: options.graph ?? null, only: options.only ?? null, triples_sent: sent, batches: requests, seconds: (performance.now() - started) / 1000 };
}
