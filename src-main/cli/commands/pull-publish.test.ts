import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test-support/paths.js';
import { runRelata, type CliRun } from '../../../test-support/run-relata.js';

/**
 * `relata pull` and `relata publish` as the terminal runs them, against a scripted endpoint in this process: the JSON
 * fields they print and their exit codes (the calls themselves are tested against Virtuoso in core/sparql).
 */
const tmp = tempDir();
let server: Server;
let base = '';
const updates: string[] = [];
const graphStoreRequests: Array<{ method: string; url: string; type: string; lines: number }> = [];
const TRIPLES = Array.from({ length: 25 }, (_, i) => `<http://example.org/e${i}> <http://www.w3.org/2000/01/rdf-schema#label> "entity ${i}"@en .\n`);

const relata = (...args: string[]): Promise<CliRun> => runRelata(tmp.dir, ...args);

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (req.url === '/update') {
        updates.push(form.get('update') ?? '');
        res.writeHead(200).end();
        return;
      }
      if (req.url?.startsWith('/store')) {
        graphStoreRequests.push({ method: req.method ?? '', url: req.url, type: req.headers['content-type'] ?? '', lines: body.split('\n').filter(Boolean).length });
        res.writeHead(req.method === 'PUT' ? 201 : 204).end();
        return;
      }
      if (req.url === '/broken') {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      const m = /LIMIT (\d+) OFFSET (\d+)\s*$/.exec(form.get('query') ?? '');
      const [limit, offset] = m ? [Number(m[1]), Number(m[2])] : [TRIPLES.length, 0];
      res.writeHead(200, { 'content-type': 'application/n-triples' }).end(TRIPLES.slice(offset, offset + limit).join(''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(tmp.dir, 'q.rq'), 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }');
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  tmp.cleanup();
});

describe('relata pull and publish', () => {
  it('pulls into a new KG in pages and publishes it back, printing the JSON reports', async () => {
    const db = join(tmp.dir, 'pulled.sqlite');
    const pull = await relata('pull', '--db', db, '--endpoint', `${base}/sparql`, '--query', join(tmp.dir, 'q.rq'), '--page-size', '10', '--json');
    expect({ code: pull.code, stderr: pull.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(pull.stdout)).toMatchObject({ triples_added: 25, pages: 3, seconds: expect.any(Number), row_cap: null, warnings: [] });

    const publish = await relata('publish', '--db', db, '--endpoint', `${base}/update`, '--graph', 'http://example.org/g', '--json');
    expect({ code: publish.code, stderr: publish.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(publish.stdout)).toMatchObject({ triples_sent: 25, batches: 1, seconds: expect.any(Number) });
    expect(updates[0]).toMatch(/^INSERT DATA \{ GRAPH <http:\/\/example\.org\/g> \{\n/);
    for (const line of TRIPLES) expect(updates[0]).toContain(line);

    const gsp = await relata('publish', '--db', db, '--endpoint', `${base}/store`, '--protocol', 'gsp', '--graph', 'http://example.org/g', '--batch-size', '10', '--json');
    expect({ code: gsp.code, stderr: gsp.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(gsp.stdout)).toMatchObject({ protocol: 'gsp', triples_sent: 25, batches: 3 });
    const url = `/store?graph=${encodeURIComponent('http://example.org/g')}`;
    expect(graphStoreRequests).toEqual([
      { method: 'PUT', url, type: 'application/n-triples', lines: 10 },
      { method: 'POST', url, type: 'application/n-triples', lines: 10 },
      { method: 'POST', url, type: 'application/n-triples', lines: 5 },
    ]);
  }, 60_000);

  it('exits non-zero naming the endpoint and the HTTP status when the endpoint fails', async () => {
    const r = await relata('pull', '--db', join(tmp.dir, 'other.sqlite'), '--endpoint', `${base}/broken`, '--query', join(tmp.dir, 'q.rq'), '--json');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${base}/broken: HTTP 503`);
  }, 60_000);
});
