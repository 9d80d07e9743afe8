import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { demoFiles } from '../../core/demo.js';
import { openService, printJson } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('create the bundled demo KG (science, a family, a medical part, corporate ownership)')
    .requiredOption('--db <file>', 'KG file to create')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db: string; json?: boolean }) => {
      if (existsSync(opts.db)) throw new Error(`${opts.db} already exists; the demo is written to a new file`);
      const service = openService(opts.db, true);
      try {
        const result = await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
        if (opts.json) printJson(result.stats);
        else process.stdout.write(`demo KG written to ${opts.db}: ${result.stats.entities} entities, ${result.stats.triples} triples\n`);
      } finally {
        service.close();
      }
    });
}
