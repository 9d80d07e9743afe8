import type { Command } from 'commander';
import { openService, printJson, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('similar')
    .description('nearest entities to ENTITY in a stored model\'s embedding space (cosine similarity)')
    .argument('<entity>', 'entity key')
    .requiredOption('--db <file>', 'KG file')
    .requiredOption('--model <name>', 'model stored in the KG (`relata models`)')
    .option('--top <n>', 'neighbours to list (the entity itself is first)', wholeNumber('--top', { min: 1, max: 10_000 }), 10)
    .option('--json', 'print one JSON object on stdout')
    .action(async (entity: string, o: { db: string; model: string; top: number; json?: boolean }) => {
      const service = openService(o.db);
      try {
        const r = await service.call('model.similar', { model: o.model, entity, top: o.top });
        if (o.json) return printJson(r);
        for (const n of r.neighbours) process.stdout.write(`${n.cosine.toFixed(4)}  ${n.entity}${n.label !== n.entity ? `  (${n.label})` : ''}\n`);
      } finally {
        service.close();
      }
    });
}
