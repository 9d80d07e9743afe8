/** relata gnn: GCN / R-GCN node classification and R-GCN + DistMult link prediction runs (the gnn.run call). */
import { Option, type Command } from 'commander';
import type { GnnLinkPredReport, GnnNodeClassReport } from '../../contract/learning-reports.js';
import { fileService, openService, realNumber, wholeNumber } from '../cli-support.js';

interface GnnOptions {
  dataset?: string;
  db?: string;
  task: 'node-class' | 'link-pred';
  target: string;
  model: 'gcn' | 'rgcn';
  seeds?: number;
  seed: number;
  relation?: string;
  dim?: number;
  layers?: number;
  bases?: number;
  negatives?: number;
  compareDistmult?: boolean;
  out?: string;
  loss?: 'bce' | 'ce';
  batchSize?: number;
  epochs?: number;
  hidden?: number;
  dropout?: number;
  lr?: number;
  weightDecay?: number;
  patience?: number;
  features?: string;
  json?: boolean;
}

function printLinkPrediction(report: GnnLinkPredReport): void {
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

function printNodeClassification(r: GnnNodeClassReport): void {
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
    .addOption(new Option('--task <task>', 'node-class (GCN or R-GCN) or link-pred (R-GCN encoder + DistMult decoder)').choices(['node-class', 'link-pred']).default('node-class'))
    .option('--target <what>', 'node-class with --db: what to predict: type (entities.type) or prop:PREDICATE (the object of that predicate)', 'type')
    .addOption(new Option('--model <name>', 'node-class: gcn or rgcn (one weight per relation type, basis decomposition)').choices(['gcn', 'rgcn']).default('gcn'))
    .option(
      '--features <groups>',
      'node-class with --db: comma-separated feature groups: predicates, neighbour-labels, types (property targets), degree, text (bag of words of literal values), ' +
        'embedding:NAME (a stored embedding model or GNN embeddings; model:NAME or gnn:NAME to choose). Default: predicates,neighbour-labels,degree (+types for prop: targets)',
    )
    .option('--relation <name>', 'link-pred: hold out this relation\'s triples (random 80/10/10) and rank them')
    .option('--seeds <n>', 'train this many seeds and average (default 10 for node-class, 1 for link-pred)', wholeNumber('--seeds', { min: 1, max: 1000 }))
    .option('--seed <n>', 'first seed (and the seed of any random split)', wholeNumber('--seed', { min: 0 }), 0)
    .option('--epochs <n>', 'maximum epochs (default 200; R-GCN node-class 50)', wholeNumber('--epochs', { min: 1 }))
    .option('--hidden <n>', 'hidden units (default 16; link-pred: embedding size, default 64)', wholeNumber('--hidden', { min: 1 }))
    .option('--dim <n>', 'link-pred: embedding size (default 64)', wholeNumber('--dim', { min: 1 }))
    .option('--layers <n>', 'link-pred: R-GCN layers, 0 = DistMult alone (default 1)', wholeNumber('--layers', { min: 0 }))
    .option('--bases <n>', 'R-GCN: basis matrices shared by the relations (default 2 for link-pred, 10 for node-class)', wholeNumber('--bases', { min: 1 }))
    .option('--negatives <n>', 'link-pred: negatives per positive triple (default 10)', wholeNumber('--negatives', { min: 1 }))
    .addOption(new Option('--loss <name>', 'link-pred: bce (sampled negatives, the paper\'s; 200 epochs) or ce (1-vs-all, reciprocal relations; 20 epochs)').choices(['bce', 'ce']))
    .option('--batch-size <n>', 'link-pred with --loss ce: queries per step (default 1024)', wholeNumber('--batch-size', { min: 1 }))
    .option('--compare-distmult', 'link-pred: also train DistMult alone on the same split, as a baseline')
    .option('--out <file>', 'link-pred: save the entity and relation embeddings as a DistMult model file (.rkge, read by relata eval)')
    .option('--dropout <p>', 'dropout rate (default 0.5)', realNumber('--dropout', { min: 0, max: 0.99 }))
    .option('--lr <x>', 'Adam learning rate (default 0.01)', realNumber('--lr', { min: 0, max: 10 }))
    .option('--weight-decay <x>', 'L2 on the first layer (default 5e-4)', realNumber('--weight-decay', { min: 0, max: 10 }))
    .option('--patience <n>', 'early-stopping window on validation loss, 0 = off (default 10)', wholeNumber('--patience', { min: 0 }))
    .option('--json', 'print one JSON object')
    .action(async (o: GnnOptions) => {
      if (o.dataset && o.db) throw new Error('give either --dataset or --db, not both');
      if (!o.dataset && !o.db) throw new Error('give --dataset DIR (Planetoid TSV layout) or --db KG.sqlite');
      if (o.features !== undefined && (o.task !== 'node-class' || !o.db)) throw new Error('--features is for --task node-class with --db (a --dataset folder brings its own features)');
      const service = o.db ? openService(o.db) : fileService();
      try {
        const r = await service.call(
          'gnn.run',
          {
            task: o.task, dataset: o.dataset, target: o.target, model: o.model, relation: o.relation, seeds: o.seeds, seed: o.seed, compareDistmult: o.compareDistmult, out: o.out,
            features: o.features?.split(',').map((f) => f.trim()).filter(Boolean),
            settings: {
              epochs: o.epochs, hidden: o.hidden, dim: o.dim, layers: o.layers, bases: o.bases, negatives: o.negatives, loss: o.loss, batchSize: o.batchSize,
              dropout: o.dropout, learningRate: o.lr, weightDecay: o.weightDecay, patience: o.patience,
            },
          },
          // Node classification's one line is for people; link prediction reports each seed as it goes.
          { onProgress: (e) => (o.json && o.task === 'node-class' ? undefined : process.stderr.write(`${e.phase}\n`)) },
        );
        if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
        if (o.task === 'link-pred') printLinkPrediction(r as GnnLinkPredReport);
        else printNodeClassification(r as GnnNodeClassReport);
      } finally {
        service.close();
      }
    });
}
