import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { openService, printJson } from '../cli-support.js';

export function register(program: Command): void {
  const feedback = program.command('feedback').description('human feedback kept with the KG');
  feedback
    .command('export')
    .description('write answers and their ratings as JSONL preference pairs (prompt, chosen, rejected) for reward models / DPO')
    .requiredOption('--db <file>', 'KG file')
    .option('--out <file>', 'JSONL file (default: stdout)')
    .option('--json', 'print a summary as JSON')
    .action(async (opts: { db: string; out?: string; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const pairs = await service.call('feedback.pairs', {});
        const jsonl = pairs.map((p) => JSON.stringify(p)).join('\n') + (pairs.length ? '\n' : '');
        if (opts.out) writeFileSync(opts.out, jsonl);
        else if (!opts.json) process.stdout.write(jsonl);
        if (opts.json) printJson({ pairs: pairs.length, file: opts.out ?? null });
      } finally {
        service.close();
      }
    });
}
