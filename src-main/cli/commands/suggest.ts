import type { Command } from 'commander';
import { openService, printJson, wholeNumber } from '../cli-support.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command('suggest')
    .description('likely missing triples by a stored model, best first: a review queue (accept/reject with the model.review call)')
    .requiredOption('--db <file>', 'KG file')
    .requiredOption('--model <name>', 'model stored in the KG (`relata models`)')
    .option('--relation <key>', 'only this relation')
    .option('--entity <key>', 'only links from or to this entity (repeatable)', collect, [])
    .option('--top <n>', 'suggestions to list', wholeNumber('--top', { min: 1, max: 10_000 }), 20)
    .option('--max-anchors <n>', 'without --entity: score links from at most N best-connected entities', wholeNumber('--max-anchors', { min: 1, max: 1_000_000 }), 1000)
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { db: string; model: string; relation?: string; entity: string[]; top: number; maxAnchors: number; json?: boolean }) => {
      const service = openService(o.db);
      try {
        const r = await service.call('model.suggest', { model: o.model, relation: o.relation, entities: o.entity.length ? o.entity : undefined, top: o.top, maxAnchors: o.maxAnchors });
        if (o.json) return printJson(r);
        for (const [i, s] of r.suggestions.entries()) {
          process.stdout.write(`${String(i + 1).padStart(3)}  p=${s.probability.toFixed(4)}  ${s.subject} -${s.predicate}-> ${s.object}\n`);
        }
        process.stderr.write(`${r.queries} queries over ${r.anchors} entities${r.truncated ? ' (best-connected only)' : ''}\n`);
      } finally {
        service.close();
      }
    });
}
