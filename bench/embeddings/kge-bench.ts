/**
 * KG-embedding benchmark (issue 5), Relata's CPU engine against the PyTorch reference
 * (../shared/reference/torch_kge.py) in one command:
 *  1. Speed: the same model, dimension, batch, loss (1-vs-all CE, reciprocal, N3) and epochs on
 *     Kinships and Nations: seconds per epoch and peak RSS (GNU time), both with 2 threads.
 *  2. FB15k-237 test evaluation (20,466 triples, both directions, filtered): seconds, Relata vs PyTorch
 *     (a 0-epoch run of torch_kge.py evaluates its initial model; Relata evaluates a stored initial model).
 *  3. Accuracy with defaults only (`relata train --dataset DIR --json`) on Kinships and Nations.
 * Writes bench/RESULTS-embeddings.md. Needs Debian python3-torch for the reference rows.
 *  4. With --all-models: DistMult, TransE and RotatE with their own defaults (at most 60 epochs).
 * Usage: nice -n 10 node --import tsx bench/embeddings/kge-bench.ts [--speed-epochs N] [--skip-fb] [--all-models]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBenchmarkFolder } from '../../src-main/core/embeddings/datasets/triple-datasets.js';
import { createParams, initialiseParams } from '../../src-main/core/embeddings/models/embedding-params.js';
import { createPrng } from '../../src-main/core/random/mulberry32.js';
import { saveModelFile } from '../../src-main/core/embeddings/models/model-file.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DATASETS = process.env.RELATA_DATASETS ?? resolve(ROOT, '../shared/datasets');
const TORCH = resolve(ROOT, '../shared/reference/torch_kge.py');
const PYTHON = '/usr/bin/python3';
const CLI = join(ROOT, 'bin/relata.mjs');

type Json = Record<string, any>;
const args = process.argv.slice(2);
const speedEpochs = Number(args[args.indexOf('--speed-epochs') + 1] ?? 0) || 10;
const skipFb = args.includes('--skip-fb');
const allModels = args.includes('--all-models');
const allModelsEpochs = 60;
const RUNS = 3;
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Runs a command under GNU time; returns its last stdout line as JSON plus peak RSS in MB. */
function timed(cmd: string, argv: string[], env: Record<string, string> = {}): { json: Json; peakMb: number; wallS: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB %M', cmd, ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr.split('\n').slice(-5).join(' ')}`);
  const lines = r.stdout.trim().split('\n');
  const rss = /MAXRSS_KB (\d+)/.exec(r.stderr);
  return { json: JSON.parse(lines[lines.length - 1]) as Json, peakMb: rss ? Number(rss[1]) / 1024 : NaN, wallS: (performance.now() - t0) / 1000 };
}

function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'python3-torch is not installed (apt-get install -y python3-torch)';
}

const f = (x: unknown, d = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '—');
const md: string[] = [];
const started = new Date().toISOString();
const load = loadavg().map((x) => x.toFixed(2)).join(' / ');
const missing = torchMissing();
const torchVersion = missing ? missing : execFileSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();

md.push('# KG embeddings benchmark (issue 5): Relata CPU engine vs PyTorch reference', '');
md.push(`- Date: ${started}`);
md.push(`- Command: \`nice -n 10 node --import tsx bench/embeddings/kge-bench.ts${args.length ? ` ${args.join(' ')}` : ''}\``);
md.push(`- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average at start ${load} (shared with other jobs: times are upper bounds). PyTorch ${torchVersion}, CPU.`);
md.push('- Relata engine: `cpu-onnxruntime` for 1-vs-all dot-product models (ComplEx, DistMult): the three dense matmuls of a batch (scores, dQ, dE) and evaluation scoring run as small ONNX graphs on onnxruntime-node; query rows, their backward pass, N3 and the optimiser stay in typed-array code (src-main/core/embeddings/kernels/onnx-*). Rows marked *typed arrays* run with `RELATA_KERNELS=js` (the pure typed-array engine, threads via worker_threads). Reference: `../shared/reference/torch_kge.py`. Both at 1 and 2 threads: on a loaded 2-core machine PyTorch’s OpenMP threads can lose more than they gain.', '');

// 1. Speed, like for like.
md.push(`## Training speed, same settings (ComplEx, dim 200, reciprocal, 1-vs-all cross-entropy, N3 1e-3, Adam lr 0.01, batch 1000, ${speedEpochs} epochs)`, '');
md.push('| dataset | implementation | threads | s / epoch, median of 3 (min–max) | epochs / s (median) | test MRR after these epochs | peak RSS |', '|---|---|---:|---:|---:|---:|---:|');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
for (const ds of ['kinships', 'nations']) {
  const dir = join(DATASETS, ds);
  for (const [label, env] of [['Relata', {}], ['Relata, typed arrays', { RELATA_KERNELS: 'js' }]] as const) {
    for (const threads of [1, 2]) {
      log(`speed ${ds}: ${label}, ${threads} thread(s), ${RUNS} runs…`);
      const runs = Array.from({ length: RUNS }, () => timed('node', [CLI, 'train', '--dataset', dir, '--model', 'complex', '--dim', '200', '--epochs', String(speedEpochs), '--batch-size', '1000', '--lr', '0.01', '--optimizer', 'adam', '--reg-weight', '1e-3', '--threads', String(threads), '--eval-every', String(speedEpochs), '--json'], env));
      const spe = runs.map((r) => r.json.train_seconds / r.json.epochs);
      md.push(`| ${ds} | ${label} (${runs[0].json.engine}) | ${threads} | ${spread(spe)} | ${f(1 / median(spe), 2)} | ${f(runs[0].json.mrr, 4)} | ${f(Math.max(...runs.map((r) => r.peakMb)), 0)} MB |`);
    }
  }
  for (const threads of [1, 2]) {
    if (missing) {
      md.push(`| ${ds} | PyTorch | ${threads} | not run: ${missing} | | | |`);
      continue;
    }
    log(`speed ${ds}: PyTorch, ${threads} thread(s), ${RUNS} runs…`);
    const runs = Array.from({ length: RUNS }, () => timed(PYTHON, [TORCH, dir, 'complex', '200', String(speedEpochs), '1000', '0.01', String(threads)]));
    const spe = runs.map((r) => r.json.s_per_epoch as number);
    md.push(`| ${ds} | PyTorch | ${threads} | ${spread(spe)} | ${f(1 / median(spe), 2)} | ${f(runs[0].json.mrr, 4)} | ${f(Math.max(...runs.map((r) => r.peakMb)), 0)} MB |`);
  }
}
md.push('', 'Relata s / epoch includes one validation pass at the last epoch; PyTorch excludes evaluation. N3: Relata uses complex moduli (Lacroix et al.), the reference the absolute value of each real coordinate.', '');

// 2. FB15k-237 evaluation time.
if (!skipFb) {
  md.push('## FB15k-237 filtered test evaluation (20,466 triples, both directions = 40,932 ranked queries, 14,541 entities, ComplEx dim 200)', '');
  md.push('| implementation | threads | seconds | peak RSS | target |', '|---|---:|---:|---:|---|');
  const tmp = mkdtempSync(join(tmpdir(), 'relata-kge-bench-'));
  try {
    const dir = join(DATASETS, 'fb15k-237');
    const ds = readBenchmarkFolder(dir);
    const p = createParams({ model: 'complex', dim: 200, reciprocal: true, numEntities: ds.entities.length, numRelations: ds.relations.length });
    initialiseParams(p, { initScale: 0.1 }, createPrng(1));
    const file = join(tmp, 'fb-initial.rkge');
    saveModelFile(file, p, ds);
    log('FB15k-237 evaluation: Relata…');
    const rel = timed('node', [CLI, 'eval', '--model-file', file, '--dataset', dir, '--threads', '2', '--json']);
    md.push(`| Relata \`relata eval\` | 2 | ${f(rel.json.eval_seconds, 1)} (whole command ${f(rel.wallS, 1)}) | ${f(rel.peakMb, 0)} MB | < 60 s |`);
    if (!missing) {
      log('FB15k-237 evaluation: PyTorch…');
      for (const threads of [1, 2]) {
        const t = timed(PYTHON, [TORCH, dir, 'complex', '200', '0', '1000', '0.01', String(threads)]);
        md.push(`| PyTorch (0 epochs, its eval loop) | ${threads} | ${f(t.json.eval_s, 1)} | ${f(t.peakMb, 0)} MB | |`);
      }
    }
    md.push('', 'Scores come from an untrained (random) model: evaluation cost does not depend on the values.', '');

    // FB15k-237 training speed: one epoch takes many minutes on the reference, so both sides run BATCHES batches.
    const BATCHES = 20;
    md.push(`## FB15k-237 training speed per batch (ComplEx, dim 200, reciprocal, 1-vs-all CE, N3 1e-3, Adam lr 0.01, batch 1000; ${BATCHES} batches)`, '');
    md.push('| implementation | threads | s / batch | estimated s / epoch | peak RSS |', '|---|---:|---:|---:|---:|');
    for (const [label, env] of [['Relata', {}], ['Relata, typed arrays', { RELATA_KERNELS: 'js' }]] as const) {
      for (const threads of [2, 1]) {
        log(`FB15k-237 batches: ${label}, ${threads} thread(s)…`);
        const r = timed('node', ['--import', 'tsx', join(ROOT, 'bench/embeddings/batch-speed.ts'), dir, 'complex', '200', String(BATCHES), '1000', '0.01', String(threads)], env);
        md.push(`| ${label} | ${threads} | ${f(r.json.s_per_batch, 3)} | ${f(r.json.est_s_per_epoch, 0)} (${r.json.batches_per_epoch} batches) | ${f(r.peakMb, 0)} MB |`);
      }
    }
    if (!missing) {
      for (const threads of [1, 2]) {
        log(`FB15k-237 batches: PyTorch, ${threads} thread(s)…`);
        const r = timed(PYTHON, [join(ROOT, 'bench/embeddings/torch_kge_batches.py'), dir, 'complex', '200', String(BATCHES), '1000', '0.01', String(threads)]);
        md.push(`| PyTorch | ${threads} | ${f(r.json.s_per_batch, 3)} | ${f(r.json.est_s_per_epoch, 0)} | ${f(r.peakMb, 0)} MB |`);
      }
    }
    md.push('');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// 3. Accuracy with defaults.
md.push('## Accuracy, defaults only (`relata train --dataset DIR --json`, best default model, early stopping on validation MRR)', '');
md.push('| dataset | model | filtered test MRR | Hits@1 | Hits@3 | Hits@10 | epochs (best) | train s | target (published) |', '|---|---|---:|---:|---:|---:|---:|---:|---|');
const targets: Record<string, string> = { kinships: '≥ 0.85 (ConvE .83)', nations: '≥ 0.80 (ConvE .82)' };
for (const ds of ['kinships', 'nations']) {
  log(`accuracy ${ds}…`);
  const r = timed('node', [CLI, 'train', '--dataset', join(DATASETS, ds), '--json']).json;
  md.push(`| ${ds} | ${r.model} | ${f(r.mrr, 4)} | ${f(r.hits_at_1, 4)} | ${f(r.hits_at_3, 4)} | ${f(r.hits_at_10, 4)} | ${r.epochs} (${r.best_epoch}) | ${f(r.train_seconds, 1)} | ${targets[ds]} |`);
}
md.push('', 'WN18RR and FB15k-237: see the next section (`bench/embeddings/large-accuracy.mjs`), each run takes an hour or more here.', '');

if (allModels) {
  md.push(`## Other models, their own defaults, at most ${allModelsEpochs} epochs (\`relata train --dataset DIR --model M --epochs ${allModelsEpochs} --json\`)`, '');
  md.push('| dataset | model | loss | filtered test MRR | Hits@1 | Hits@10 | epochs (best) | train s |', '|---|---|---|---:|---:|---:|---:|---:|');
  for (const model of ['distmult', 'transe', 'rotate']) {
    for (const ds of ['kinships', 'nations']) {
      log(`other models: ${model} on ${ds}…`);
      const r = timed('node', [CLI, 'train', '--dataset', join(DATASETS, ds), '--model', model, '--epochs', String(allModelsEpochs), '--json']).json;
      md.push(`| ${ds} | ${model} | ${r.config.loss} | ${f(r.mrr, 4)} | ${f(r.hits_at_1, 4)} | ${f(r.hits_at_10, 4)} | ${r.epochs} (${r.best_epoch}) | ${f(r.train_seconds, 1)} |`);
    }
  }
  md.push('');
}

const out = join(ROOT, 'bench/RESULTS-embeddings.md');
const notes = process.env.KGE_BENCH_NOTES ? `\n${process.env.KGE_BENCH_NOTES}\n` : '';
writeFileSync(out, `${md.join('\n')}${notes}`);
log(`wrote ${out}`);
process.stdout.write(`${md.join('\n')}\n`);
