/**
 * `relata serve` under load: 50 concurrent clients, each sending its next call as soon as the last is answered (a
 * closed loop, so latency = clients / throughput), a third each entity.search, graph.neighbourhood (1 hop, the UI's
 * default limit) and kg.stats, on FB15k-237 (train + valid + test + names: 14,541 entities, 310,116 triples).
 * Phases: one client alone (each call's own cost), 50 clients idle, then 50 clients while a reason.materialize of
 * heavy-rules.pl (about 557,000 derived triples) runs, restarted whenever it finishes.
 *
 * Side by side with earlier code: `--baseline REV` runs the same phases against `git archive REV` (extracted into
 * /tmp with this checkout's node_modules linked in, its CLI built there) before the working tree.
 *
 * The working tree runs once per `--workers` count (RELATA_READ_WORKERS: 0 = every read on the request thread, as
 * before the read pool; 2 = the default pool). A second profile models people at the UI: the same 50 clients, each
 * waiting a random 100–500 ms ("think time") between an answer and its next call, idle and while materialising.
 *
 * Usage: node --import tsx bench/server-load/server-load-bench.ts [--baseline REV] [--seconds 20] [--clients 50] [--workers 0,2]
 *        [--max-materialise 180] [--no-write]
 *
 * Bounded: each call gives up after 60 s (counted as an error), and a materialisation still running --max-materialise
 * seconds after its phase began is cancelled (the client disconnects; the server rolls it back). The results file is
 * written whole, except a "## Notes" section at its end, which is kept as it was.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createPrng } from '../../src-main/core/random/mulberry32.ts';
import { datasetPath } from '../../test-support/paths.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CACHE = '/tmp/relata-server-load';
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SECONDS = Number(arg('seconds', '20'));
const CLIENTS = Number(arg('clients', '50'));
const BASELINE = arg('baseline', '');
const WRITE = !process.argv.includes('--no-write');
const WORKERS = arg('workers', '0,2').split(',').map(Number);
const MAX_MATERIALISE = Number(arg('max-materialise', '180'));
/** A call not answered in this long counts as an error (a stuck server must not stall the bench). */
const CALL_TIMEOUT_MS = 60_000;
/** Think time of the UI profile, ms: uniform in [THINK_MIN, THINK_MAX). */
const THINK_MIN = 100;
const THINK_MAX = 500;
const RULES = readFileSync(join(import.meta.dirname, 'heavy-rules.pl'), 'utf8');
const TOKEN = 'server-load-bench-token';
const OPS = ['entity.search', 'graph.neighbourhood', 'kg.stats'] as const;
type Op = (typeof OPS)[number];

/** A checkout to run: its root (bin/relata.mjs) and a name for the table. */
interface Code {
  name: string;
  root: string;
  env?: Record<string, string>;
}

/** `git archive REV` extracted once into /tmp, with this checkout's node_modules linked in. */
function baselineCode(rev: string): Code {
  const commit = execFileSync('git', ['rev-parse', '--short', rev], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(CACHE, `code-${commit}`);
  if (!existsSync(join(dir, 'bin/relata.mjs'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C ${dir}`], { cwd: ROOT });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  }
  return { name: `before (${commit})`, root: dir };
}

function relata(code: Code, args: string[]): string {
  return execFileSync(process.execPath, [join(code.root, 'bin/relata.mjs'), ...args], { cwd: code.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** FB15k-237 imported by this code's CLI once (cached in /tmp), copied fresh for each run. */
function freshKg(code: Code, tag: string): string {
  const cached = join(CACHE, `fb15k-237-${code.root === ROOT ? 'worktree' : code.name.replace(/\W+/g, '')}.sqlite`);
  if (!existsSync(cached)) {
    // The CLI's connection is the last to close: SQLite folds the WAL into the file then.
    relata(code, ['import', '--db', `${cached}.tmp`, datasetPath('fb15k-237')]);
    copyFileSync(`${cached}.tmp`, cached);
    for (const ext of ['.tmp', '.tmp-wal', '.tmp-shm']) rmSync(`${cached}${ext}`, { force: true });
  }
  const kg = join(CACHE, `run-${tag}.sqlite`);
  for (const ext of ['', '-wal', '-shm', '-writer']) rmSync(`${kg}${ext}`, { force: true });
  copyFileSync(cached, kg);
  return kg;
}

interface Server {
  port: number;
  child: ChildProcess;
}

/** Servers still running: ended if the bench stops early (Ctrl+C, an error), so none is left behind. */
const servers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of servers) child.kill('SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

function startServe(code: Code, kg: string): Promise<Server> {
  const child = spawn(process.execPath, [join(code.root, 'bin/relata.mjs'), 'serve', '--db', kg, '--port', '0', '--token', TOKEN], { cwd: code.root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...code.env } });
  servers.add(child);
  child.once('exit', () => servers.delete(child));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`relata serve did not start in 120 s: ${err}`));
    }, 120_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ port: Number(m[1]), child });
      }
    });
    child.once('exit', (c) => fail(new Error(`relata serve exited (${c}): ${err}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 4 });

/** One API call as the UI makes it: token, loopback Host (node sets it), the server's own Origin. */
function call(port: number, name: string, input: unknown, signal?: AbortSignal, timeoutMs = CALL_TIMEOUT_MS): Promise<{ ms: number; status: number; body: string }> {
  const body = JSON.stringify(input);
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/api/call/${name}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-relata-token': TOKEN, origin: `http://127.0.0.1:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok({ ms: performance.now() - t0, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${name}: no answer in ${timeoutMs / 1000} s`)));
    signal?.addEventListener('abort', () => req.destroy(new Error(`${name}: cancelled by the bench`)), { once: true });
    req.on('error', fail);
    req.end(body);
  });
}

/** What the clients ask for: words of entity names to search, entity keys to expand. */
function workload(): { words: string[]; keys: string[] } {
  const lines = readFileSync(datasetPath('fb15k-237', 'entity_names.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const rng = createPrng(14);
  const words: string[] = [];
  const keys: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const [key, name] = lines[rng.int(lines.length)].split('\t');
    keys.push(key);
    const word = name.split(/\s+/).find((w) => /^\p{L}{3,}$/u.test(w));
    if (word) words.push(word);
  }
  return { words, keys };
}

const { words, keys } = workload();

interface Sample {
  op: Op;
  ms: number;
  ok: boolean;
}

function inputFor(op: Op, i: number): unknown {
  if (op === 'entity.search') return { text: words[i % words.length], limit: 20 };
  if (op === 'graph.neighbourhood') return { key: keys[i % keys.length], hops: 1 };
  return {};
}

/** `clients` closed-loop clients until `until()` says stop; each call's latency, kept only while `keep()` holds. */
async function load(port: number, clients: number, until: () => boolean, keep: () => boolean = () => true, think = false): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  let seq = 0;
  let keptMs = 0;
  const t0 = performance.now();
  const client = async (c: number): Promise<void> => {
    const rng = createPrng(1000 + c);
    while (!until()) {
      const op = OPS[rng.int(OPS.length)];
      const i = seq++;
      const kept = keep();
      const r = await call(port, op, inputFor(op, i)).catch(() => ({ ms: Number.NaN, status: 0, body: '' }));
      if (kept && keep()) samples.push({ op, ms: r.ms, ok: r.status === 200 });
      if (think) await new Promise((ok) => setTimeout(ok, THINK_MIN + rng.int(THINK_MAX - THINK_MIN)));
    }
  };
  // Time counted for throughput: only while keep() holds (sampled every 10 ms).
  const timer = setInterval(() => {
    if (keep()) keptMs += 10;
  }, 10);
  await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  clearInterval(timer);
  return { samples, seconds: Math.min(keptMs, performance.now() - t0) / 1000 };
}

const pct = (sorted: number[], p: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN);

interface Row {
  code: string;
  phase: string;
  load: number;
  op: string;
  n: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function rows(code: string, phase: string, samples: Sample[], seconds: number, byOp: boolean): Row[] {
  const groups: Array<[string, Sample[]]> = [['all', samples]];
  if (byOp) for (const op of OPS) groups.push([op, samples.filter((s) => s.op === op)]);
  return groups.map(([op, ss]) => {
    const ms = ss.filter((s) => s.ok).map((s) => s.ms).sort((a, b) => a - b);
    return { code, phase, load: loadavg()[0], op, n: ss.length, errors: ss.filter((s) => !s.ok).length, rps: ss.length / seconds, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), max: ms[ms.length - 1] ?? Number.NaN };
  });
}

interface CodeResult {
  rows: Row[];
  materialize: Array<{ ms: number; status: number; derived?: number }>;
}

async function measure(code: Code, tag: string): Promise<CodeResult> {
  let server = await startServe(code, freshKg(code, tag));
  const out: Row[] = [];
  try {
    let port = server.port;
    const during = (s: number): (() => boolean) => {
      const end = performance.now() + s * 1000;
      return () => performance.now() >= end;
    };
    // Warm-up: the first calls compile statements and fill SQLite's page cache.
    await load(port, 4, during(3));
    const alone = await load(port, 1, during(Math.max(5, SECONDS / 2)));
    out.push(...rows(code.name, '1 client', alone.samples, alone.seconds, true));
    const idle = await load(port, CLIENTS, during(SECONDS));
    out.push(...rows(code.name, `${CLIENTS} clients, idle`, idle.samples, idle.seconds, true));

    // 50 clients while a materialisation runs: one at a time, restarted until the phase has lasted SECONDS.
    const materialize: CodeResult['materialize'] = [];
    const whileMaterialising = async (think: boolean): Promise<{ samples: Sample[]; seconds: number }> => {
      let running = false;
      let stop = false;
      const runner = (async () => {
        const end = performance.now() + SECONDS * 1000;
        // A run past --max-materialise is cancelled, so the phase (and the bench) ends on a loaded machine too.
        const giveUp = new AbortController();
        const timer = setTimeout(() => giveUp.abort(), MAX_MATERIALISE * 1000);
        while (performance.now() < end && !giveUp.signal.aborted) {
          running = true;
          const t0 = performance.now();
          const r = await call(port, 'reason.materialize', { rules: RULES, name: 'server-load', maxSeconds: 600 }, giveUp.signal, (MAX_MATERIALISE + 60) * 1000).catch(
            (err: Error) => ({ ms: performance.now() - t0, status: 0, body: err.message }),
          );
          running = false;
          const derived = r.status === 200 ? (JSON.parse(r.body) as { result: { total_derived: number } }).result.total_derived : undefined;
          materialize.push({ ms: r.ms, status: r.status, derived });
          if (r.status !== 200) process.stderr.write(`materialize: ${r.status ? `HTTP ${r.status}` : 'no answer'} ${r.body.slice(0, 300)}\n`);
        }
        clearTimeout(timer);
        stop = true;
      })();
      const busy = await load(port, CLIENTS, () => stop, () => running, think);
      await runner;
      return busy;
    };
    const busy = await whileMaterialising(false);
    out.push(...rows(code.name, `${CLIENTS} clients, materialising`, busy.samples, busy.seconds, true));
    // The UI profile on a fresh copy of the KG: after a materialisation has committed, its 557,000 derived triples
    // (co-stars, co-nominees) make a neighbourhood of 2,000 nodes up to 18 MB, a different workload.
    server.child.kill('SIGTERM');
    await new Promise((ok) => server.child.once('exit', ok));
    server = await startServe(code, freshKg(code, tag));
    port = server.port;
    await load(port, 4, during(3));
    // The UI profile: each client thinks 100–500 ms between calls.
    const uiIdle = await load(port, CLIENTS, during(SECONDS), () => true, true);
    out.push(...rows(code.name, `${CLIENTS} UI clients, idle`, uiIdle.samples, uiIdle.seconds, false));
    const uiBusy = await whileMaterialising(true);
    out.push(...rows(code.name, `${CLIENTS} UI clients, materialising`, uiBusy.samples, uiBusy.seconds, false));
    return { rows: out, materialize };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((ok) => server.child.once('exit', ok));
  }
}

const f = (x: number): string => (Number.isFinite(x) ? (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)) : '–');

/** Whether this bench's own code or the server's differs from HEAD. */
function dirty(): boolean {
  return execFileSync('git', ['status', '--porcelain', '--', 'src-main/server', 'src-main/core/api', 'src-main/core/store', 'bench/server-load'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
}

async function main(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const codes: Code[] = [];
  if (BASELINE) codes.push(baselineCode(BASELINE));
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  for (const w of WORKERS) {
    codes.push({ name: `after (${head}${dirty() ? ' + working tree' : ''}), ${w === 0 ? 'reads on the request thread' : `${w} read worker${w > 1 ? 's' : ''}`}`, root: ROOT, env: { RELATA_READ_WORKERS: String(w) } });
  }
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const load0 = loadavg()[0];
  const results: Array<[Code, CodeResult]> = [];
  for (const [i, code] of codes.entries()) {
    process.stderr.write(`${code.name}…\n`);
    const r = await measure(code, String(i));
    results.push([code, r]);
    for (const row of r.rows) process.stderr.write(`  load ${row.load.toFixed(1)} ${row.phase.padEnd(34)} ${row.op.padEnd(20)} n=${row.n} err=${row.errors} ${f(row.rps)} req/s p50 ${f(row.p50)} p95 ${f(row.p95)} p99 ${f(row.p99)} max ${f(row.max)} ms\n`);
    process.stderr.write(`  materialize: ${r.materialize.map((m) => `${f(m.ms / 1000)} s (HTTP ${m.status}, ${m.derived ?? '?'} triples)`).join(', ')}\n`);
  }
  const load1 = loadavg()[0];
  const lines = [
    `\`${process.env.RELATA_READ_WORKERS ? `RELATA_READ_WORKERS=${process.env.RELATA_READ_WORKERS} ` : ''}node --import tsx bench/server-load/server-load-bench.ts${BASELINE ? ` --baseline ${BASELINE}` : ''} --seconds ${SECONDS} --clients ${CLIENTS} --workers ${WORKERS.join(',')} --max-materialise ${MAX_MATERIALISE}\`, ${started} UTC,`,
    `load average ${load0.toFixed(1)} at the start and ${load1.toFixed(1)} at the end, ${availableParallelism()} cores, Node ${process.version} (a shared machine: absolute`,
    'numbers move with its load between runs, the rows of one run compare).',
    '',
    `FB15k-237 (train + valid + test + entity names: 14,541 entities, 310,116 triples) served by \`relata serve\`; ${CLIENTS} clients, each sending`,
    'its next call as soon as the last is answered, a third each `entity.search` (a word of a random entity\'s name, limit 20),',
    '`graph.neighbourhood` (a random entity, 1 hop, default limit 2,000) and `kg.stats`. "materialising": only the calls sent and',
    'answered while `reason.materialize` of bench/server-load/heavy-rules.pl (co-nominees at 2 and 3 steps, co-stars: about',
    '557,000 derived triples) was running, restarted whenever it finished (cancelled past --max-materialise). "UI clients": the same clients, each waiting',
    `${THINK_MIN}–${THINK_MAX} ms (uniform) between an answer and its next call, as a person clicking does. "load": the 1-minute load average`,
    'when the phase ended. "1 client" is each call\'s own cost on the machine as loaded at the time. Latencies in ms.',
    '',
    '| code | phase | load | call | calls | errors | calls/s | p50 | p95 | p99 | max |',
    '|---|---|--:|---|--:|--:|--:|--:|--:|--:|--:|',
    ...results.flatMap(([, r]) => r.rows.map((x) => `| ${x.code} | ${x.phase} | ${x.load.toFixed(1)} | ${x.op} | ${x.n} | ${x.errors} | ${f(x.rps)} | ${f(x.p50)} | ${f(x.p95)} | ${f(x.p99)} | ${f(x.max)} |`)),
    '',
    '| code | materialisations during the phase (wall time, derived triples) |',
    '|---|---|',
    ...results.map(([code, r]) => `| ${code.name} | ${r.materialize.map((m) => `${f(m.ms / 1000)} s${m.status === 200 ? `, ${m.derived?.toLocaleString('en-US')}` : m.status === 0 ? ' (cancelled by the bench)' : ` (HTTP ${m.status})`}`).join('; ')} |`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (WRITE) {
    // A hand-written "## Notes" section at the end of the file outlives reruns.
    const file = join(ROOT, 'bench/RESULTS-server-load.md');
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const notes = old.indexOf('\n## Notes');
    writeFileSync(file, `${lines.join('\n')}\n${notes >= 0 ? old.slice(notes) : ''}`);
  }
  agent.destroy();
}

await main();
