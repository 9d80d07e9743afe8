/**
 * Relata's per-batch training time on a large KG (the counterpart of torch_kge_batches.py): the default
 * training loop, stopped through its cancel hook after BATCHES batches. Prints one JSON line.
 * usage: node --import tsx bench/embeddings/batch-speed.ts DATASET_DIR MODEL DIM BATCHES [BATCH] [LR] [THREADS]
 */
import { readBenchmarkFolder } from '../../src-main/core/embeddings/datasets/triple-datasets.js';
import { resolveTrainingConfig } from '../../src-main/core/embeddings/training/training-config.js';
import { trainEmbeddings } from '../../src-main/core/embeddings/training/train-embeddings.js';

const [dir, model, dim, batches, batch = '1000', lr = '0.01', threads = '2'] = process.argv.slice(2);
const ds = readBenchmarkFolder(dir);
const cfg = resolveTrainingConfig({
  model, dim: Number(dim), batchSize: Number(batch), learningRate: Number(lr), threads: Number(threads),
  optimizer: 'adam', regularizerWeight: 1e-3, epochs: 1, evalEvery: 1000,
});
let calls = 0;
const r = await trainEmbeddings(ds, cfg, { shouldCancel: () => ++calls > Number(batches) });
const perBatch = r.trainSeconds / Number(batches);
const perEpoch = Math.ceil((2 * ds.train.heads.length) / cfg.batchSize);
process.stdout.write(`${JSON.stringify({ dataset: ds.name, model, dim: cfg.dim, batches: Number(batches), batch: cfg.batchSize, threads: cfg.threads, s_per_batch: perBatch, batches_per_epoch: perEpoch, est_s_per_epoch: perBatch * perEpoch, peak_rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`);
