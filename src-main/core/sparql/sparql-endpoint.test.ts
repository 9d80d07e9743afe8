import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import { tempDir } from '../../../test-support/paths.js';
import { runSparqlQuery } from './sparql-query.js';
import { EndpointError, queryEndpoint } from './sparql-endpoint.js';

/**
 * A scripted SPARQL endpoint on 127.0.0.1: /sparql answers from a real Relata KG (the demo) through the same SPARQL
 * face, the other paths misbehave in one way each. Nothing leaves the loopback interface.
 */
let server: Server;
let base = '';
let tmp: ReturnType<typeof tempDir>;
let kg: KgStore;
const seen: Array<{ path: string; accept: string | undefined; contentType: string | undefined; query: string | null }> = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => resolve(body));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const query = new URLSearchParams(body).get('query');
  const path = (req.url ?? '/').split('?')[0];
  seen.push({ path, accept: req.headers.accept, contentType: req.headers['content-type'], query });
  if (path === '/sparql' || path === '/moved-here') {
    const format = req.headers.accept === 'text/csv' ? 'csv' : req.headers.accept === 'application/n-triples' ? 'nt' : 'json';
    try {
      const r = runSparqlQuery(kg, query ?? '', { format });
      res.writeHead(200, { 'content-type': `${r.contentType}; charset=utf-8` }).end(r.body);
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`Parse error: ${(err as Error).message}`);
    }
  } else if (path === '/fail') res.writeHead(500, 'Internal Server Error', { 'content-type': 'text/html' }).end('<html><body><h1>Virtuoso 42000 Error</h1> SR185: Undefined procedure</body></html>');
  else if (path === '/slow') setTimeout(() => res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end('{"head":{"vars":[]},"results":{"bindings":[]}}'), 3000);
  else if (path === '/truncated') res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end('{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://x/');
  else if (path === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login page</html>');
  else if (path === '/same-host-redirect') res.writeHead(302, { location: '/moved-here' }).end();
  else if (path === '/other-host-redirect') res.writeHead(307, { location: `http://localhost:${(server.address() as AddressInfo).port}/sparql` }).end();
  else res.writeHead(404).end();
}

beforeAll(async () => {
  tmp = tempDir();
  kg = KgStore.open(join(tmp.dir, 'kg.sqlite'));
  await importFiles(kg, demoFiles().map((path) => ({ path })));
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  kg.close();
  tmp.cleanup();
});

describe('queries against a SPARQL endpoint', () => {
  it('sends the query with the SPARQL protocol and returns the standard document', async () => {
    const q = 'SELECT ?name WHERE { <https://relata.local/kg/e/albert_einstein> <http://www.w3.org/2000/01/rdf-schema#label> ?name }';
    const r = await queryEndpoint(`${base}/sparql`, q);
    expect(r).toMatchObject({ form: 'select', format: 'json', count: 1, source: `${base}/sparql` });
    expect(JSON.parse(r.body).results.bindings[0].name.value).toBe('Albert Einstein');
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ path: '/sparql', accept: 'application/sparql-results+json', query: q });
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    const csv = await queryEndpoint(`${base}/sparql`, q, { format: 'csv' });
    expect(csv.body.trim().split(/\r?\n/)).toEqual(['name', 'Albert Einstein']);
    const graph = await queryEndpoint(`${base}/sparql`, 'CONSTRUCT WHERE { <https://relata.local/kg/e/ulm> ?p ?o }');
    expect(graph.form).toBe('construct');
    expect(seen.at(-1)!.accept).toBe('application/n-triples');
    expect(graph.count).toBeGreaterThan(1);
  });

  it('follows a redirect on the same host only', async () => {
    const r = await queryEndpoint(`${base}/same-host-redirect`, 'ASK { ?s ?p ?o }');
    expect(JSON.parse(r.body).boolean).toBe(true);
    const before = seen.length;
    await expect(queryEndpoint(`${base}/other-host-redirect`, 'ASK { ?s ?p ?o }')).rejects.toThrow(/redirected to another host \(http:\/\/localhost:\d+\); not followed/);
    expect(seen.length).toBe(before + 1);
  });

  it('gives a clear error for HTTP failures, time-outs, truncated results and wrong content types', async () => {
    const q = 'SELECT * WHERE { ?s ?p ?o }';
    await expect(queryEndpoint(`${base}/fail`, q)).rejects.toThrow(`${base}/fail: HTTP 500 Internal Server Error: Virtuoso 42000 Error SR185: Undefined procedure`);
    await expect(queryEndpoint(`${base}/sparql`, 'SELECT * WHERE { ?s ?p }')).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/HTTP 400 Bad Request: Parse error: 1:\d+: /) });
    const t0 = Date.now();
    await expect(queryEndpoint(`${base}/slow`, q, { timeoutMs: 300 })).rejects.toThrow(`${base}/slow: no complete answer within 0.3 s`);
    expect(Date.now() - t0).toBeLessThan(2500);
    await expect(queryEndpoint(`${base}/truncated`, q)).rejects.toThrow(/malformed SPARQL JSON results .*truncated response\?/);
    await expect(queryEndpoint(`${base}/html`, q)).rejects.toThrow('answered with content type "text/html", expected application/sparql-results+json');
    await expect(queryEndpoint('ftp://127.0.0.1/sparql', q)).rejects.toBeInstanceOf(EndpointError);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(queryEndpoint(`http://127.0.0.1:${port}/sparql`, q)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const pending = queryEndpoint(`${base}/slow`, 'ASK {}', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/cancelled/);
  });
});
