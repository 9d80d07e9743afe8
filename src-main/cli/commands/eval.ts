/** relata eval: re-evaluate a model file on a benchmark folder (the embeddings.evaluate call). */
import type { Command } from 'commander';
import { fileService, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('eval')
    .description('re-evaluate a stored model on a benchmark folder (filtered ranking on test.txt)')
    .requiredOption('--model-file <file>', 'model saved by `relata train --out`')
    .requiredOption('--dataset <dir>', 'benchmark folder with train.txt, valid.txt, test.txt')
    .option('--threads <n>', 'worker threads', wholeNumber('--threads', { min: 1 }))
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { modelFile: string; dataset: string; threads?: number; json?: boolean }) => {
      const service = fileService();
      try {
        const r = await service.call('embeddings.evaluate', { modelFile: o.modelFile, dataset: o.dataset, threads: o.threads }, { onProgress: (e) => process.stderr.write(`relata: ${e.phase}\n`) });
        if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
        process.stdout.write(`${r.model} on ${r.dataset}: MRR ${r.mrr.toFixed(4)}  Hits@1 ${r.hits_at_1.toFixed(4)}  Hits@3 ${r.hits_at_3.toFixed(4)}  Hits@10 ${r.hits_at_10.toFixed(4)}  (${r.test_queries} queries, ${r.eval_seconds.toFixed(2)} s)\n`);
      } finally {
        service.close();
      }
    });
}
