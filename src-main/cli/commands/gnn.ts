import type { Command } from 'commander';
import { loadPlanetoidTsv } from '../../core/gnn/datasets/planetoid-tsv.js';
import { runNodeClassification, type NodeClassificationReport } from '../../core/gnn/training/node-classification-report.js';
import type { GcnSettings } from '../../core/gnn/training/train-gcn.js';
import type { NodeClassificationInput, NodeModelName } from '../../core/gnn/training/train-node-classifier.js';
import type { RgcnNodeSettings } from '../../core/gnn/models/rgcn-node-model.js';
import type { RgcnLinkSettings } from '../../core/gnn/models/rgcn-link-prediction.js';

interface GnnOptions {
  dataset?: string;
  db?: string;
  task: string;
  target: string;
  model: string;
  seeds?: string;
  seed: string;
  relation?: string;
  dim?: string;
  layers?: string;
  bases?: string;
  negatives?: string;
  compareDistmult?: boolean;
  out?: string;
  loss?: string;
  batchSize?: string;
  epochs?: string;
  hidden?: string;
  dropout?: string;
  lr?: string;
  weightDecay?: string;
  patience?: string;
  features?: string;
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

function rgcnSettingsFrom(o: GnnOptions): Partial<RgcnNodeSettings> {
  if (o.dropout !== undefined) throw new Error('--dropout is for --model gcn (R-GCN trains without dropout, as the paper)');
  const s: { -readonly [K in keyof RgcnNodeSettings]?: RgcnNodeSettings[K] } = {};
  if (o.epochs !== undefined) s.epochs = intOption('--epochs', o.epochs, 1);
  if (o.hidden !== undefined) s.hidden = intOption('--hidden', o.hidden, 1);
  if (o.bases !== undefined) s.bases = intOption('--bases', o.bases, 1);
  if (o.lr !== undefined) s.learningRate = numberOption('--lr', o.lr, 0, 10);
  if (o.weightDecay !== undefined) s.weightDecay = numberOption('--weight-decay', o.weightDecay, 0, 10);
  if (o.patience !== undefined) s.earlyStoppingWindow = intOption('--patience', o.patience, 0);
  return s;
}

function linkSettingsFrom(o: GnnOptions): Partial<RgcnLinkSettings> {
  const s: { -readonly [K in keyof RgcnLinkSettings]?: RgcnLinkSettings[K] } = {};
  if (o.epochs !== undefined) s.epochs = intOption('--epochs', o.epochs, 1);
  if (o.dim !== undefined) s.dim = intOption('--dim', o.dim, 1);
  if (o.hidden !== undefined) s.dim = intOption('--hidden', o.hidden, 1);
  if (o.layers !== undefined) s.layers = intOption('--layers', o.layers, 0);
  if (o.bases !== undefined) s.bases = intOption('--bases', o.bases, 1);
  if (o.negatives !== undefined) s.negatives = intOption('--negatives', o.negatives, 1);
  if (o.lr !== undefined) s.learningRate = numberOption('--lr', o.lr, 0, 10);
  if (o.batchSize !== undefined) s.batchSize = intOption('--batch-size', o.batchSize, 1);
  if (o.loss !== undefined) {
    if (o.loss !== 'bce' && o.loss !== 'ce') throw new Error(`unknown --loss "${o.loss}" (bce or ce)`);
    s.loss = o.loss;
  }
  return s;
}

async function runLinkPredictionCommand(o: GnnOptions): Promise<void> {
  const { loadLinkPrediction, runLinkPrediction } = await import('../../core/gnn/training/link-prediction-report.js');
  const settings = linkSettingsFrom(o);
  const seeds = intOption('--seeds', o.seeds ?? '1', 1);
  const splitSeed = intOption('--seed', o.seed, 0);
  const loaded = loadLinkPrediction({ dataset: o.dataset, db: o.db, relation: o.relation, splitSeed });
  const report = runLinkPrediction(loaded, settings, seeds, {
    firstSeed: splitSeed,
    compareDistmult: o.compareDistmult,
    out: o.out,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  if (o.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const row = (name: string, r: { test_mrr: number; test_hits_at_1: number; test_hits_at_3: number; test_hits_at_10: number; train_seconds: number }) =>
    `${name.padEnd(14)} MRR ${r.test_mrr.toFixed(3)}  Hits@1 ${r.test_hits_at_1.toFixed(3)}  Hits@3 ${r.test_hits_at_3.toFixed(3)}  Hits@10 ${r.test_hits_at_10.toFixed(3)}  (${r.train_seconds.toFixed(1)} s)`;
  const lines = [
    `${report.dataset}: ${report.entities} entities, ${report.relations} relations; split ${report.split}; train/valid/test ${report.triples.train}/${report.triples.valid}/${report.triples.test}`,
    `filtered test ranking over ${report.seeds} seed(s):`,
    row(report.model, report),
    ...(report.baseline ? [row(report.baseline.model, report.baseline)] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function loadData(o: GnnOptions): Promise<NodeClassificationInput> {
  if (o.dataset) return loadPlanetoidTsv(o.dataset);
  if (o.db) {
    const { loadKgNodeClassification } = await import('../../core/gnn/kg/classification-data.js');
    const features = o.features === undefined ? undefined : o.features.split(',').map((f) => f.trim()).filter(Boolean);
    return loadKgNodeClassification(o.db, { target: o.target, seed: intOption('--seed', o.seed, 0), features });
  }
  throw new Error('give --dataset DIR (Planetoid TSV layout) or --db KG.sqlite');
}

function printHuman(r: NodeClassificationReport): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${r.model === 'rgcn' ? 'R-GCN' : 'GCN'} on ${r.dataset}: ${r.nodes} nodes, ${r.edges} edges, ${r.features} features, ${r.classes} classes`,
    ...(r.feature_blocks ? [`features: ${r.feature_blocks.map((b) => `${b.group} ${b.size}`).join(', ')}`] : []),
    `split train/val/test: ${r.split.train}/${r.split.val}/${r.split.test}`,
    `test accuracy ${pct(r.test_accuracy)} ± ${pct(r.test_accuracy_std)} over ${r.seeds} seed(s)` +
      (r.published_test_accuracy !== undefined ? ` (paper: ${pct(r.published_test_accuracy)})` : ''),
    `majority class ${pct(r.majority_accuracy)}; val accuracy ${pct(r.val_accuracy)}; training ${r.train_seconds.toFixed(2)} s in all, ${r.mean_epochs} epochs on average`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command): void {
  program
    .command('gnn')
    .description('Graph neural networks: GCN (Kipf & Welling 2017) or R-GCN (Schlichtkrull et al. 2018) node classification, R-GCN + DistMult link prediction')
    .option('--dataset <dir>', 'node-class: Planetoid TSV folder (<name>.nodes.tsv, .edges.tsv, .split.tsv); link-pred: triples.tsv or train/valid/test.txt folder')
    .option('--db <file>', 'KG file: node-class classifies its entities; link-pred ranks its entity-to-entity triples')
    .option('--task <task>', 'node-class (GCN or R-GCN) or link-pred (R-GCN encoder + DistMult decoder)', 'node-class')
    .option('--target <what>', 'node-class with --db: what to predict: type (entities.type) or prop:PREDICATE (the object of that predicate)', 'type')
    .option('--model <name>', 'node-class: gcn or rgcn (one weight per relation type, basis decomposition)', 'gcn')
    .option(
      '--features <groups>',
      'node-class with --db: comma-separated feature groups: predicates, neighbour-labels, types (property targets), degree, text (bag of words of literal values), ' +
        'embedding:NAME (a stored embedding model or GNN embeddings; model:NAME or gnn:NAME to choose). Default: predicates,neighbour-labels,degree (+types for prop: targets)',
    )
    .option('--relation <name>', 'link-pred: hold out this relation\'s triples (random 80/10/10) and rank them')
    .option('--seeds <n>', 'train this many seeds and average (default 10 for node-class, 1 for link-pred)')
    .option('--seed <n>', 'first seed (and the seed of any random split)', '0')
    .option('--epochs <n>', 'maximum epochs (default 200; R-GCN node-class 50)')
    .option('--hidden <n>', 'hidden units (default 16; link-pred: embedding size, default 64)')
    .option('--dim <n>', 'link-pred: embedding size (default 64)')
    .option('--layers <n>', 'link-pred: R-GCN layers, 0 = DistMult alone (default 1)')
    .option('--bases <n>', 'R-GCN: basis matrices shared by the relations (default 2 for link-pred, 10 for node-class)')
    .option('--negatives <n>', 'link-pred: negatives per positive triple (default 10)')
    .option('--loss <name>', 'link-pred: bce (sampled negatives, the paper\'s; 200 epochs) or ce (1-vs-all, reciprocal relations; 20 epochs)')
    .option('--batch-size <n>', 'link-pred with --loss ce: queries per step (default 1024)')
    .option('--compare-distmult', 'link-pred: also train DistMult alone on the same split, as a baseline')
    .option('--out <file>', 'link-pred: save the entity and relation embeddings as a DistMult model file (.rkge, read by relata eval)')
    .option('--dropout <p>', 'dropout rate (default 0.5)')
    .option('--lr <x>', 'Adam learning rate (default 0.01)')
    .option('--weight-decay <x>', 'L2 on the first layer (default 5e-4)')
    .option('--patience <n>', 'early-stopping window on validation loss, 0 = off (default 10)')
    .option('--json', 'print one JSON object')
    .action(async (o: GnnOptions) => {
      if (o.dataset && o.db) throw new Error('give either --dataset or --db, not both');
      if (o.features !== undefined && (o.task !== 'node-class' || !o.db)) throw new Error('--features is for --task node-class with --db (a --dataset folder brings its own features)');
      if (o.task === 'link-pred') return runLinkPredictionCommand(o);
      if (o.out) throw new Error('--out is for --task link-pred');
      if (o.task !== 'node-class') throw new Error(`unknown --task "${o.task}" (supported: node-class, link-pred)`);
      if (o.model !== 'gcn' && o.model !== 'rgcn') throw new Error(`unknown --model "${o.model}" (gcn or rgcn)`);
      const model: NodeModelName = o.model;
      const choice = model === 'gcn' ? { model, gcn: settingsFrom(o) } : { model, rgcn: rgcnSettingsFrom(o) };
      const seeds = intOption('--seeds', o.seeds ?? '10', 1);
      const data = await loadData(o);
      if (!o.json) process.stderr.write(`training ${model === 'gcn' ? 'GCN' : 'R-GCN'} on ${data.name} over ${seeds} seed(s)…\n`);
      const report = runNodeClassification(data, choice, seeds, intOption('--seed', o.seed, 0));
      if (o.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else printHuman(report);
    });
}
