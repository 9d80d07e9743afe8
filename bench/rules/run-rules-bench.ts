/**
 * Rule-learning benchmark (writes bench/RESULTS-rules.md):
 *  1. learning speed, Relata's learner vs the straightforward reference (reference-learner.ts), one thread each,
 *     same budget, same data, each in its own process;
 *  2. link prediction by rules alone with the default settings (`relata rules learn` + `relata rules eval`);
 *  3. rule count and quality as the budget grows (FB15k-237);
 *  4. CLUTRR: accuracy per chain length, trained on k = 2–4 and on k = 2 only.
 * Usage: node --import tsx bench/rules/run-rules-bench.ts [--datasets kinships,nations,wn18rr,fb15k-237] [--speed-seconds 60]
 *   [--budgets 60,240] [--sections speed,links,budget,clutrr,variants] [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const data = process.env.RELATA_DATASETS ?? join(root, '../shared/datasets');
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const datasets = arg('datasets', 'kinships,nations,wn18rr,fb15k-237').split(',').filter(Boolean);
const speedSeconds = Number(arg('speed-seconds', '60'));
const budgets = arg('budgets', '60,240').split(',').filter(Boolean).map(Number);
const sections = new Set(arg('sections', 'speed,links,budget,clutrr,variants').split(','));
const outFile = arg('out', join(root, 'bench/RESULTS-rules.md'));
const tmp = mkdtempSync(join(tmpdir(), 'relata-rules-bench-'));
const relata = join(root, 'bin/relata.mjs');
const lines: string[] = [];
const out = (s = '') => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};

/** Runs a relata command under GNU time; returns its JSON output and peak RSS. */
function timed(args: string[]): { json: Record<string, unknown>; peakMiB: number } {
  const timeFile = join(tmp, 'time.txt');
  const stdout = execFileSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, 'node', relata, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  return { json: JSON.parse(stdout), peakMiB: Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 };
}

const f3 = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : String(x));
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
out('## Rule learning (issue 12)');
out();
out(`Measured ${when} UTC on this machine (2 cores, shared with other work), with \`node --import tsx bench/rules/run-rules-bench.ts\`.`);
out();

if (sections.has('speed')) {
out('### Learning speed: Relata vs a straightforward implementation');
out();
out(`Same algorithm, one thread each, ${speedSeconds} s budget, each side in its own process, one after the other. The reference`);
out('(bench/rules/reference-learner.ts) keeps triples as strings in a Set and adjacency in string-keyed Maps; Relata keeps');
out('CSR arrays per directed relation, binary-searched edges and mark arrays instead of Sets. Candidates = distinct rules counted.');
out();
out('| dataset | side | sampled triples | candidates counted | candidates / s | rules kept | peak RSS |');
out('|---|---|---:|---:|---:|---:|---:|');
for (const ds of ['kinships', 'fb15k-237'].filter((d) => datasets.includes(d))) {
  for (const side of ['relata', 'reference']) {
    const r = JSON.parse(execFileSync('node', ['--import', 'tsx', join(root, 'bench/rules/learn-speed-child.ts'), side, join(data, ds), String(speedSeconds)], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    out(`| ${ds} | ${side} | ${r.sampledTriples.toLocaleString('en-US')} | ${r.candidatesChecked.toLocaleString('en-US')} | ${Math.round(r.candidatesChecked / r.seconds).toLocaleString('en-US')} | ${r.rules.toLocaleString('en-US')} | ${Math.round(r.peakRssMiB)} MiB |`);
  }
}
out();
}

const defaults: Record<string, { rules: number; mrr: number; seconds: number }> = {};
if (sections.has('links')) {
out('### Link prediction by rules alone (default settings)');
out();
out('`relata rules learn --dataset DIR --out R.pl --json` (default budget: about 3 s per 1,000 training triples, 10 s to 15 min,');
out('on both cores) then `relata rules eval --dataset DIR --rules R.pl --json` (filtered, both directions, ties = mean rank).');
out();
out('| dataset | learn s | rules | learn peak RSS | MRR | Hits@1 | Hits@3 | Hits@10 | eval s |');
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const ds of datasets) {
  const pl = join(tmp, `${ds}.pl`);
  const learn = timed(['rules', 'learn', '--dataset', join(data, ds), '--out', pl, '--json']);
  const ev = timed(['rules', 'eval', '--dataset', join(data, ds), '--rules', pl, '--json']).json;
  defaults[ds] = { rules: learn.json.rules as number, mrr: ev.mrr as number, seconds: learn.json.seconds as number };
  out(`| ${ds} | ${(learn.json.seconds as number).toFixed(0)} | ${(learn.json.rules as number).toLocaleString('en-US')} | ${Math.round(learn.peakMiB)} MiB | ${f3(ev.mrr)} | ${f3(ev.hits_at_1)} | ${f3(ev.hits_at_3)} | ${f3(ev.hits_at_10)} | ${(ev.seconds as number).toFixed(0)} |`);
}
out();
}

if (sections.has('budget') && datasets.includes('fb15k-237') && budgets.length) {
  out('### Rules and quality grow with the budget (FB15k-237)');
  out();
  out('| budget | rules | MRR |');
  out('|---:|---:|---:|');
  for (const b of budgets) {
    const pl = join(tmp, `fb-${b}.pl`);
    const learn = timed(['rules', 'learn', '--dataset', join(data, 'fb15k-237'), '--seconds', String(b), '--out', pl, '--json']).json;
    const ev = timed(['rules', 'eval', '--dataset', join(data, 'fb15k-237'), '--rules', pl, '--json']).json;
    out(`| ${b} s | ${(learn.rules as number).toLocaleString('en-US')} | ${f3(ev.mrr)} |`);
  }
  const d = defaults['fb15k-237'];
  if (d) out(`| ${d.seconds.toFixed(0)} s (default) | ${d.rules.toLocaleString('en-US')} | ${f3(d.mrr)} |`);
  out();
}

if (sections.has('clutrr')) {
out('### CLUTRR: relational chains (data_db9b8f04)');
out();
out('`relata rules learn --stories TRAIN --out R.pl --json`, then `relata rules answer --stories 1.k_test.facts.jsonl --rules R.pl --json`.');
out('Reference: Conditional Theorem Provers (Minervini et al. 2020), the best neural prover, as published on this folder.');
out();
const clutrr = join(data, 'clutrr/data_db9b8f04');
const trainAll = join(clutrr, '1.2,1.3,1.4_train.facts.jsonl');
const train2 = join(tmp, 'k2.jsonl');
writeFileSync(train2, readFileSync(trainAll, 'utf8').split('\n').filter((l) => l.includes('"task_1.2"')).join('\n'));
const ctp = [100.0, 72.0, 74.0, 97.8, 96.2, 98.1, 97.8, 94.4, 89.3];
const rows: string[][] = [['CTP (published)', ...ctp.map((x) => x.toFixed(1))]];
for (const [name, file] of [['Relata, trained on k = 2, 3, 4', trainAll], ['Relata, trained on k = 2 only', train2]] as const) {
  const pl = join(tmp, `clutrr-${rows.length}.pl`);
  timed(['rules', 'learn', '--stories', file, '--out', pl, '--json']);
  const accs: string[] = [];
  for (let k = 2; k <= 10; k++) accs.push((100 * (timed(['rules', 'answer', '--stories', join(clutrr, `1.${k}_test.facts.jsonl`), '--rules', pl, '--json']).json.accuracy as number)).toFixed(1));
  rows.push([name, ...accs]);
}
out('| accuracy % | k=2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |');
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) out(`| ${r.join(' | ')} |`);
out();
}
if (sections.has('variants')) {
  out('### CLUTRR variants: shorter training chains, distractor facts');
  out();
  out('`node --import tsx bench/rules/clutrr-variants.ts`: training rows filtered by chain length; distractors = another test story\'s');
  out('family renamed and hung off one person of the story by one fact, plus a new spouse and child of another, all facts shuffled.');
  out();
  const table = execFileSync('node', ['--import', 'tsx', join(root, 'bench/rules/clutrr-variants.ts')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  for (const l of table.split('\n').filter((x) => x.startsWith('|'))) out(l);
  out();
}
writeFileSync(outFile, `${lines.join('\n')}\n`);
