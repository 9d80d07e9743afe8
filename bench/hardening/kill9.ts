/**
 * kill -9 at random moments: a 1M-triple import, an embedding training run on Kinships (stored in the KG), a
 * materialisation of the kinship rules over a generated family KG, and entity.create calls through `relata serve`.
 * After each kill the KG is opened as Relata opens it (WAL recovery) and checked: `PRAGMA integrity_check` is ok;
 * nothing committed is lost (every row count at least what it was before the job; every entity.create the server
 * answered is there); nothing partial is kept (row counts are either what they were before the job or what the whole
 * job leaves, measured by one uninterrupted run on a copy of the KG; each stored entity has its change-log entry).
 * Run: npx tsx bench/hardening/kill9.ts   (writes bench/RESULTS-kill9.md; about five minutes)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createPrng } from '../../src-main/core/random/mulberry32.js';
import { generateTriples } from '../import/generate-triples.js';
import { baseFacts, generateFamily } from '../../test-support/family-generator.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const datasets = process.env.RELATA_DATASETS ?? resolve(root, '../shared/datasets');
const work = mkdtempSync(join(tmpdir(), 'relata-kill9-'));
const home = join(work, 'home');
mkdirSync(home);
const rng = createPrng(9);
const cli = join(root, 'bin/relata.mjs');
const env = { ...process.env, RELATA_HOME: home };

function relata(...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`relata ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Row counts of the tables a job writes, after opening the KG read-write (which recovers the WAL as Relata does). */
const TABLES = ['entities', 'predicates', 'literals', 'triples', 'sources', 'change_log', 'models', 'model_negatives'];
interface KgState {
  integrity: string;
  counts: Record<string, number>;
}
function inspect(kg: string): KgState {
  const db = new Database(kg);
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
    const counts: Record<string, number> = {};
    for (const t of TABLES) counts[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    counts.derived = (db.prepare('SELECT count(*) AS n FROM triples WHERE derived = 1').get() as { n: number }).n;
    return { integrity, counts };
  } finally {
    db.close();
  }
}

function copyKg(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode);
    else child.once('exit', (code) => done(code));
  });
}

/** Runs `relata args`, SIGKILLs it after `ms` (unless it finished first); says whether the kill landed. */
async function runAndKill(args: string[], ms: number): Promise<{ killed: boolean; code: number | null }> {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const code = await exited(child);
  clearTimeout(timer);
  return { killed: child.signalCode === 'SIGKILL', code };
}

interface Row {
  job: string;
  kills: number;
  finished: number;
  integrityOk: number;
  lost: number;
  partial: number;
  /** When each kill landed, in ms after the process started. */
  moments: number[];
  notes: string;
}
const rows: Row[] = [];

/** Compares a KG after a job with before it and with what the whole job leaves (`full`: counts after one clean run). */
function judge(before: KgState, after: KgState, full: Record<string, number>, killed: boolean): { lost: boolean; partial: boolean } {
  let lost = false, partial = false;
  const fullDelta = (t: string): number => full[t] - before.counts[t];
  for (const t of [...TABLES, 'derived']) {
    const delta = after.counts[t] - before.counts[t];
    if (delta < 0 && fullDelta(t) >= 0) lost = true;
    // Killed: the job left nothing or (it had committed before the kill landed) all of it.
    if (killed && delta !== 0 && delta !== fullDelta(t)) partial = true;
  }
  return { lost, partial };
}

/** A job killed `kills` times at random moments between `from` ms and 90% of an uninterrupted run, each on the KG as the previous kill left it. */
async function killJob(job: string, kg: string, args: string[], kills: number, from: number, notes: string, makeFull: (copy: string) => number): Promise<void> {
  const copy = join(work, `full-${rows.length}.sqlite`);
  const start = join(work, `start-${rows.length}.sqlite`);
  copyKg(kg, copy);
  copyKg(kg, start);
  const fullMs = makeFull(copy);
  const full = inspect(copy).counts;
  const row: Row = { job, kills: 0, finished: 0, integrityOk: 0, lost: 0, partial: 0, moments: [], notes: `${notes}; one uninterrupted run ${(fullMs / 1000).toFixed(1)} s` };
  for (let k = 0; k < kills; k++) {
    const before = inspect(kg);
    const ms = Math.round(from + rng.next() * (fullMs * 0.9 - from));
    row.moments.push(ms);
    const { killed } = await runAndKill(args, ms);
    const after = inspect(kg);
    if (killed) row.kills++;
    else row.finished++;
    if (after.integrity === 'ok') row.integrityOk++;
    const verdict = judge(before, after, full, killed);
    if (verdict.lost) row.lost++;
    if (verdict.partial) row.partial++;
    process.stdout.write(`${job}: kill at ${ms} ms (${killed ? 'killed' : 'finished first'}), integrity ${after.integrity}, triples ${before.counts.triples} → ${after.counts.triples}, derived ${after.counts.derived}, models ${after.counts.models}${verdict.lost ? ', LOST' : ''}${verdict.partial ? ', PARTIAL' : ''}\n`);
    if (!killed) {
      // A job that finished is the new "before": reset the KG so the next kill meets the same job again.
      for (const suffix of ['-wal', '-shm']) rmSync(kg + suffix, { force: true });
      copyKg(start, kg);
    }
  }
  rows.push(row);
}

function timed(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** The CLI takes about 1-2 s to start on a loaded machine: kills before that would test nothing. */
const KILL_FROM_MS = 2_500;
const started = performance.now();

// 1. A 1M-triple N-Triples import into a KG that holds data.
{
  const nt = join(work, 'gen-1m.nt');
  await generateTriples(1_000_000, nt, join(work, 'gen-1m.tsv'), 200_000);
  const kg = join(work, 'import.sqlite');
  relata('import', join(root, 'test-fixtures/good/small.tsv'), '--db', kg);
  await killJob('import 1,000,000 N-Triples', kg, ['import', nt, '--db', kg], 5, KILL_FROM_MS, 'into a KG holding 3 triples',
    (copy) => timed(() => relata('import', nt, '--db', copy)));
}

// 2. Embedding training on Kinships, the model stored in the KG at the end.
{
  const kg = join(work, 'train.sqlite');
  relata('import', join(datasets, 'kinships'), '--db', kg);
  const args = (db: string): string[] => ['train', '--db', db, '--model', 'distmult', '--epochs', '40', '--dim', '64', '--eval-every', '10', '--threads', '2', '--name', 'k9'];
  await killJob('train (DistMult on Kinships, 40 epochs)', kg, args(kg), 4, KILL_FROM_MS, 'KG = Kinships (10,686 triples)',
    (copy) => timed(() => relata(...args(copy))));
}

// 3. Materialising the kinship rule pack over a generated family KG.
{
  const family = generateFamily(8_000, 7, 3);
  const tsv = join(work, 'family.tsv');
  writeFileSync(tsv, baseFacts(family).map((f) => f.join('\t')).join('\n') + '\n');
  const kg = join(work, 'materialize.sqlite');
  relata('import', tsv, '--db', kg);
  await killJob(`materialize (kinship pack, family of ${family.people.length.toLocaleString('en-US')})`, kg, ['materialize', '--db', kg, '--pack', 'kinship'], 4, KILL_FROM_MS,
    `${baseFacts(family).length.toLocaleString('en-US')} base facts`, (copy) => timed(() => relata('materialize', '--db', copy, '--pack', 'kinship')));
}

// 4. Edits through the server: 4 clients calling entity.create back to back; kill -9 the server mid-stream.
{
  const kg = join(work, 'serve.sqlite');
  relata('import', join(root, 'test-fixtures/good/small.tsv'), '--db', kg);
  const row: Row = { job: 'entity.create through relata serve (4 clients)', kills: 0, finished: 0, integrityOk: 0, lost: 0, partial: 0, moments: [], notes: '' };
  let answered = 0;
  for (let k = 0; k < 4; k++) {
    const before = inspect(kg);
    const token = `k9-${k}-token-abcdefgh`;
    const server = spawn(process.execPath, [cli, 'serve', '--db', kg, '--port', '0', '--token', token, '--no-open-hint'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      server.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) done(m[1]);
      });
      server.once('exit', () => fail(new Error(`relata serve exited: ${out}`)));
    });
    const acked: string[] = [];
    let stop = false;
    const client = async (c: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const key = `k9_${k}_${c}_${i}`;
        try {
          const r = await fetch(`${url}/api/call/entity.create`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-relata-token': token },
            body: JSON.stringify({ key, label: `Kill ${k} client ${c} edit ${i}` }),
          });
          if (r.status === 200) acked.push(key);
          else if (!stop) throw new Error(`entity.create answered ${r.status}: ${await r.text()}`);
        } catch (err) {
          if (!stop && (err as Error).message.startsWith('entity.create answered')) throw err;
          return; // the server is gone
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    const ms = Math.round(500 + rng.next() * 2500);
    row.moments.push(ms);
    await new Promise((r) => setTimeout(r, ms));
    server.kill('SIGKILL');
    stop = true;
    await exited(server);
    await Promise.all(clients);
    answered += acked.length;
    row.kills++;
    const after = inspect(kg);
    if (after.integrity === 'ok') row.integrityOk++;
    const db = new Database(kg, { readonly: true });
    const prefix = `k9_${k}_`;
    const present = new Set((db.prepare('SELECT key FROM entities WHERE substr(key, 1, ?) = ?').all(prefix.length, prefix) as Array<{ key: string }>).map((r) => r.key));
    db.close();
    const missing = acked.filter((key) => !present.has(key)).length;
    const createdEntities = after.counts.entities - before.counts.entities;
    const createdLog = after.counts.change_log - before.counts.change_log;
    if (missing > 0 || after.counts.triples < before.counts.triples) row.lost++;
    // Each create is one transaction: an entity without its change-log entry (or the reverse), or more than the
    // answered creates plus the four in flight, would be a partial write.
    if (createdEntities !== createdLog || present.size > acked.length + 4) row.partial++;
    process.stdout.write(`serve: kill at ${ms} ms, ${acked.length} creates answered, ${present.size} stored, ${missing} missing, change log +${createdLog}, integrity ${after.integrity}\n`);
  }
  row.notes = `${answered.toLocaleString('en-US')} creates answered 200 before the kills; every one found after`;
  rows.push(row);
}

const seconds = (performance.now() - started) / 1000;
rmSync(work, { recursive: true, force: true });
const md = [
  '## kill -9 during long jobs and edits',
  '',
  'Each job is SIGKILLed at a random moment (seeded) and the KG is then opened read-write (SQLite recovers the WAL as',
  'Relata does) and checked: `PRAGMA integrity_check`; **committed lost** counts kills after which a row count fell',
  'below its value before the job (or, for the server, an entity.create answered 200 is missing); **partial kept**',
  'counts kills after which some table changed by other than all of what one uninterrupted run of the job writes',
  '(measured on a copy of the KG), or an entity is stored without its change-log entry. "finished" counts kills that',
  'came after the job had already ended (the KG is then reset for the next try).',
  `Command: \`npx tsx bench/hardening/kill9.ts\` (${seconds.toFixed(0)} s in all, ${new Date().toISOString().slice(0, 10)}).`,
  '',
  '| job | kills | finished first | integrity_check ok | committed lost | partial kept | killed at (ms) | notes |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.job} | ${r.kills} | ${r.finished} | ${r.integrityOk}/${r.kills + r.finished} | ${r.lost} | ${r.partial} | ${r.moments.join(', ')} | ${r.notes} |`),
  '',
].join('\n');
writeFileSync(join(root, 'bench/RESULTS-kill9.md'), md);
process.stdout.write(md);
if (rows.some((r) => r.lost || r.partial || r.integrityOk !== r.kills + r.finished)) process.exitCode = 1;
