import type { Command } from 'commander';
import { openService, printJson, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('paths')
    .description('paths between two entities: all shortest ones, or (--all) every simple path up to --max-hops')
    .argument('<from>', 'entity key')
    .argument('<to>', 'entity key')
    .requiredOption('--db <file>', 'KG file')
    .option('--all', 'every simple path, not only the shortest')
    .option('--max-hops <n>', 'longest path', wholeNumber('--max-hops', { min: 1, max: 8 }), 4)
    .option('--predicates <list>', 'only walk these predicates (comma-separated keys)')
    .option('--limit <n>', 'most paths', wholeNumber('--limit', { min: 1, max: 200 }), 20)
    .option('--json', 'print the result as JSON')
    .action(async (from: string, to: string, opts: { db: string; all?: boolean; maxHops: number; predicates?: string; limit: number; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const r = await service.call('graph.paths', {
          from, to, mode: opts.all ? 'all' : 'shortest', maxHops: opts.maxHops, limit: opts.limit,
          predicates: opts.predicates?.split(',').map((p) => p.trim()).filter(Boolean),
        });
        if (opts.json) return printJson(r);
        if (!r.paths.length) process.stdout.write(`no path of at most ${opts.maxHops} hops\n`);
        for (const p of r.paths) {
          process.stdout.write(`${p.map((s) => `${s.triple.subject.label} -${s.triple.predicate.label}-> ${s.triple.object.kind === 'entity' ? s.triple.object.label : s.triple.object.value}`).join(', ')}\n`);
        }
      } finally {
        service.close();
      }
    });
}
