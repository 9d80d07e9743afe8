import { countResults, mediaFor, sparqlForm } from './sparql-query.js';
import type { SparqlFormat, SparqlResult } from '../../contract/sparql-types.js';

export interface EndpointOptions {
  format?: SparqlFormat;
  /** Whole request, headers and body (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** HTTP Basic credentials. */
  user?: string;
  password?: string;
  /** Same-host redirects followed at most (a redirect to another host is never followed). */
  maxRedirects?: number;
}

/** An endpoint that failed: HTTP status, time-out, wrong content type, malformed document, redirect elsewhere. */
export class EndpointError extends Error {
  constructor(readonly endpoint: string, problem: string, readonly status: number | null = null) {
    super(`${endpoint}: ${problem}`);
    this.name = 'EndpointError';
  }
}

const ACCEPTABLE: Record<string, string[]> = {
  'application/sparql-results+json': ['application/sparql-results+json', 'application/json'],
  'application/sparql-results+xml': ['application/sparql-results+xml', 'application/xml', 'text/xml'],
  'text/csv': ['text/csv'],
  'text/tab-separated-values': ['text/tab-separated-values'],
  'application/n-triples': ['application/n-triples', 'text/plain', 'text/turtle'],
  'text/turtle': ['text/turtle', 'application/x-turtle'],
  'application/rdf+xml': ['application/rdf+xml'],
};

function checkDocument(endpoint: string, form: string, format: string, body: string): void {
  if (format === 'json') {
    let doc: { head?: unknown; results?: { bindings?: unknown }; boolean?: unknown };
    try {
      doc = JSON.parse(body);
    } catch (err) {
      throw new EndpointError(endpoint, `malformed SPARQL JSON results (${(err as Error).message}); truncated response?`);
    }
    const ok = doc && typeof doc === 'object' && doc.head !== undefined && (typeof doc.boolean === 'boolean' || Array.isArray(doc.results?.bindings));
    if (!ok) throw new EndpointError(endpoint, 'malformed SPARQL JSON results: no head with results.bindings or boolean');
  } else if (format === 'xml' && form !== 'construct' && form !== 'describe') {
    if (!/<sparql[\s>]/.test(body) || !/<\/sparql>\s*$/.test(body)) throw new EndpointError(endpoint, 'malformed SPARQL XML results (no complete <sparql> document); truncated response?');
  }
}

/**
 * Runs a query against a remote SPARQL endpoint with the SPARQL 1.1 protocol (POST, form-encoded `query`), asking
 * for the same standard document a local query gives. Errors name the endpoint and what went wrong.
 */
export async function queryEndpoint(endpoint: string, query: string, options: EndpointOptions = {}): Promise<SparqlResult> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointError(endpoint, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EndpointError(endpoint, `only http and https endpoints (got ${url.protocol})`);
  const form = sparqlForm(query);
  if (form === 'update') throw new EndpointError(endpoint, 'this is a SPARQL update, not a query');
  const media = mediaFor(form ?? 'select', options.format ?? 'json');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new EndpointError(endpoint, `no complete answer within ${timeoutMs / 1000} s`)), timeoutMs);
  const onAbort = (): void => controller.abort(new Error('cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const headers: Record<string, string> = {
    accept: media.contentType,
    'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
  };
  if (options.user !== undefined) headers.authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  const t0 = performance.now();
  try {
    let target = url;
    let response: Response | null = null;
    for (let hop = 0; hop <= (options.maxRedirects ?? 3); hop++) {
      response = await fetch(target, { method: 'POST', headers, body: new URLSearchParams({ query }).toString(), redirect: 'manual', signal: controller.signal });
      if (response.status < 300 || response.status >= 400) break;
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new EndpointError(endpoint, `HTTP ${response.status} redirect without a Location`, response.status);
      const next = new URL(location, target);
      if (next.host !== url.host || next.protocol !== url.protocol) {
        throw new EndpointError(endpoint, `HTTP ${response.status}: redirected to another host (${next.origin}); not followed`, response.status);
      }
      target = next;
      response = null;
    }
    if (!response) throw new EndpointError(endpoint, 'too many redirects');
    const body = await response.text();
    if (!response.ok) {
      const detail = body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
      throw new EndpointError(endpoint, `HTTP ${response.status} ${response.statusText}${detail ? `: ${detail}` : ''}`, response.status);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!ACCEPTABLE[media.contentType]?.includes(type)) {
      throw new EndpointError(endpoint, `answered with content type "${type || 'none'}", expected ${media.contentType}`, response.status);
    }
    checkDocument(endpoint, form ?? 'select', media.format, body);
    const queryMs = performance.now() - t0;
    return { form: form ?? 'select', ...media, body, count: countResults(form ?? 'select', media.format, body), source: endpoint, loadMs: 0, queryMs };
  } catch (err) {
    if (err instanceof EndpointError) throw err;
    const reason = controller.signal.aborted ? controller.signal.reason : err;
    if (reason instanceof EndpointError) throw reason;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new EndpointError(endpoint, `${(reason as Error).message}${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}`);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
