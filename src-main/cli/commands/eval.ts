import type { Command } from 'commander';
import { readBenchmarkSplits, datasetName, datasetWithVocabulary } from '../../core/embeddings/datasets/triple-datasets.js';
import { loadModelFile } from '../../core/embeddings/models/model-file.js';
import { evaluateTestSplit, defaultThreads } from '../../core/embeddings/training/train-and-evaluate.js';
import { metricsJson } from '../../core/embeddings/training/metrics-json.js';

interface EvalOptions {
  modelFile: string;
  dataset: string;
  threads?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('re-evaluate a stored model on a benchmark folder (filtered ranking on test.txt)')
    .requiredOption('--model-file <file>', 'model saved by `relata train --out`')
    .requiredOption('--dataset <dir>', 'benchmark folder with train.txt, valid.txt, test.txt')
    .option('--threads <n>', 'worker threads', (v) => Number.parseInt(v, 10))
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: EvalOptions) => {
      const { header, params } = loadModelFile(o.modelFile);
      const { dataset, dropped } = datasetWithVocabulary(datasetName(o.dataset), readBenchmarkSplits(o.dataset), header.entities, header.relations);
      if (dropped > 0) process.stderr.write(`relata: ${dropped} triples name entities or relations the model does not know; left out\n`);
      const ev = await evaluateTestSplit(params, dataset, o.threads ?? defaultThreads());
      const out = { model: header.model, dataset: dataset.name, model_file: o.modelFile, dim: header.dim, ...metricsJson(ev, dataset.relations), dropped_triples: dropped, engine: ev.engine, threads: o.threads ?? defaultThreads(), peak_rss_mb: process.resourceUsage().maxRSS / 1024 };
      if (o.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else process.stdout.write(`${out.model} on ${out.dataset}: MRR ${ev.mrr.toFixed(4)}  Hits@1 ${ev.hitsAt1.toFixed(4)}  Hits@3 ${ev.hitsAt3.toFixed(4)}  Hits@10 ${ev.hitsAt10.toFixed(4)}  (${ev.count} queries, ${ev.seconds.toFixed(2)} s)\n`);
    });
}
