import type { Command } from 'commander';
import { loadPlanetoidTsv } from '../../core/gnn/planetoid-tsv.js';
import { runNodeClassification, type NodeClassificationReport } from '../../core/gnn/run-node-classification.js';
import type { GcnSettings } from '../../core/gnn/gcn-train.js';
import type { NodeClassificationData } from '../../core/gnn/node-classification.js';

interface GnnOptions {
  dataset?: string;
  db?: string;
  task: string;
  target: string;
  seeds: string;
  seed: string;
  epochs?: string;
  hidden?: string;
  dropout?: string;
  lr?: string;
  weightDecay?: string;
  patience?: string;
  json?: boolean;
}

function intOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

function numberOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number in [${min}, ${max}], got "${value}"`);
  return n;
}

function settingsFrom(o: GnnOptions): Partial<GcnSettings> {
  const s: { -readonly [K in keyof GcnSettings]?: GcnSettings[K] } = {};
  if (o.epochs !== undefined) s.epochs = intOption('--epochs', o.epochs, 1);
  if (o.hidden !== undefined) s.hidden = intOption('--hidden', o.hidden, 1);
  if (o.dropout !== undefined) s.dropout = numberOption('--dropout', o.dropout, 0, 0.99);
  if (o.lr !== undefined) s.learningRate = numberOption('--lr', o.lr, 0, 10);
  if (o.weightDecay !== undefined) s.weightDecay = numberOption('--weight-decay', o.weightDecay, 0, 10);
  if (o.patience !== undefined) s.earlyStoppingWindow = intOption('--patience', o.patience, 0);
  return s;
}

async function loadData(o: GnnOptions): Promise<NodeClassificationData> {
  if (o.dataset && o.db) throw new Error('give either --dataset or --db, not both');
  if (o.dataset) return loadPlanetoidTsv(o.dataset);
  if (o.db) {
    if (o.task !== 'node-class') throw new Error(`unknown --task "${o.task}" (supported: node-class)`);
    const { loadKgNodeClassification } = await import('../../core/gnn/kg-node-classification.js');
    return loadKgNodeClassification(o.db, { target: o.target, seed: intOption('--seed', o.seed, 0) });
  }
  throw new Error('give --dataset DIR (Planetoid TSV layout) or --db KG.sqlite');
}

function printHuman(r: NodeClassificationReport): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${r.model.toUpperCase()} on ${r.dataset}: ${r.nodes} nodes, ${r.edges} edges, ${r.features} features, ${r.classes} classes`,
    `split train/val/test: ${r.split.train}/${r.split.val}/${r.split.test}`,
    `test accuracy ${pct(r.test_accuracy)} ± ${pct(r.test_accuracy_std)} over ${r.seeds} seed(s)` +
      (r.published_test_accuracy !== undefined ? ` (paper: ${pct(r.published_test_accuracy)})` : ''),
    `val accuracy ${pct(r.val_accuracy)}; training ${r.train_seconds.toFixed(2)} s in all, ${r.mean_epochs} epochs on average`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command): void {
  program
    .command('gnn')
    .description('Train a graph neural network (2-layer GCN, Kipf & Welling 2017) for node classification')
    .option('--dataset <dir>', 'benchmark folder in the Planetoid TSV layout (<name>.nodes.tsv, .edges.tsv, .split.tsv)')
    .option('--db <file>', 'KG file to classify the entities of')
    .option('--task <task>', 'with --db: node-class', 'node-class')
    .option('--target <what>', 'with --db: what to predict (type = entities.type)', 'type')
    .option('--seeds <n>', 'train this many seeds and average', '10')
    .option('--seed <n>', 'first seed (and, with --db, the split seed)', '0')
    .option('--epochs <n>', 'maximum epochs (default 200)')
    .option('--hidden <n>', 'hidden units (default 16)')
    .option('--dropout <p>', 'dropout rate (default 0.5)')
    .option('--lr <x>', 'Adam learning rate (default 0.01)')
    .option('--weight-decay <x>', 'L2 on the first layer (default 5e-4)')
    .option('--patience <n>', 'early-stopping window on validation loss, 0 = off (default 10)')
    .option('--json', 'print one JSON object')
    .action(async (o: GnnOptions) => {
      const settings = settingsFrom(o);
      const seeds = intOption('--seeds', o.seeds, 1);
      const data = await loadData(o);
      if (!o.json) process.stderr.write(`training GCN on ${data.name} over ${seeds} seed(s)…\n`);
      const report = runNodeClassification(data, settings, seeds, intOption('--seed', o.seed, 0));
      if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else printHuman(report);
    });
}
