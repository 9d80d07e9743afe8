import type { Command } from 'commander';
import { openService, printJson } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('stats')
    .description('count entities, predicates, triples (per split, type and predicate)')
    .requiredOption('--db <file>', 'KG file')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db: string; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const stats = await service.call('kg.stats', {});
        if (opts.json) return printJson(stats);
        const lines = [
          `entities:   ${stats.entities}`,
          `predicates: ${stats.predicates}`,
          `triples:    ${stats.triples} (${stats.derived} derived)`,
          `literals:   ${stats.literals}`,
        ];
        for (const [split, n] of Object.entries(stats.splits)) lines.push(`  ${split}: ${n}`);
        if (stats.types.length) lines.push('types:', ...stats.types.slice(0, 20).map((t) => `  ${t.label}: ${t.count}`));
        lines.push('predicates by use:', ...stats.predicateCounts.slice(0, 20).map((p) => `  ${p.label}: ${p.count}`));
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        service.close();
      }
    });
}
