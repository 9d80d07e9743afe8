/**
 * Import benchmark: Relata's `relata import` vs SQLite's own CLI (`.import` + SQL into the same schema and indexes),
 * on generated N-Triples (1M and 3M rows) and on FB15k-237's train split, in one run. Prints a Markdown table.
 * Run: npx tsx bench/import/run-import-bench.ts   (needs Debian's sqlite3 and GNU time)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTriples } from './generate-triples.js';
import { sqliteCliImport } from './sqlite-cli-reference.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const work = join(root, '.bench-tmp');
mkdirSync(work, { recursive: true });

function relataImport(file: string, format: string, db: string): { seconds: number; maxRssKb: number; triples: number } {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin/relata.mjs'), 'import', file, '--db', db, '--format', format, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`relata import failed: ${r.stderr}`);
  return { seconds, maxRssKb: Number(r.stderr.trim().split('\n').at(-1)), triples: JSON.parse(r.stdout).stats.triples };
}

const cases: Array<{ name: string; nt?: string; tsv: string; relataFile: string; format: string }> = [];
for (const n of [1_000_000, 3_000_000]) {
  const nt = join(work, `gen-${n / 1e6}m.nt`);
  const tsv = join(work, `gen-${n / 1e6}m.tsv`);
  if (!existsSync(nt) || !existsSync(tsv)) await generateTriples(n, nt, tsv, n / 5);
  cases.push({ name: `generated ${n.toLocaleString('en-US')} N-Triples`, tsv, relataFile: nt, format: 'nt' });
}
const fbTrain = resolve(root, '../shared/datasets/fb15k-237/train.txt');
cases.push({ name: 'FB15k-237 train.txt (TSV)', tsv: fbTrain, relataFile: fbTrain, format: 'tsv' });

const rows: string[] = [
  '| input | triples | Relata s | Relata triples/s | Relata peak RSS | sqlite3 CLI s | CLI triples/s | CLI peak RSS | Relata rate / CLI rate |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const c of cases) {
  const ours = relataImport(c.relataFile, c.format, join(work, 'relata.sqlite'));
  const ref = sqliteCliImport(c.tsv, join(work, 'reference.sqlite'));
  if (ours.triples !== ref.triples) throw new Error(`${c.name}: Relata stored ${ours.triples} triples, the reference ${ref.triples}`);
  const rate = (t: number, s: number): string => Math.round(t / s).toLocaleString('en-US');
  rows.push(
    `| ${c.name} | ${ours.triples.toLocaleString('en-US')} | ${ours.seconds.toFixed(1)} | ${rate(ours.triples, ours.seconds)} | ${Math.round(ours.maxRssKb / 1024)} MiB | ${ref.seconds.toFixed(1)} | ${rate(ref.triples, ref.seconds)} | ${Math.round(ref.maxRssKb / 1024)} MiB | ${(ref.seconds / ours.seconds).toFixed(2)} |`,
  );
  process.stderr.write(`${rows.at(-1)}\n`);
}
const report = `## Import: Relata vs SQLite's own CLI

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on this machine (2 cores, shared with other work; load average ${loadavg()[0].toFixed(1)} at the end),
with \`npx tsx bench/import/run-import-bench.ts\`. Both sides run as separate processes, one after the other, on the same rows:
Relata imports N-Triples (or the TSV file) with \`relata import\`; the reference is \`sqlite3\` loading the same rows as TSV
with \`.import\`, then SQL that interns entities and predicates and fills \`triples\` and the FTS index in one transaction
(the same schema and indexes). Peak RSS from GNU time. Target: Relata's rate at least half the CLI's, peak memory under 1 GB.

${rows.join('\n')}
`;
writeFileSync(join(root, 'bench/RESULTS-import.md'), report);
process.stdout.write(report);
