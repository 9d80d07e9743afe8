import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { nTriplesLine } from '../export/export-kg.js';
import { KgStore } from '../store/kg-store.js';
import { countTriples, exportRows } from '../store/triple-rows.js';
import { tempDir } from '../../../test-support/paths.js';
import { startVirtuoso, type Virtuoso } from '../../../test-support/virtuoso.js';
import { parseDigestChallenge } from './http-auth.js';

/** The KG's asserted triples as N-Triples lines, blank nodes left out (their labels are the store's own). */
function lines(path: string): string[] {
  const kg = KgStore.open(path);
  try {
    return [...exportRows(kg.db, 'asserted')].map(nTriplesLine).filter((l) => !l.startsWith('_:') && !l.includes(' _:')).sort();
  } finally {
    kg.close();
  }
}

const GRAPH = 'http://example.org/relata-test';
const GSP_GRAPH = 'http://example.org/relata-gsp';
/** The test instance's row cap (Virtuoso's ResultSetMaxRows): a pull asking for more per page gets at most this. */
const ROW_CAP = 60;
let tmp: ReturnType<typeof tempDir>;
let virtuoso: Virtuoso;
let source: string;
let sourceCount = 0;

async function virtuosoCount(graph = GRAPH): Promise<number> {
  const r = await fetch(`${virtuoso.sparql}?query=${encodeURIComponent(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ?s ?p ?o } }`)}`, { headers: { accept: 'application/sparql-results+json' } });
  const doc = (await r.json()) as { results: { bindings: Array<{ n: { value: string } }> } };
  return Number(doc.results.bindings[0].n.value);
}

beforeAll(async () => {
  tmp = tempDir();
  source = join(tmp.dir, 'demo.sqlite');
  const service = new RelataService(source, true);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  service.close();
  sourceCount = lines(source).length;
  virtuoso = await startVirtuoso({ ini: { SPARQL: { ResultSetMaxRows: String(ROW_CAP) } } });
}, 90_000);

afterAll(async () => {
  await virtuoso?.stop();
  tmp?.cleanup();
});

describe('publish to and pull from a real Virtuoso', () => {
  it('publishes with Digest auth into a named graph, idempotently, and pulls the same triples back in pages', async () => {
    const service = new RelataService(source, false);
    const first = await service.call('sparql.publish', { endpoint: virtuoso.sparqlAuth, graph: GRAPH, user: 'dba', password: 'dba', batchSize: 400 });
    const kg = KgStore.open(source);
    const asserted = countTriples(kg.db);
    kg.close();
    expect(first.triples_sent).toBe(asserted);
    expect(first.batches).toBe(Math.ceil(asserted / 400));
    const stored = await virtuosoCount();
    expect(stored).toBe(first.triples_sent);
    const again = await service.call('sparql.publish', { endpoint: virtuoso.sparqlAuth, graph: GRAPH, user: 'dba', password: 'dba' });
    expect(again.triples_sent).toBe(first.triples_sent);
    expect(await virtuosoCount()).toBe(stored);
    service.close();
    console.log(`publish: ${first.triples_sent} triples in ${first.seconds.toFixed(2)} s (${Math.round(first.triples_sent / first.seconds)} triples/s)`);

    const target = join(tmp.dir, 'pulled.sqlite');
    const fresh = new RelataService(target, true);
    const pageSize = ROW_CAP - 10;
    const pulled = await fresh.call('sparql.pull', { endpoint: virtuoso.sparql, query: `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } } ORDER BY ?s ?p ?o`, pageSize });
    fresh.close();
    console.log(`pull: ${pulled.triples_read} triples in ${pulled.pages} pages, ${pulled.seconds.toFixed(2)} s (${Math.round(pulled.triples_read / pulled.seconds)} triples/s)`);
    expect(pulled.pages).toBe(Math.ceil(stored / pageSize));
    expect(pulled).toMatchObject({ triples_added: stored, row_cap: null, warnings: [] });
    expect(lines(target)).toEqual(lines(source));
    const pulledKg = KgStore.open(target);
    const provenance = pulledKg.db.prepare('SELECT kind, name, detail FROM sources WHERE id = ?').get(pulled.source_id) as { kind: string; name: string; detail: string };
    pulledKg.close();
    expect(provenance).toMatchObject({ kind: 'file', name: virtuoso.sparql });
    expect(JSON.parse(provenance.detail)).toMatchObject({ endpoint: virtuoso.sparql, query: expect.stringContaining('CONSTRUCT'), pulledAt: expect.stringMatching(/^\d{4}-/) });
    expect(sourceCount).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a wrong password with the HTTP status', async () => {
    const service = new RelataService(source, false);
    await expect(service.call('sparql.publish', { endpoint: virtuoso.sparqlAuth, graph: GRAPH, user: 'dba', password: 'wrong' })).rejects.toThrow(/sparql-auth: HTTP 401/);
    await expect(service.call('sparql.publish', { endpoint: virtuoso.graphStore, protocol: 'gsp', graph: GSP_GRAPH, user: 'dba', password: 'wrong' })).rejects.toThrow(/sparql-graph-crud-auth\?graph=.*: HTTP 401/);
    service.close();
  });

  it('publishes by the Graph Store protocol with Digest auth: the graph ends up holding exactly the KG, however often it runs', async () => {
    // A triple the KG does not hold, already in the graph: the first request (PUT) replaces it.
    const service = new RelataService(source, false);
    const seed = join(tmp.dir, 'stale.sqlite');
    const seedService = new RelataService(seed, true);
    await seedService.call('sparql.update', { update: 'INSERT DATA { <http://example.org/stale> <http://example.org/p> "left over" }' });
    await seedService.call('sparql.publish', { endpoint: virtuoso.graphStore, protocol: 'gsp', graph: GSP_GRAPH, user: 'dba', password: 'dba' });
    seedService.close();
    expect(await virtuosoCount(GSP_GRAPH)).toBe(1);

    const first = await service.call('sparql.publish', { endpoint: virtuoso.graphStore, protocol: 'gsp', graph: GSP_GRAPH, user: 'dba', password: 'dba', batchSize: 300 });
    const kg = KgStore.open(source);
    const asserted = countTriples(kg.db);
    kg.close();
    expect(first).toMatchObject({ protocol: 'gsp', graph: GSP_GRAPH, triples_sent: asserted });
    expect(first.batches).toBeGreaterThanOrEqual(Math.ceil(asserted / 300));
    expect(await virtuosoCount(GSP_GRAPH)).toBe(asserted);
    const again = await service.call('sparql.publish', { endpoint: virtuoso.graphStore, protocol: 'gsp', graph: GSP_GRAPH, user: 'dba', password: 'dba' });
    expect(again).toMatchObject({ triples_sent: asserted, batches: 1 });
    expect(await virtuosoCount(GSP_GRAPH)).toBe(asserted);
    service.close();
    console.log(`publish (gsp): ${first.triples_sent} triples in ${first.seconds.toFixed(2)} s; again in one request: ${again.seconds.toFixed(2)} s`);

    // The same triples as the update protocol's graph: the two protocols publish one and the same RDF.
    const diff = await fetch(`${virtuoso.sparql}?query=${encodeURIComponent(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${GSP_GRAPH}> { ?s ?p ?o } FILTER NOT EXISTS { GRAPH <${GRAPH}> { ?s ?p ?o } } FILTER (!isBlank(?s) && !isBlank(?o)) }`)}`, { headers: { accept: 'application/sparql-results+json' } });
    expect(((await diff.json()) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0].n.value).toBe('0');
  }, 120_000);

  it('says that Virtuoso takes no default graph over the Graph Store protocol', async () => {
    const service = new RelataService(source, false);
    await expect(service.call('sparql.publish', { endpoint: virtuoso.graphStore, protocol: 'gsp', user: 'dba', password: 'dba' })).rejects.toThrow(/HTTP 500.*give --graph/);
    service.close();
  });

  it("pages past Virtuoso's ResultSetMaxRows when a page asks for more, and says so", async () => {
    const target = join(tmp.dir, 'capped.sqlite');
    const fresh = new RelataService(target, true);
    const stored = await virtuosoCount();
    const query = `SELECT ?s ?p ?o WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } } ORDER BY ?s ?p ?o`;
    const pulled = await fresh.call('sparql.pull', { endpoint: virtuoso.sparql, query, pageSize: ROW_CAP * 3 });
    fresh.close();
    expect(pulled.row_cap).toBe(ROW_CAP);
    expect(pulled.triples_added).toBe(stored);
    expect(pulled.pages).toBe(Math.ceil(stored / ROW_CAP));
    expect(pulled.warnings).toEqual([expect.stringContaining(`answered ${ROW_CAP} rows to a request for ${ROW_CAP * 3} although more followed`)]);
    expect(lines(target)).toEqual(lines(source));
  }, 60_000);
});

let server: Server;
let base = '';
const updates: number[] = [];

describe('a misbehaving endpoint', () => {
  const hits: string[] = [];
  const nt = '<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n';
  beforeAll(async () => {
    server = createServer((req, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      hits.push(path);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (path === '/basic-small') {
          const triples = (new URLSearchParams(body).get('update') ?? '').split('\n').filter((l) => l.endsWith(' .')).length;
          if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`) res.writeHead(401, { 'www-authenticate': 'Basic realm="store"' }).end();
          else if (triples > 50) res.writeHead(400, { 'content-type': 'text/plain' }).end('Virtuoso 37000 Error SP030: SPARQL compiler, line 4992: memory exhausted');
          else updates.push(triples), res.writeHead(200).end('ok');
        } else if (path === '/pages') {
          res.writeHead(200, { 'content-type': 'application/n-triples' }).end(`<http://example.org/n${hits.length}> <http://example.org/p> <http://example.org/b> .\n`);
        } else if (path === '/capped') {
          // 25 triples, LIMIT/OFFSET honoured, but never more than 7 rows per answer (a silent row cap).
          const m = /LIMIT (\d+) OFFSET (\d+)\s*$/.exec(new URLSearchParams(body).get('query') ?? '');
          const [limit, offset] = m ? [Number(m[1]), Number(m[2])] : [25, 0];
          const rows = Array.from({ length: 25 }, (_, i) => `<http://example.org/c${i}> <http://example.org/p> "${i}" .\n`);
          res.writeHead(200, { 'content-type': 'application/n-triples' }).end(rows.slice(offset, offset + Math.min(limit, 7)).join(''));
        } else if (path === '/500') res.writeHead(500, { 'content-type': 'text/plain' }).end('store on fire');
        else if (path === '/malformed') res.writeHead(200, { 'content-type': 'application/n-triples' }).end(`${nt}<http://example.org/a> <http://exa`);
        else if (path === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
        else if (path === '/select-bad') res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end('{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://x"}}]}}');
        else res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a Basic challenge and halves batches the store finds too big to compile', async () => {
    const service = new RelataService(source, false);
    const r = await service.call('sparql.publish', { endpoint: `${base}/basic-small`, graph: GRAPH, user: 'u', password: 'p', batchSize: 200 });
    service.close();
    expect(r.triples_sent).toBe(updates.reduce((a, b) => a + b, 0));
    expect(Math.max(...updates)).toBeLessThanOrEqual(50);
    expect(r.batches).toBe(updates.length);
  });

  it('detects a silent row cap, pages past it and warns; a last page cut short by the data alone warns of nothing', async () => {
    const target = join(tmp.dir, 'capped-scripted.sqlite');
    const service = new RelataService(target, true);
    hits.length = 0;
    const r = await service.call('sparql.pull', { endpoint: `${base}/capped`, query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', pageSize: 10 });
    expect(r).toMatchObject({ triples_read: 25, triples_added: 25, pages: 4, row_cap: 7 });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/answered 7 rows to a request for 10 although more followed.*ResultSetMaxRows/);
    // 4 pages (7, 7, 7, 4) and the empty answer that ends them.
    expect(hits.length).toBe(5);
    const exact = await service.call('sparql.pull', { endpoint: `${base}/capped`, query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', pageSize: 5 });
    expect(exact).toMatchObject({ triples_read: 25, pages: 5, row_cap: null, warnings: [] });
    service.close();
  });

  it('keeps nothing of a pull cancelled after its first page', async () => {
    const before = lines(source);
    const service = new RelataService(source, false);
    const controller = new AbortController();
    await expect(
      service.call('sparql.pull', { endpoint: `${base}/pages`, query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', pageSize: 1 }, { signal: controller.signal, onProgress: () => controller.abort() }),
    ).rejects.toThrow(/cancelled/);
    service.close();
    expect(lines(source)).toEqual(before);
  });

  const cases: Array<[string, string, RegExp]> = [
    ['/500', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', /\/500: HTTP 500 .*store on fire.*after 3 tries/],
    ['/malformed', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', /\/malformed: malformed RDF/],
    ['/html', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', /\/html: answered with content type "text\/html"/],
    ['/select-bad', 'SELECT ?s WHERE { ?s ?p ?o }', /\/select-bad: malformed SELECT result: a solution without \?p/],
  ];
  it.each(cases)('%s fails clearly and leaves the KG unchanged', async (path, query, error) => {
    const before = lines(source);
    const service = new RelataService(source, false);
    const sources = (): number => {
      const kg = KgStore.open(source);
      const n = kg.db.prepare('SELECT count(*) FROM sources').pluck().get() as number;
      kg.close();
      return n;
    };
    const sourcesBefore = sources();
    hits.length = 0;
    await expect(service.call('sparql.pull', { endpoint: `${base}${path}`, query, pageSize: 1 })).rejects.toThrow(error);
    service.close();
    expect(hits.length).toBe(path === '/500' ? 3 : 1);
    expect(lines(source)).toEqual(before);
    expect(sources()).toBe(sourcesBefore);
  }, 20_000);
});

describe('Digest challenge', () => {
  it('reads Virtuoso-style WWW-Authenticate headers', () => {
    expect(parseDigestChallenge('Digest realm="virtuoso", domain="/sparql-auth", nonce="abc", opaque="5ebe", stale="false", qop="auth", algorithm="MD5"')).toEqual({ realm: 'virtuoso', nonce: 'abc', opaque: '5ebe', qop: 'auth', algorithm: 'MD5' });
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
  });
});
