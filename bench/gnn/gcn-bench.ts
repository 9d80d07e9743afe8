/**
 * GCN benchmark, Relata against a PyTorch reference of the same model (run from bench/gnn/run.ts):
 * 1. Cora, Planetoid split, 10 seeds, paper defaults: mean test accuracy and total training time
 *    (Relata through its CLI, `relata gnn --dataset … --json`; PyTorch through torch_gcn.py).
 * 2. A generated 100,000-node / 1,000,000-edge graph: seconds per training epoch and peak memory.
 * Needs Debian python3-torch for the reference (`apt-get install -y python3-torch`); without it the
 * PyTorch rows say so instead of holding numbers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticGraph, writeSyntheticGraph, type SyntheticGraphSpec } from './synthetic-graph.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DATASETS = process.env.RELATA_DATASETS ?? resolve(ROOT, '../shared/datasets');
const CORA = join(DATASETS, 'cora');
const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = join(ROOT, 'bench/gnn/torch_gcn.py');

const SPEC: SyntheticGraphSpec = {
  nodes: 100_000,
  edges: 1_000_000,
  features: 500,
  featuresPerNode: 10,
  classes: 10,
  trainFraction: 0.1,
  seed: 1,
};

export type Json = Record<string, unknown>;

export function runJson(cmd: string, argv: string[]): Json {
  const out = execFileSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Json;
}

export function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'not run: python3-torch is not installed (apt-get install -y python3-torch)';
}

const num = (x: unknown, d: number) => (typeof x === 'number' ? x.toFixed(d) : '—');
const pct = (x: unknown) => (typeof x === 'number' ? `${(x * 100).toFixed(2)}%` : '—');

/** Runs the GCN benchmark and returns its Markdown section. */
export function gcnBenchMarkdown(epochs: number): string {
  const missing = torchMissing();
  const log = (s: string) => process.stderr.write(`${s}\n`);

  log('Cora: Relata, 10 seeds…');
  const coraRelata = runJson('node', [join(ROOT, 'bin/relata.mjs'), 'gnn', '--dataset', CORA, '--seeds', '10', '--json']);
  log('Cora: PyTorch, 10 seeds…');
  const coraTorch = missing ? null : runJson(PYTHON, [TORCH_SCRIPT, 'planetoid', CORA, '10', '1']);

  const dir = mkdtempSync(join(tmpdir(), 'relata-gnn-bench-'));
  let large: { relata: Json; torch1: Json | null; torch2: Json | null };
  try {
    const prefix = join(dir, 'graph');
    writeSyntheticGraph(generateSyntheticGraph(SPEC), prefix);
    log(`synthetic graph: Relata, ${epochs} epochs…`);
    const relata = runJson('node', ['--import', 'tsx', join(ROOT, 'bench/gnn/gcn-epoch.ts'), prefix, String(epochs)]);
    log('synthetic graph: PyTorch 1 and 2 threads…');
    const torch1 = missing ? null : runJson(PYTHON, [TORCH_SCRIPT, 'binary', prefix, String(epochs), '1']);
    const torch2 = missing ? null : runJson(PYTHON, [TORCH_SCRIPT, 'binary', prefix, String(epochs), '2']);
    large = { relata, torch1, torch2 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const torchNote = missing ? `PyTorch reference ${missing}.` : `PyTorch ${String(coraTorch?.torch)} (Debian python3-torch), CPU.`;
  return `## GCN node classification, Relata vs PyTorch

- ${torchNote}
- Model, both sides: 2-layer GCN (Kipf & Welling 2017), hidden 16, dropout 0.5 on inputs (sparse) and hidden layer,
  weight decay 5e-4 on layer 1, Adam lr 0.01, Glorot init, no biases, early stopping window 10 on validation loss, ≤ 200 epochs.
  Relata: single-threaded typed-array CSR kernels (\`src-main/core/gnn/\`). PyTorch: torch.sparse COO (\`bench/gnn/torch_gcn.py\`).

### Cora, Planetoid public split (140/500/1000), 10 seeds (0–9)

| implementation | mean test accuracy | std | mean val accuracy | training time, all 10 seeds | paper |
|---|---:|---:|---:|---:|---:|
| Relata (\`relata gnn --dataset …/cora --json\`) | ${pct(coraRelata.test_accuracy)} | ${pct(coraRelata.test_accuracy_std)} | ${pct(coraRelata.val_accuracy)} | ${num(coraRelata.train_seconds, 2)} s | 81.5% |
| PyTorch reference, 1 thread | ${coraTorch ? pct(coraTorch.test_accuracy) : missing} | ${coraTorch ? pct(coraTorch.test_accuracy_std) : ''} | | ${coraTorch ? `${num(coraTorch.train_seconds, 2)} s` : ''} | 81.5% |

Relata mean epochs run (early stopping): ${String(coraRelata.mean_epochs)}. Target: ≥ 81.0% mean over 10 seeds, < 10 s training.

### Generated graph: ${SPEC.nodes.toLocaleString('en')} nodes, ${SPEC.edges.toLocaleString('en')} undirected edges

Uniform random edges (seed ${SPEC.seed}), ${SPEC.features} binary features with ${SPEC.featuresPerNode} non-zeros per node (row-normalised),
${SPEC.classes} random classes, ${SPEC.trainFraction * 100}% of nodes labelled for training. An epoch = forward with dropout, masked NLL,
backward, Adam step; mean of ${epochs} epochs after one warm-up epoch. Peak memory = the process's peak RSS
(before loading the graph in brackets: the runtime itself).

| implementation | s / epoch | inference (1 forward) | preprocessing (Â, X) | peak RSS |
|---|---:|---:|---:|---:|
| Relata (1 thread) | ${num(large.relata.seconds_per_epoch, 3)} | ${num(large.relata.inference_seconds, 3)} s | ${num(large.relata.preprocess_seconds, 2)} s | ${num(large.relata.peak_rss_mb, 0)} MB (${num(large.relata.rss_before_graph_mb, 0)} MB) |
| PyTorch, 1 thread | ${large.torch1 ? num(large.torch1.seconds_per_epoch, 3) : missing} | ${large.torch1 ? `${num(large.torch1.inference_seconds, 3)} s` : ''} | ${large.torch1 ? `${num(large.torch1.preprocess_seconds, 2)} s` : ''} | ${large.torch1 ? `${num(large.torch1.peak_rss_mb, 0)} MB (${num(large.torch1.rss_before_graph_mb, 0)} MB)` : ''} |
| PyTorch, 2 threads | ${large.torch2 ? num(large.torch2.seconds_per_epoch, 3) : ''} | ${large.torch2 ? `${num(large.torch2.inference_seconds, 3)} s` : ''} | ${large.torch2 ? `${num(large.torch2.preprocess_seconds, 2)} s` : ''} | ${large.torch2 ? `${num(large.torch2.peak_rss_mb, 0)} MB (${num(large.torch2.rss_before_graph_mb, 0)} MB)` : ''} |

Adjacency non-zeros with self-loops: ${String(large.relata.adjacency_nnz)}; feature non-zeros: ${String(large.relata.feature_nnz)}.
One difference in work: Relata's training step computes the output layer (Â·H·W2 and log-softmax) only for the labelled
training rows the loss reads; PyTorch computes it for all rows. Both compute every row of the hidden layer.

Relata per-seed test accuracy: ${JSON.stringify((coraRelata.runs as Array<{ test_accuracy: number }>).map((r) => r.test_accuracy))}.
`;
}
