#!/usr/bin/env node
// Writes bench/RESULTS-embeddings-gpu-sweep.md from a gpu_sweep.py JSONL log:
//   node bench/embeddings/gpu-sweep-report.mjs bench/embeddings/gpu-sweep/2026-11-26-h100.jsonl "one H100, 14 runs sharing it"
import { readFileSync, writeFileSync } from 'node:fs';

const [file, where = 'a GPU'] = process.argv.slice(2);
if (!file) throw new Error('usage: gpu-sweep-report.mjs SWEEP.jsonl [WHERE]');
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l, i) => {
  try { return JSON.parse(l); } catch (e) { throw new Error(`${file}:${i + 1}: not JSON (${e.message})`); }
});
const runs = new Map();
for (const r of rows) {
  const key = `${r.dataset}|${r.dim}|${r.batch}|${r.reg}|${r.lr}`;
  if (!runs.has(key)) runs.set(key, []);
  runs.get(key).push(r);
}
const f = (x) => x.toFixed(4);
const lines = [
  '## Settings sweep for the ComplEx defaults (PyTorch, GPU)',
  '',
  `- Run on the device machine (${where}) with \`bench/embeddings/gpu-sweep.sh\` (each run: \`python3 bench/embeddings/gpu_sweep.py DATASET DIM BATCH REG LR 400 370 5 OUT.jsonl\`);`,
  '  report: `node bench/embeddings/gpu-sweep-report.mjs ' + file + '`. Same model and training as Relata\'s default',
  '  (ComplEx, reciprocal relations, 1-vs-all cross-entropy, N3, Adagrad, init std 1e-3), filtered MRR with ties as the mean rank.',
  '  Each run trained for about 370 s; the runs shared one GPU, so the seconds compare runs with each other only.',
  '- Used to choose the defaults, not as Relata\'s result: Relata\'s own runs with the chosen defaults are in the next section.',
  '',
  '| dataset | dim | batch | N3 weight | lr | best epoch | valid MRR | test MRR | test Hits@10 | validation MRR by epoch (seconds) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
];
for (const v of [...runs.values()].sort((a, b) => a[0].dataset.localeCompare(b[0].dataset) || a[0].dim - b[0].dim || a[0].batch - b[0].batch || a[0].reg - b[0].reg)) {
  const best = v.reduce((a, b) => (b.valid_mrr > a.valid_mrr ? b : a));
  const curve = v.map((r) => `${r.epoch}: ${r.valid_mrr.toFixed(3)} (${Math.round(r.seconds)})`).join(', ');
  lines.push(`| ${best.dataset} | ${best.dim} | ${best.batch} | ${best.reg} | ${best.lr} | ${best.epoch} | ${f(best.valid_mrr)} | ${f(best.test_mrr)} | ${f(best.test_hits10)} | ${curve} |`);
}
lines.push('');
const out = new URL('../RESULTS-embeddings-gpu-sweep.md', import.meta.url).pathname;
writeFileSync(out, lines.join('\n'));
console.log(`wrote ${out}`);
