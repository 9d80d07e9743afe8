import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { Mulberry32 } from '../core/random/mulberry32.js';
import { REPO_ROOT, tempDir } from '../../test-support/paths.js';

/**
 * A bounded, seeded fuzz of every face of the core: `relata serve` (HTTP requests with malformed request lines, URLs,
 * headers and bodies; WebSocket frames, well-formed and not) and `relata host` (JSON lines). Each runs as a real child
 * process, so a crash shows as an exit; the assertion is no 5xx / no `internal` error, and the process still alive.
 * Only safe calls are fuzzed: nothing that writes files by path, trains, or reaches the network.
 */

const SEED = Number(process.env.RELATA_FUZZ_SEED ?? 20261204);
const PER_FACE = Number(process.env.RELATA_FUZZ_COUNT ?? 300);
const TIME_BUDGET_MS = 45_000;
const tmp = tempDir('relata-fuzz-');

const SAFE_CALLS: Record<string, unknown> = {
  'kg.info': {},
  'kg.stats': {},
  'kg.recent': {},
  'kg.import': { files: [{ name: 'f.tsv', contentBase64: Buffer.from('a\tknows\tb\nb\tknows\tc\n').toString('base64') }] },
  'entity.search': { text: 'curie', limit: 5 },
  'entity.get': { key: 'marie_curie' },
  'triple.get': { id: 1 },
  'graph.overview': { limit: 50 },
  'graph.among': { ids: [1, 2, 3] },
  'graph.neighbourhood': { key: 'marie_curie', hops: 1 },
  'graph.positions.get': { keys: ['marie_curie'] },
  'graph.positions.save': { positions: [{ key: 'marie_curie', x: 1, y: 2 }] },
  'entity.duplicates': { minSimilarity: 0.9, limit: 5 },
  'graph.paths': { from: 'marie_curie', to: 'pierre_curie', maxHops: 3 },
  'entity.create': { key: 'fz', label: 'Fuzz', type: 'Thing', props: { a: 1 } },
  'entity.update': { key: 'fz', label: 'Fuzzed' },
  'entity.delete': { key: 'fz' },
  'entity.merge': { survivor: 'a', duplicate: 'b' },
  'triple.add': { subject: 'a', predicate: 'knows', object: { key: 'c' } },
  'triple.delete': { id: 3 },
  'triple.accept': { subject: 'a', predicate: 'age', object: { value: '3', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } },
  'edit.undo': {},
  'edit.redo': {},
  'edit.history': { limit: 5 },
  'findings.explain': { findings: ['marie_curie'], relation: 'won' },
  'reason.packs': {},
  'session.list': {},
  'session.create': { name: 'fuzz' },
  'session.get': { id: 1 },
  'session.rename': { id: 1, name: 'x' },
  'session.note': { sessionId: 1, text: 'note' },
  'session.delete': { id: 2 },
  'feedback.list': {},
  'feedback.pairs': {},
  'model.list': {},
  'model.defaults': { model: 'TransE' },
  'model.control': { runId: 'none', action: 'cancel' },
  'gnn.embeddings': {},
};
const CALLS = Object.keys(SAFE_CALLS);

const WEIRD_STRINGS = ['', ' ', '\0', 'a\0b', '\u202e', '\ud800', '💥', '../../etc/passwd', '%E0%A4%A', '<script>', "'; DROP TABLE triples; --", '__proto__', 'constructor', 'null', '-1', '1e309', 'x'.repeat(5000)];

class Fuzzer {
  constructor(readonly rng: Mulberry32) {}
  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  string(max = 40): string {
    if (this.chance(0.3)) return this.pick(WEIRD_STRINGS);
    let s = '';
    const n = this.rng.int(max);
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.chance(0.8) ? 32 + this.rng.int(95) : this.rng.int(0x3000));
    return s;
  }
  value(depth = 0): unknown {
    switch (this.rng.int(depth > 3 ? 6 : 9)) {
      case 0: return null;
      case 1: return this.pick([0, -1, 1, 2 ** 53, -(2 ** 31), 0.5, 1e308, -1e-9]);
      case 2: return this.chance(0.5);
      case 3: case 4: case 5: return this.string();
      case 6: return Array.from({ length: this.rng.int(4) }, () => this.value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = this.rng.int(4); i > 0; i--) o[this.chance(0.2) ? this.pick(['__proto__', 'constructor', 'prototype']) : this.string(8)] = this.value(depth + 1);
        return o;
      }
    }
  }
  /** A call's valid input with a few fields dropped, retyped or swapped for hostile values. */
  mutate(input: unknown, depth = 0): unknown {
    if (this.chance(0.08)) return this.value(depth);
    if (input === null || typeof input !== 'object') return this.chance(0.3) ? this.value(depth) : input;
    if (Array.isArray(input)) return this.chance(0.2) ? [] : input.map((v) => this.mutate(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      if (this.chance(0.15)) continue;
      out[k] = this.chance(0.4) ? this.mutate(v, depth + 1) : v;
    }
    if (this.chance(0.15)) out[this.string(10)] = this.value(depth + 1);
    return out;
  }
  callMessage(): { call: string; input: unknown } {
    const call = this.chance(0.05) ? this.string(20) : this.pick(CALLS);
    return { call, input: this.mutate(SAFE_CALLS[call] ?? {}) };
  }
  /** A JSON body: usually a mutated input, sometimes broken JSON or bytes. */
  body(input: unknown): string | Buffer {
    const json = JSON.stringify(input) ?? 'null';
    switch (this.rng.int(10)) {
      case 0: return json.slice(0, this.rng.int(json.length + 1));
      case 1: return Buffer.from(Array.from({ length: this.rng.int(200) }, () => this.rng.int(256)));
      case 2: return `${'['.repeat(500 + this.rng.int(5000))}`;
      default: return json;
    }
  }
  path(): string {
    const parts = ['/', '/api/call/', '/api/ws', '/assets/', '/index.html', '%', '%E0%A4%A', '%ZZ', '%00', '%2e%2e/', '../', '//', '?', '#', '&token=', ';', '~', '\u00e9', 'x'];
    let p = this.chance(0.7) ? this.pick(['/', '/api/call/', '/api/call/kg.stats', '/assets/', '/api/ws']) : '';
    for (let i = this.rng.int(6); i > 0; i--) p += this.chance(0.6) ? this.pick(parts) : this.string(6).replace(/[\s]/g, '');
    if (this.chance(0.03)) p += 'a'.repeat(10_000);
    return p;
  }
}

/** Per face: requests sent; answers that were results (2xx), refusals (4xx) or internal errors (5xx); no answer. */
interface Tally {
  requests: number;
  ok2xx: number;
  status4xx: number;
  status5xx: number;
  noAnswer: number;
  crashes: number;
}
const tally = (): Tally => ({ requests: 0, ok2xx: 0, status4xx: 0, status5xx: 0, noAnswer: 0, crashes: 0 });

/** 5xx answers seen, with their bodies: what the assertion prints when the fuzz finds something. */
const serverErrors: string[] = [];

/** Sends raw bytes as one HTTP request; resolves the status of the response, or 0 when the server just closed. */
function rawRequest(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1', () => socket.end(bytes));
    let got = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      if (m && m[1][0] === '5') serverErrors.push(`${bytes.subarray(0, 200).toString('latin1')} → ${got.slice(0, 600)}`);
      resolve(m ? Number(m[1]) : 0);
    };
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('close', finish);
    socket.on('error', finish);
    socket.setTimeout(3000, finish);
  });
}

function startRelata(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(REPO_ROOT, 'bin/relata.mjs'), ...args], { env: { ...process.env, RELATA_HOME: tmp.dir } });
}

const demoTtl = readFileSync(join(REPO_ROOT, 'resources/demo/demo-kg.ttl')).toString('base64');
const counts: Record<string, Tally> = {};

afterAll(() => {
  // The numbers for the issue's closing note (fuzz counts per face).
  process.stdout.write(`fuzz (seed ${SEED}): ${JSON.stringify(counts)}\n`);
  tmp.cleanup();
});

describe('relata serve under fuzz (HTTP and WebSocket)', () => {
  let child: ChildProcessWithoutNullStreams;
  let port = 0;
  const token = 'fuzz-token-0123456789abcdef';
  let stderr = '';

  beforeAll(async () => {
    const ui = join(tmp.dir, 'ui');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Relata</title>');
    writeFileSync(join(ui, 'assets', 'app.js'), 'void 0;');
    child = startRelata(['serve', '--db', join(tmp.dir, 'serve.sqlite'), '--port', '0', '--token', token, '--max-body-mib', '1', '--ui', ui]);
    child.stderr.on('data', (d) => (stderr += String(d)));
    port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (l) => {
        const m = /127\.0\.0\.1:(\d+)\//.exec(l);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`relata serve exited (${code}): ${stderr}`)));
    });
    const r = await fetch(`http://127.0.0.1:${port}/api/call/kg.import`, { method: 'POST', headers: { 'x-relata-token': token }, body: JSON.stringify({ files: [{ name: 'demo.ttl', contentBase64: demoTtl }] }) });
    expect(r.status).toBe(200);
  });
  afterAll(() => {
    child.kill('SIGTERM');
  });

  it(`answers ${PER_FACE} malformed HTTP requests without a 5xx and stays up`, async () => {
    const f = new Fuzzer(new Mulberry32(SEED));
    const t = (counts.http = tally());
    const start = Date.now();
    for (let i = 0; i < PER_FACE && Date.now() - start < TIME_BUDGET_MS; i++) {
      const kind = f.rng.int(4);
      let head: string;
      let body: string | Buffer = '';
      const headers: string[] = [];
      if (kind === 0) {
        // Garbage request lines and URLs.
        head = `${f.pick(['GET', 'POST', 'HEAD', 'PUT', 'OPTIONS', 'G E T', 'BREW', ''])} ${f.path()} ${f.pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', '', 'XYZ'])}`;
      } else {
        const { call, input } = f.callMessage();
        head = `POST ${f.chance(0.15) ? f.path() : `/api/call/${call}`} HTTP/1.1`;
        body = f.body(input);
      }
      headers.push(`Host: ${f.chance(0.9) ? `127.0.0.1:${port}` : f.pick(['evil.example', '', 'localhost', '[::1]:1', f.string(10)])}`);
      if (f.chance(0.9)) headers.push(`X-Relata-Token: ${f.chance(0.95) ? token : f.string(30)}`);
      if (f.chance(0.3)) headers.push(`Origin: ${f.pick(['null', `http://127.0.0.1:${port}`, 'http://evil.example', '::', f.string(20), `http://localhost:${port}`])}`);
      if (f.chance(0.1)) headers.push(`Content-Type: ${f.string(20)}`);
      if (f.chance(0.1)) headers.push(`${f.string(10).replace(/[^\w-]/g, '') || 'X'}: ${f.string(50)}`);
      const bodyBytes = typeof body === 'string' ? Buffer.from(body) : body;
      if (f.chance(0.05)) headers.push(`Content-Length: ${f.pick([-1, 99999999999, 2 * 1024 * 1024, 'abc'])}`);
      else if (f.chance(0.05)) headers.push('Transfer-Encoding: chunked');
      else headers.push(`Content-Length: ${bodyBytes.length}`);
      headers.push('Connection: close');
      const status = await rawRequest(port, Buffer.concat([Buffer.from(`${head}\r\n${headers.join('\r\n')}\r\n\r\n`), bodyBytes]));
      t.requests++;
      if (status >= 400 && status < 500) t.status4xx++;
      else if (status >= 500) t.status5xx++;
      else if (status === 0) t.noAnswer++;
      else t.ok2xx++;
    }
    // One oversized body: 413 with the 1 MiB limit given on the command line.
    expect(await rawRequest(port, Buffer.from(`POST /api/call/entity.search HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Relata-Token: ${token}\r\nContent-Length: ${2 * 1048576}\r\n\r\n${'x'.repeat(1000)}`))).toBe(413);
    expect(t.requests).toBeGreaterThanOrEqual(Math.min(PER_FACE, 100));
    t.crashes = child.exitCode === null ? 0 : 1;
    expect(serverErrors).toEqual([]);
    expect(t.status5xx).toBe(0);
    expect(child.exitCode).toBeNull();
    const alive = await fetch(`http://127.0.0.1:${port}/api/call/kg.stats`, { method: 'POST', headers: { 'x-relata-token': token }, body: '{}' });
    expect(alive.status).toBe(200);
    expect(stderr).not.toMatch(/relata serve: /);
  });

  it(`answers ${PER_FACE} fuzzed WebSocket frames without an internal error and stays up`, async () => {
    const f = new Fuzzer(new Mulberry32(SEED + 1));
    const t = (counts.websocket = tally());
    const start = Date.now();
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${token}`);
      s.once('open', () => resolve(s));
      s.once('error', reject);
    });
    const internal: string[] = [];
    let answers = 0;
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d)) as { id: number; error?: { kind: string; message: string }; result?: unknown };
      if ('progress' in msg) return;
      answers++;
      if (msg.error?.kind === 'internal') internal.push(msg.error.message);
      else if (msg.error) t.status4xx++;
      else t.ok2xx++;
    });
    let expected = 0;
    for (let i = 0; i < PER_FACE && Date.now() - start < TIME_BUDGET_MS; i++) {
      const kind = f.rng.int(5);
      let text: string;
      if (kind === 0) text = JSON.stringify(f.value());
      else if (kind === 1) text = f.string(100);
      else if (kind === 2) text = JSON.stringify({ id: f.chance(0.5) ? i : f.value(), cancel: f.chance(0.5) ? true : f.value() });
      else text = JSON.stringify({ id: i, ...f.callMessage() });
      const isCancel = /"cancel":true/.test(text) && (() => { try { const p = JSON.parse(text); return p && typeof p === 'object' && Number.isSafeInteger(p.id) && p.cancel === true; } catch { return false; } })();
      if (!isCancel) expected++;
      ws.send(text);
      t.requests++;
      // Keep a few in flight at most, like a real client.
      while (expected - answers > 4) await new Promise((r) => setTimeout(r, 2));
    }
    const deadline = Date.now() + 20_000;
    while (answers < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    t.noAnswer = expected - answers;
    expect(answers).toBe(expected);
    t.status5xx = internal.length;
    expect(internal).toEqual([]);
    ws.close();

    // Raw, broken frames on a fresh connection: bad opcodes, unmasked client frames, invalid UTF-8, lying lengths.
    const frames = [
      Buffer.from([0x83, 0x80, 0, 0, 0, 0]), // reserved opcode 3
      Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]), // unmasked text frame
      Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]), // invalid UTF-8 text
      Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]), // 2⁶⁴-1 length
      Buffer.from([0xf1, 0x80, 0, 0, 0, 0]), // RSV bits set
      Buffer.from([0x88, 0x81, 0, 0, 0, 0, 0x01]), // close frame with a 1-byte body
    ];
    for (const frame of frames) {
      const handshake = `GET /api/ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
      await new Promise<void>((resolve) => {
        const s = netConnect(port, '127.0.0.1', () => s.write(handshake));
        let upgraded = false;
        s.on('data', (d) => {
          if (!upgraded && String(d).startsWith('HTTP/1.1 101')) {
            upgraded = true;
            s.write(frame);
          }
        });
        s.on('close', () => resolve());
        s.on('error', () => resolve());
        s.setTimeout(3000, () => {
          s.destroy();
          resolve();
        });
      });
      t.requests++;
    }
    t.crashes = child.exitCode === null ? 0 : 1;
    expect(child.exitCode).toBeNull();
    const alive = await fetch(`http://127.0.0.1:${port}/api/call/kg.stats`, { method: 'POST', headers: { 'x-relata-token': token }, body: '{}' });
    expect(alive.status).toBe(200);
    expect(stderr).not.toMatch(/relata serve: /);
  });
});

describe('relata host under fuzz (JSON lines)', () => {
  it(`answers ${PER_FACE} fuzzed lines, each with one reply, and keeps serving`, async () => {
    const f = new Fuzzer(new Mulberry32(SEED + 2));
    const t = (counts.stdio = tally());
    const child = startRelata(['host', '--db', join(tmp.dir, 'host.sqlite')]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    let answers = 0;
    const internal: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => {
      const msg = JSON.parse(l) as { error?: { kind: string; message: string } };
      if ('progress' in msg) return;
      answers++;
      if (msg.error?.kind === 'internal') internal.push(msg.error.message);
      else if (msg.error) t.status4xx++;
      else t.ok2xx++;
    });
    child.stdin.write(`${JSON.stringify({ id: 0, call: 'kg.import', input: { files: [{ name: 'demo.ttl', contentBase64: demoTtl }] } })}\n`);
    let expected = 1;
    const start = Date.now();
    for (let i = 1; i <= PER_FACE && Date.now() - start < TIME_BUDGET_MS; i++) {
      const kind = f.rng.int(4);
      let line: string;
      if (kind === 0) line = JSON.stringify(f.value());
      else if (kind === 1) line = f.string(100).replace(/[\r\n\u2028\u2029]/g, ' ');
      else line = JSON.stringify({ id: i, ...f.callMessage() });
      if (!line.trim()) line = 'null';
      expected++;
      child.stdin.write(`${line}\n`);
      t.requests++;
      while (expected - answers > 4) await new Promise((r) => setTimeout(r, 2));
    }
    const deadline = Date.now() + 20_000;
    while (answers < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    t.crashes = child.exitCode === null ? 0 : 1;
    t.noAnswer = expected - answers;
    expect(child.exitCode).toBeNull();
    expect(answers).toBe(expected);
    expect(internal).toEqual([]);
    t.status5xx = internal.length;
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
