import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import WebSocket from 'ws';
import type { WireResponse } from '../contract/api.js';
import { RelataService } from '../core/api/handlers.js';
import { KgStore } from '../core/store/kg-store.js';
import { startServer, type RunningServer } from './http-server.js';
import { serveStdio } from './stdio-session.js';
import { REPO_ROOT, datasetPath, tempDir } from '../../test-support/paths.js';

const tmp = tempDir();
let service: RelataService;
let server: RunningServer;

interface RawReply {
  status: number;
  body: string;
}

/** A request made by hand, so the path goes out exactly as written (`--path-as-is`) with exactly these headers. */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; port?: number } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: options.port ?? server.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${options.port ?? server.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The raw bytes of an HTTP exchange: for upgrades and request lines no client library would send. */
function rawSocket(text: string, port = server.port): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('end', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.on('error', (err) => (got ? resolve(got) : reject(err)));
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(got);
    });
  });
}

async function stillServing(): Promise<void> {
  const r = await raw('/api/call/kg.stats', { method: 'POST', headers: { 'x-relata-token': server.token, 'content-type': 'application/json' }, body: '{}' });
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body).result).toHaveProperty('triples');
}

function openSocket(headers: Record<string, string> = {}, token = server.token): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${token}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
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

describe('crash inputs of issue 14 (each used to end the process)', () => {
  it('malformed percent-encoding in a path is a 400, and the server stays up', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/assets/%ZZ.js', '/%00', '/api/%E0%A4%A']) {
      const r = await raw(path, { headers: { 'x-relata-token': server.token } });
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
    }
    expect((await raw('/%E0%A4%A')).status).toBe(400);
    expect(JSON.parse((await raw('/%E0%A4%A')).body).error.message).toMatch(/malformed path/);
    await stillServing();
  });

  it('a WebSocket upgrade with Origin: null is refused before its URL is parsed', async () => {
    const reply = await rawSocket(
      `GET /api/ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: null\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 403 /);
    await expect(openSocket({ origin: 'null' })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: 'http://127.0.0.1:1' })).rejects.toThrow(/403/);
    await expect(openSocket({ origin: '::not a url::' })).rejects.toThrow(/403/);
    // Odd request targets on an upgrade are answered too.
    expect(await rawSocket(`GET http://[bad HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d /);
    const own = await openSocket({ origin: `http://127.0.0.1:${server.port}` });
    own.close();
    await stillServing();
  });

  it('a non-object WebSocket message with a valid token is answered with a clear error', async () => {
    const ws = await openSocket();
    const replies: WireResponse[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d)) as WireResponse));
    const bad = ['null', '42', '[]', '[1,2]', '"text"', 'true', '{}', '{"id":"x","call":"kg.stats"}', '{"id":7}', '{"id":8,"call":{"x":1}}', '{"id":9,"call":"no.such"}', 'not json'];
    for (const m of bad) ws.send(m);
    ws.send(JSON.stringify({ id: 99, call: 'kg.stats', input: {} }));
    await new Promise<void>((resolve) => {
      const check = (): void => (replies.some((r) => r.id === 99) ? resolve() : void setTimeout(check, 10));
      check();
    });
    const errors = replies.filter((r) => 'error' in r) as Array<{ id: number; error: { message: string; kind: string } }>;
    expect(errors).toHaveLength(bad.length);
    expect(errors[0].error.message).toBe('message must be a JSON object {id, call, input} or {id, cancel: true}, not null');
    expect(errors.map((e) => e.error.message)).toContain('message must be a JSON object {id, call, input} or {id, cancel: true}, not a number');
    expect(errors.map((e) => e.error.message)).toContain('message must be a JSON object {id, call, input} or {id, cancel: true}, not an array');
    expect(errors.find((e) => e.id === 7)!.error.message).toMatch(/needs a "call"/);
    expect(errors.find((e) => e.id === 9)!.error.kind).toBe('not-found');
    expect(replies.find((r) => r.id === 99)).toHaveProperty('result');
    // A binary frame and a frame that is not valid UTF-8 text do not take the server down either.
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.close();
    await stillServing();
  });

  it('relata host answers `null` with an error line and keeps serving (in process)', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const replies: WireResponse[] = [];
    createInterface({ input: output }).on('line', (l) => replies.push(JSON.parse(l) as WireResponse));
    const done = serveStdio(service, input, output);
    input.write('null\n42\n[]\n"s"\n{"id":1,"call":"kg.stats","input":{}}\n');
    await new Promise<void>((resolve) => {
      const check = (): void => (replies.some((r) => r.id === 1) ? resolve() : void setTimeout(check, 10));
      check();
    });
    input.end();
    await done;
    expect(replies.filter((r) => 'error' in r)).toHaveLength(4);
    expect(replies[0]).toMatchObject({ id: -1, error: { kind: 'invalid-input', message: expect.stringMatching(/not null$/) } });
    expect(replies.find((r) => r.id === 1)).toHaveProperty('result');
  });

  it("`printf 'null\\n' | relata host --db KG` answers an error line and does not exit with an error", async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/relata.mjs'), 'host', '--db', join(tmp.dir, 'host.sqlite')], { env: { ...process.env, RELATA_HOME: tmp.dir } });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdin.write('null\n');
    child.stdin.write(`${JSON.stringify({ id: 2, call: 'kg.stats', input: {} })}\n`);
    await new Promise<void>((resolve) => {
      const check = (): void => (lines.some((l) => l.includes('"id":2')) ? resolve() : void setTimeout(check, 20));
      check();
    });
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(JSON.parse(lines[0])).toMatchObject({ id: -1, error: { kind: 'invalid-input' } });
    expect(JSON.parse(lines.find((l) => l.includes('"id":2'))!)).toHaveProperty('result');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('HTTP API origin, size and shape checks', () => {
  const post = (headers: Record<string, string>, body = '{}'): Promise<RawReply> =>
    raw('/api/call/kg.stats', { method: 'POST', headers: { 'x-relata-token': server.token, 'content-type': 'application/json', ...headers }, body });

  it('accepts no Origin (curl, the CLI) and the own origin only', async () => {
    expect((await post({})).status).toBe(200);
    expect((await post({ origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await post({ origin: `http://localhost:${server.port}` })).status).toBe(200);
    for (const origin of ['null', 'http://evil.example', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'garbage', `http://127.0.0.1:${server.port}/x`]) {
      const r = await post({ origin });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).error).toMatchObject({ kind: 'forbidden', message: expect.stringMatching(/forbidden origin/) });
    }
  });

  it('refuses a body over the limit with 413 and a clear message, and stays up', async () => {
    const small = await startServer(service, { staticDir: join(tmp.dir, 'no-ui'), maxBodyBytes: 1024 });
    try {
      const r = await raw('/api/call/entity.search', { port: small.port, method: 'POST', headers: { 'x-relata-token': small.token }, body: JSON.stringify({ text: 'x'.repeat(5000) }) });
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body).error.message).toBe('request body larger than the 1 KiB limit (import big files by path, or raise --max-body-mib)');
      const ok = await raw('/api/call/kg.stats', { port: small.port, method: 'POST', headers: { 'x-relata-token': small.token }, body: '{}' });
      expect(ok.status).toBe(200);
      // The same limit on WebSocket messages: answered under the call's id, and a far larger frame closes the socket.
      const ws = new WebSocket(`ws://127.0.0.1:${small.port}/api/ws?token=${small.token}`);
      await new Promise((r) => ws.once('open', r));
      const reply = new Promise<WireResponse>((r) => ws.once('message', (d) => r(JSON.parse(String(d)) as WireResponse)));
      ws.send(JSON.stringify({ id: 5, call: 'entity.search', input: { text: 'x'.repeat(1500) } }));
      expect(await reply).toEqual({ id: 5, error: { kind: 'too-large', message: 'message of 1.5 KiB is larger than the 1 KiB limit: import big files by path, or raise the limit (relata serve --max-body-mib)' } });
      const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
      ws.send('y'.repeat(5000));
      expect(await closed).toBe(1009);
      expect((await raw('/api/call/kg.stats', { port: small.port, method: 'POST', headers: { 'x-relata-token': small.token }, body: '{}' })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('answers bad JSON, deep nesting and invalid UTF-8 with 400', async () => {
    expect((await post({}, '{"text":')).status).toBe(400);
    const deep = await post({}, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body).error.message).toMatch(/nested more than 64 levels/);
    const notUtf8 = await raw('/api/call/entity.search', { method: 'POST', headers: { 'x-relata-token': server.token }, body: Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) });
    expect(notUtf8.status).toBe(400);
    expect(JSON.parse(notUtf8.body).error.message).toBe('request body is not valid UTF-8');
    await stillServing();
  });
});

describe('HTTP cancel', () => {
  it('a client that disconnects from kg.import cancels it, and the import rolls back', async () => {
    const stats = async (): Promise<{ triples: number; entities: number }> => JSON.parse((await raw('/api/call/kg.stats', { method: 'POST', headers: { 'x-relata-token': server.token }, body: '{}' })).body).result;
    const before = await stats();
    const controller = new AbortController();
    const importing = fetch(`http://127.0.0.1:${server.port}/api/call/kg.import`, {
      method: 'POST',
      headers: { 'x-relata-token': server.token },
      body: JSON.stringify({ files: [{ path: datasetPath('fb15k-237') }] }),
      signal: controller.signal,
    });
    await new Promise((r) => setTimeout(r, 1500));
    controller.abort();
    await expect(importing).rejects.toThrow();
    // An edit queues behind the import's write transaction: once it is done, the import has ended one way or the other.
    const edit = await raw('/api/call/entity.create', { method: 'POST', headers: { 'x-relata-token': server.token }, body: JSON.stringify({ key: 'after_cancel' }) });
    expect(edit.status).toBe(200);
    expect(await stats()).toMatchObject({ triples: before.triples, entities: before.entities + 1 });
  });
});

describe('field caps (contract schemas)', () => {
  const refused = async (name: string, input: unknown): Promise<string> => {
    const r = await raw(`/api/call/${name}`, { method: 'POST', headers: { 'x-relata-token': server.token }, body: JSON.stringify(input) });
    expect(r.status, name).toBe(400);
    return JSON.parse(r.body).error.message as string;
  };

  it('refuses over-long keys, labels, literals, properties, search text and queries in one line', async () => {
    const t0 = performance.now();
    expect(await refused('entity.create', { key: 'k'.repeat(100 * 1024 * 1024 / 64) })).toBe('invalid input for entity.create: key: key longer than 4,096 characters');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(await refused('entity.create', { key: 'ok', label: 'l'.repeat(4097) })).toBe('invalid input for entity.create: label: text longer than 4,096 characters');
    expect(await refused('entity.create', { key: 'ok', props: { big: 'p'.repeat(1_048_576) } })).toMatch(/props: properties larger than 1,048,576 characters as JSON$/);
    expect(await refused('triple.add', { subject: 'a', predicate: 'note', object: { value: 'v'.repeat(1_048_577) } })).toBe('invalid input for triple.add: object.value: literal longer than 1,048,576 characters');
    expect(await refused('entity.search', { text: 's'.repeat(10_001) })).toBe('invalid input for entity.search: text: search text longer than 10,000 characters');
    expect(await refused('reason.query', { query: 'q'.repeat(100_001) })).toBe('invalid input for reason.query: query: text longer than 100,000 characters');
    expect(await refused('entity.get', { key: 'g'.repeat(4097) })).toMatch(/key longer than 4,096 characters/);
    // At the limits, values are accepted.
    const ok = await raw('/api/call/entity.create', { method: 'POST', headers: { 'x-relata-token': server.token }, body: JSON.stringify({ key: 'k'.repeat(4096), label: 'l'.repeat(4096) }) });
    expect(ok.status).toBe(200);
  });

  it('refuses NUL and other control characters in keys that would be stored', async () => {
    for (const key of ['a\0b', 'tab\there', 'line\nbreak', 'del\u007f']) {
      expect(await refused('entity.create', { key })).toBe('invalid input for entity.create: key: keys may not contain NUL or other control characters (tab, newline, …)');
    }
    expect(await refused('triple.add', { subject: 'a', predicate: 'p\0q', object: { key: 'b' } })).toMatch(/predicate: keys may not contain NUL/);
    expect(await refused('entity.update', { key: 'a', newKey: 'x\ny' })).toMatch(/newKey: keys may not contain NUL/);
  });
});

describe('an edit through the server while another process writes the KG', () => {
  it('waits for the other writer (reads stay fast meanwhile) instead of answering 500 "database is locked"', async () => {
    const other = KgStore.open(join(tmp.dir, 'kg.sqlite'));
    let release!: () => void;
    const held = other.write(() => new Promise<void>((r) => (release = r)), { label: 'import' });
    const stderrWrite = process.stderr.write;
    const notices: string[] = [];
    process.stderr.write = ((chunk: string) => (notices.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const edit = raw('/api/call/entity.create', { method: 'POST', headers: { 'x-relata-token': server.token }, body: JSON.stringify({ key: 'made_while_locked' }) });
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      await stillServing();
      // Before, the edit's BEGIN IMMEDIATE blocked this thread in SQLite's busy handler for 5 s (then failed).
      expect(performance.now() - t0).toBeLessThan(2000);
      release();
      await held;
      const r = await edit;
      expect(r.status).toBe(200);
      expect(notices.join('')).toMatch(/relata: waiting for another writer to finish with .*kg\.sqlite \(.*: import, pid \d+/);
    } finally {
      process.stderr.write = stderrWrite;
      other.close();
    }
  });

  it('an import over the WebSocket shows the wait as progress, then lands', async () => {
    const other = KgStore.open(join(tmp.dir, 'kg.sqlite'));
    let release!: () => void;
    const held = other.write(() => new Promise<void>((r) => (release = r)), { label: 'import' });
    try {
      const ws = await openSocket();
      const messages: WireResponse[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(String(d)) as WireResponse));
      const content = Buffer.from('waiter\tknows\tholder\n').toString('base64');
      ws.send(JSON.stringify({ id: 1, call: 'kg.import', input: { files: [{ name: 'w.tsv', contentBase64: content }] } }));
      const deadline = Date.now() + 10_000;
      while (!messages.some((m) => 'progress' in m) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const first = messages.find((m) => 'progress' in m) as { progress: { phase: string } } | undefined;
      expect(first?.progress.phase).toMatch(/^waiting for another writer to finish with .*kg\.sqlite \(.*: import, pid \d+, writing since/);
      release();
      await held;
      while (!messages.some((m) => 'result' in m || 'error' in m) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(messages.at(-1)).toMatchObject({ id: 1, result: { stats: expect.any(Object) } });
      ws.close();
    } finally {
      release?.();
      other.close();
    }
  });
});
