import type { Command } from 'commander';
import { openService, printJson, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('search')
    .description('find entities by label, alias or key (full-text, prefix matching)')
    .argument('<text>', 'words to look for')
    .requiredOption('--db <file>', 'KG file')
    .option('--limit <n>', 'most results', wholeNumber('--limit', { min: 1, max: 200 }), 20)
    .option('--json', 'print the result as JSON')
    .action(async (text: string, opts: { db: string; limit: number; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const hits = await service.call('entity.search', { text, limit: opts.limit });
        if (opts.json) return printJson({ results: hits });
        for (const h of hits) process.stdout.write(`${h.key}\t${h.label}\t${h.type ?? ''}\tdegree ${h.degree}\n`);
      } finally {
        service.close();
      }
    });
}
