/**
 * Times Relata's GCN training epoch on a graph written by synthetic-graph.ts; prints one JSON line.
 * Usage: node --import tsx bench/gnn/gcn-epoch.ts PREFIX EPOCHS
 */
import { csrFromCoo, normalizedAdjacency, rowNormalize } from '../../src-main/core/gnn/kernels/csr-matrix.js';
import { gcnGraph, NO_DROPOUT } from '../../src-main/core/gnn/models/gcn-model.js';
import { GCN_DEFAULTS, GcnTrainer } from '../../src-main/core/gnn/training/train-gcn.js';
import { readSyntheticGraph } from './synthetic-graph.js';

const [prefix, epochsArg] = process.argv.slice(2);
const epochs = Number(epochsArg ?? 5);
const rssMb = () => process.resourceUsage().maxRSS / 1024;

const rssBefore = rssMb();
const g = readSyntheticGraph(prefix);
const { nodes, features, classes } = g.spec;
const t0 = performance.now();
const adjacency = normalizedAdjacency(nodes, g.src, g.dst);
const x = csrFromCoo(nodes, features, g.frow, g.fcol);
const graph = gcnGraph(adjacency, rowNormalize({ ...x, values: new Float32Array(x.values.length).fill(1) }));
const preprocessSeconds = (performance.now() - t0) / 1000;

const trainer = new GcnTrainer(graph, classes, g.labels, g.train, GCN_DEFAULTS, 0);
trainer.step(); // warm-up: JIT compilation
const t1 = performance.now();
let loss = NaN;
for (let e = 0; e < epochs; e++) loss = trainer.step();
const perEpoch = (performance.now() - t1) / 1000 / epochs;
const t2 = performance.now();
trainer.model.forward(NO_DROPOUT);
const inference = (performance.now() - t2) / 1000;

process.stdout.write(
  `${JSON.stringify({
    implementation: 'relata',
    node: process.version,
    nodes,
    undirected_edges: g.spec.edges,
    adjacency_nnz: adjacency.colIdx.length,
    feature_nnz: graph.features.colIdx.length,
    epochs_timed: epochs,
    seconds_per_epoch: perEpoch,
    inference_seconds: inference,
    preprocess_seconds: preprocessSeconds,
    final_train_loss: loss,
    peak_rss_mb: rssMb(),
    rss_before_graph_mb: rssBefore,
  })}\n`,
);
