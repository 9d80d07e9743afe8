import type { Command } from 'commander';
import { openService, printJson, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('explain-findings')
    .description('rank the likely causes of observed findings (e.g. diseases from symptoms), with what matched and what did not')
    .requiredOption('--db <file>', 'KG file')
    .requiredOption('--findings <list>', 'observed findings, comma-separated (keys, labels or aliases)')
    .requiredOption('--relation <predicate>', 'predicate linking a cause to a finding, e.g. presents')
    .option('--reverse', 'the relation runs finding → cause (default: detected from the data)')
    .option('--limit <n>', 'most candidates', wholeNumber('--limit', { min: 1, max: 1000 }), 20)
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db: string; findings: string; relation: string; reverse?: boolean; limit: number; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const findings = opts.findings.split(',').map((f) => f.trim()).filter(Boolean);
        const ranking = await service.call('findings.explain', { findings, relation: opts.relation, reverse: opts.reverse, limit: opts.limit });
        if (opts.json) return printJson(ranking);
        process.stdout.write(`findings: ${ranking.findings.map((f) => `${f.input} → ${f.label}`).join(', ')}\n`);
        for (const c of ranking.candidates) {
          process.stdout.write(
            `${c.rank}. ${c.label} (score ${c.score.toFixed(2)}): explains ${c.matched.map((m) => m.label).join(', ') || 'nothing'}` +
              `${c.unexplained.length ? `; not ${c.unexplained.map((m) => m.label).join(', ')}` : ''}` +
              `${c.missing.length ? `; usually also ${c.missing.slice(0, 4).map((m) => m.label).join(', ')}` : ''}\n`,
          );
        }
      } finally {
        service.close();
      }
    });
}
