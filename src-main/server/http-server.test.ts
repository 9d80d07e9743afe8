import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { WireResponse } from '../contract/api.js';
import { RelataService } from '../core/api/handlers.js';
import { startServer, type RunningServer } from './http-server.js';
import { REPO_ROOT, datasetPath, fixturePath, tempDir } from '../../test-support/paths.js';

const tmp = tempDir();
let service: RelataService;
let server: RunningServer;
const base = (): string => `http://127.0.0.1:${server.port}`;

async function call(name: string, input: unknown, token = server.token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base()}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-relata-token': token },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'kg.sqlite'), true);
  server = await startServer(service, { staticDir: join(tmp.dir, 'no-ui') });
});
afterAll(async () => {
  await server.close();
  service.close();
  tmp.cleanup();
});

describe('relata serve (HTTP face)', () => {
  it('listens on 127.0.0.1 with a per-run token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses API calls without the token, and from foreign host names', async () => {
    expect((await call('kg.stats', {}, 'wrong')).status).toBe(401);
    // fetch() may not set Host, so this request is made by hand, as a DNS-rebinding page's would arrive.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/call/kg.stats', method: 'POST', headers: { host: 'evil.example', 'x-relata-token': server.token } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('validates input against the contract', async () => {
    const r = await call('entity.search', { text: 42 });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/invalid input for entity\.search: text: /);
    expect((await call('no.such.call', {})).status).toBe(404);
  });

  it('imports an uploaded file and answers the same calls as the CLI', async () => {
    const content = readFileSync(join(REPO_ROOT, 'resources/demo/demo-kg.ttl')).toString('base64');
    const r = await call('kg.import', { files: [{ name: 'demo-kg.ttl', contentBase64: content }] });
    expect(r.status).toBe(200);
    expect(r.body.result.stats).toMatchObject({ entities: 77, triples: 211 });
    const hits = (await call('entity.search', { text: 'einstein' })).body.result;
    expect(hits[0].key).toBe('albert_einstein');
    const detail = (await call('entity.get', { key: 'albert_einstein' })).body.result;
    expect(detail.outgoing.find((t: any) => t.predicate.key === 'born_in').object.key).toBe('ulm');
    expect(detail.outgoing[0].provenance).toMatchObject({ kind: 'file', source: 'demo-kg.ttl' });
    const slice = (await call('graph.neighbourhood', { key: 'albert_einstein', hops: 1 })).body.result;
    expect(slice.nodes.length).toBeGreaterThan(5);
  });

  it('reports a bad upload by its own file name and line, and changes nothing', async () => {
    const before = (await call('kg.stats', {})).body.result;
    const content = readFileSync(fixturePath('bad', 'unknown-prefix.ttl')).toString('base64');
    const r = await call('kg.import', { files: [{ name: 'mine.ttl', contentBase64: content }] });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('mine.ttl:3: Undefined prefix "foaf:"');
    expect((await call('kg.stats', {})).body.result).toEqual(before);
  });
});

describe('WebSocket face', () => {
  function connect(token = server.token): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${token}`);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  it('refuses a socket without the token', async () => {
    await expect(connect('nope')).rejects.toThrow(/401/);
  });

  it('answers reads (from the read pool) in text frames, as the HTTP face does', async () => {
    const ws = await connect();
    const calls: Array<[string, unknown]> = [['entity.search', { text: 'einstein' }], ['graph.neighbourhood', { key: 'albert_einstein', hops: 1 }], ['kg.stats', {}], ['entity.get', { key: 'nobody-here' }]];
    const answers = new Map<number, unknown>();
    const done = new Promise<void>((resolve) =>
      ws.on('message', (data, isBinary) => {
        expect(isBinary).toBe(false);
        const msg = JSON.parse(String(data)) as { id: number; result: unknown };
        answers.set(msg.id, msg.result);
        if (answers.size === calls.length) resolve();
      }),
    );
    calls.forEach(([name, input], i) => ws.send(JSON.stringify({ id: i + 1, call: name, input })));
    await done;
    for (const [i, [name, input]] of calls.entries()) expect(answers.get(i + 1), name).toEqual((await call(name, input)).body.result);
    expect(answers.get(4)).toBeNull();
    ws.close();
  });

  it('streams progress, then the result; Cancel rolls back', async () => {
    const ws = await connect();
    const messages: WireResponse[] = [];
    const done = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as WireResponse;
        messages.push(msg);
        if ('progress' in msg && msg.id === 2 && msg.progress.done > 1_000_000) ws.send(JSON.stringify({ id: 2, cancel: true }));
        if (('result' in msg || 'error' in msg) && msg.id === 2) resolve();
      }),
    );
    const before = (await call('kg.stats', {})).body.result;
    ws.send(JSON.stringify({ id: 1, call: 'kg.stats', input: {} }));
    ws.send(JSON.stringify({ id: 2, call: 'kg.import', input: { files: [{ path: datasetPath('fb15k-237') }] } }));
    await done;
    expect(messages.find((m) => m.id === 1 && 'result' in m)).toBeTruthy();
    expect(messages.some((m) => m.id === 2 && 'progress' in m)).toBe(true);
    const last = messages.filter((m) => m.id === 2).at(-1)!;
    expect(last).toMatchObject({ error: { kind: 'cancelled' } });
    expect((await call('kg.stats', {})).body.result).toEqual(before);
    ws.close();
  });
});
