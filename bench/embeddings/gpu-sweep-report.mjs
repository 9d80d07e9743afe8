#!/usr/bin/env node
// Writes bench/RESULTS-embeddings-gpu-sweep.md from gpu_sweep.py JSONL logs, each with how it was run:
//   node bench/embeddings/gpu-sweep-report.mjs LOG.jsonl=WHERE [LOG2.jsonl=WHERE2 ...]
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const logs = args.map((a) => {
  const at = a.indexOf('=');
  return at < 0 ? { file: a, where: 'a GPU' } : { file: a.slice(0, at), where: a.slice(at + 1) };
});
if (!logs.length) throw new Error('usage: gpu-sweep-report.mjs LOG.jsonl=WHERE [...]');
const rows = logs.flatMap(({ file }) =>
  readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l, i) => {
    try {
      return { ...JSON.parse(l), log: file.split('/').pop() };
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON (${e.message})`);
    }
  }),
);
const runs = new Map();
for (const r of rows) {
  const key = `${r.log}|${r.dataset}|${r.dim}|${r.batch}|${r.reg}|${r.lr}|${r.seed}`;
  if (!runs.has(key)) runs.set(key, []);
  runs.get(key).push(r);
}
const f = (x) => x.toFixed(4);
const lines = [
  '## Settings sweep for the ComplEx defaults (PyTorch, GPU)',
  '',
  '- Run on the device machine with `bench/embeddings/gpu-sweep.sh` (each run: `python3 bench/embeddings/gpu_sweep.py DATASET DIM BATCH REG LR 400 SECONDS 5 OUT.jsonl [SEED]`):',
  ...logs.map(({ file, where }) => `  \`${file}\`: ${where}.`),
  `- Report: \`node bench/embeddings/gpu-sweep-report.mjs ${args.map((a) => JSON.stringify(a)).join(' ')}\`.`,
  '- Same model and training as Relata\'s default (ComplEx, reciprocal relations, 1-vs-all cross-entropy, N3, Adagrad, init',
  '  std 1e-3), filtered MRR with ties as the mean rank, on all of valid.txt and test.txt. The runs of one log shared one GPU at',
  '  once, so seconds compare runs of the same log only. Used to choose the defaults, not as Relata\'s result: Relata\'s own runs',
  '  with the chosen defaults are in the next section.',
  '',
  '| log | dataset | dim | batch | N3 weight | lr | seed | best epoch | valid MRR | test MRR | test Hits@10 | validation MRR by epoch (seconds) |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
];
const order = (a, b) => a.log.localeCompare(b.log) || a.dataset.localeCompare(b.dataset) || a.dim - b.dim || a.batch - b.batch || a.reg - b.reg || a.seed - b.seed;
for (const v of [...runs.values()].sort((a, b) => order(a[0], b[0]))) {
  const best = v.reduce((a, b) => (b.valid_mrr > a.valid_mrr ? b : a));
  const curve = v.map((r) => `${r.epoch}: ${r.valid_mrr.toFixed(3)} (${Math.round(r.seconds)})`).join(', ');
  lines.push(`| ${best.log} | ${best.dataset} | ${best.dim} | ${best.batch} | ${best.reg} | ${best.lr} | ${best.seed} | ${best.epoch} | ${f(best.valid_mrr)} | ${f(best.test_mrr)} | ${f(best.test_hits10)} | ${curve} |`);
}
lines.push('');
const out = new URL('../RESULTS-embeddings-gpu-sweep.md', import.meta.url).pathname;
writeFileSync(out, lines.join('\n'));
console.log(`wrote ${out}`);
