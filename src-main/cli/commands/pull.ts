import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { interruptSignal, openService, printJson, realNumber, stderrProgress, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('pull')
    .description('import the triples of a CONSTRUCT/DESCRIBE (or SELECT ?s ?p ?o) query from a SPARQL endpoint, paged, in one transaction')
    .requiredOption('--db <file>', 'KG file (created when missing)')
    .requiredOption('--endpoint <url>', 'SPARQL endpoint URL')
    .requiredOption('--query <file>', 'the query (.rq)')
    .option('--page-size <n>', 'solutions per request (LIMIT/OFFSET paging; a page the endpoint cuts short, e.g. at Virtuoso\'s ResultSetMaxRows, is paged past and reported in warnings)', wholeNumber('--page-size', { min: 1, max: 1_000_000 }), 10_000)
    .option('--timeout <seconds>', 'per request (default 60)', realNumber('--timeout', { min: 0.1, max: 3600 }))
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db: string; endpoint: string; query: string; pageSize: number; timeout?: number; json?: boolean }) => {
      const query = readFileSync(opts.query, 'utf8');
      // Like import, a pull can start a new KG file.
      const service = openService(opts.db, true);
      try {
        const r = await service.call(
          'sparql.pull',
          { endpoint: opts.endpoint, query, pageSize: opts.pageSize, timeoutMs: opts.timeout === undefined ? undefined : Math.round(opts.timeout * 1000) },
          { onProgress: stderrProgress(), signal: interruptSignal() },
        );
        for (const warning of r.warnings) process.stderr.write(`warning: ${warning}\n`);
        if (opts.json) printJson(r);
        else process.stdout.write(`pulled ${r.triples_read} triples from ${r.endpoint} in ${r.pages} pages: ${r.triples_added} added, ${r.duplicates} already there (${r.seconds.toFixed(1)} s)\n`);
      } finally {
        service.close();
      }
    });
}
