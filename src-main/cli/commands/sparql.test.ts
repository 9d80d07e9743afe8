import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';
import { runRelata, type CliRun } from '../../../test-support/run-relata.js';
import { demoFiles } from '../../core/demo.js';
import { RelataService } from '../../core/api/handlers.js';
import { startServer } from '../../server/http-server.js';

const tmp = tempDir();
const BIN = join(REPO_ROOT, 'bin/relata.mjs');
const db = join(tmp.dir, 'demo.sqlite');
let server: Server;
let endpoint = '';
let lastQuery = '';

function relata(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RELATA_HOME: tmp.dir } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking the event loop (the scripted endpoint runs in this process). */
function relataAsync(...args: string[]): Promise<CliRun> {
  return runRelata(tmp.dir, ...args);
}

beforeAll(async () => {
  expect(relata('import', ...demoFiles(), '--db', db).code).toBe(0);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      lastQuery = new URLSearchParams(body).get('query') ?? '';
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end('{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"remote"}}]}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  tmp.cleanup();
});

describe('relata sparql', () => {
  it('prints the W3C results document for a query given inline or in a file', () => {
    const r = relata('sparql', '--db', db, 'SELECT ?name WHERE { rel:nikola_tesla rdfs:label ?name }');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ head: { vars: ['name'] }, results: { bindings: [{ name: { type: 'literal', value: 'Nikola Tesla' } }] } });
    const file = join(tmp.dir, 'q.rq');
    writeFileSync(file, 'PREFIX p: <https://relata.local/kg/p/>\nSELECT ?city WHERE { ?x p:born_in ?city } ORDER BY ?city LIMIT 2\n');
    const tsv = relata('sparql', '--db', db, '--file', file, '--format', 'tsv');
    expect(tsv.code).toBe(0);
    expect(tsv.stdout.split('\n')[0]).toBe('?city');
    expect(tsv.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exits 1 with LINE:COL: message on a syntax error', () => {
    const r = relata('sparql', '--db', db, 'SELECT ?x\nWHERE { ?x ?p }');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^2:\d+: \S/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('runs an update as one undoable edit', () => {
    const r = relata('sparql', '--db', db, 'INSERT DATA { rel:ulm relp:twin_town rel:smiljan }');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 1, deleted: 0 });
    expect(JSON.parse(relata('sparql', '--db', db, 'ASK { rel:ulm relp:twin_town rel:smiljan }').stdout).boolean).toBe(true);
  });

  it('sends the query to an endpoint with --endpoint (no KG needed)', async () => {
    const r = await relataAsync('sparql', '--endpoint', endpoint, 'SELECT ?x WHERE { ?x ?p ?o } LIMIT 1');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.bindings[0].x.value).toBe('remote');
    expect(lastQuery).toBe('SELECT ?x WHERE { ?x ?p ?o } LIMIT 1');
  });
});

describe('sparql.query through relata serve and as a session step', () => {
  it('answers over HTTP, refuses a syntax error as a client error, and records a reasoning-session step', async () => {
    const service = new RelataService(db, false);
    const running = await startServer(service, { staticDir: join(tmp.dir, 'no-ui') });
    try {
      const call = async (name: string, input: unknown): Promise<{ status: number; body: any }> => {
        const res = await fetch(`http://127.0.0.1:${running.port}/api/call/${name}`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-relata-token': running.token }, body: JSON.stringify(input),
        });
        return { status: res.status, body: await res.json() };
      };
      const ok = await call('sparql.query', { query: 'SELECT ?l WHERE { rel:smiljan rdfs:label ?l }', format: 'csv' });
      expect(ok.status).toBe(200);
      expect(ok.body.result).toMatchObject({ form: 'select', format: 'csv', contentType: 'text/csv', count: 1 });
      expect(ok.body.result.body.trim().split(/\r?\n/)).toEqual(['l', 'Smiljan']);
      const bad = await call('sparql.query', { query: 'SELECT ?l WHERE { ?x ?l }' });
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
      expect(bad.body.error).toMatchObject({ kind: 'invalid-input', message: expect.stringMatching(/^1:\d+: /) });
      const id = (await call('session.create', { name: 'sparql' })).body.result.id as number;
      const step = await call('session.run', { sessionId: id, call: 'sparql.query', input: { query: 'ASK { rel:ulm ?p ?o }' } });
      expect(step.status).toBe(200);
      expect(step.body.result).toMatchObject({ kind: 'sparql.query', title: 'SPARQL: ASK { rel:ulm ?p ?o }' });
      expect(JSON.parse(step.body.result.output.body).boolean).toBe(true);
    } finally {
      await running.close();
      service.close();
    }
  });
});
