import type { Command } from 'commander';
import { openService, printJson } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('models')
    .description('list the embedding models stored in a KG (by `relata train --db`)')
    .requiredOption('--db <file>', 'KG file')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { db: string; json?: boolean }) => {
      const service = openService(o.db);
      try {
        const models = await service.call('model.list', {});
        if (o.json) return printJson({ models });
        if (models.length === 0) process.stdout.write('no stored models (train one with `relata train --db KG`)\n');
        for (const m of models) {
          const mrr = typeof m.metrics?.mrr === 'number' ? ` test MRR ${m.metrics.mrr.toFixed(4)}` : '';
          process.stdout.write(`${m.name}  ${m.kind} dim ${m.settings.dim}, ${m.entityCount} entities, ${m.relationCount} relations,${mrr}, ${m.curve.length} epochs, ${m.createdAt}\n`);
        }
      } finally {
        service.close();
      }
    });
}
