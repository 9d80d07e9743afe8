import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { sparqlForm } from '../../core/sparql/sparql-query.js';
import { fileService, interruptSignal, openService, printJson, realNumber } from '../cli-support.js';

interface SparqlOptions {
  db?: string;
  file?: string;
  endpoint?: string;
  format: 'json' | 'xml' | 'csv' | 'tsv' | 'nt' | 'ttl';
  derived?: boolean;
  graphs: 'union' | 'separate';
  timeout?: number;
  stats?: boolean;
}

const SYNTAX_ERROR = /^\d+:\d+: /;

export function register(program: Command): void {
  program
    .command('sparql')
    .description('run a SPARQL 1.1 query (or update) over a KG, or a query against a SPARQL endpoint; prints the standard results document')
    .argument('[query]', 'the query text (or --file)')
    .option('--db <file>', 'KG file')
    .option('--file <file>', 'read the query from a file (.rq / .ru)')
    .option('--endpoint <url>', 'run the query against this SPARQL endpoint instead of a KG')
    .addOption(new Option('--format <format>', 'results format: json|xml|csv|tsv for solutions; nt|ttl (or xml: RDF/XML) for CONSTRUCT/DESCRIBE').choices(['json', 'xml', 'csv', 'tsv', 'nt', 'ttl']).default('json'))
    .option('--derived', 'include derived triples (rules, materialisation)')
    .addOption(new Option('--graphs <mode>', 'named-graph triples also in the default graph (union, as export) or only in their graph').choices(['union', 'separate']).default('union'))
    .option('--timeout <seconds>', 'stop the query after this long (endpoint default: 60)', realNumber('--timeout', { min: 0.1, max: 3600 }))
    .option('--stats', 'print counts and timings on stderr')
    .action(async (queryArg: string | undefined, opts: SparqlOptions) => {
      if ((queryArg === undefined) === (opts.file === undefined)) throw new Error('give the query as an argument or with --file, not both');
      const text = opts.file !== undefined ? readFileSync(opts.file, 'utf8') : queryArg!;
      if (!opts.endpoint && !opts.db) throw new Error('--db KG.sqlite or --endpoint URL is required');
      const service = opts.endpoint && !opts.db ? fileService() : openService(opts.db);
      try {
        if (!opts.endpoint && sparqlForm(text) === 'update') {
          const r = await service.call('sparql.update', { update: text, graphs: opts.graphs });
          if (opts.stats) process.stderr.write(`update: ${r.inserted} inserted, ${r.deleted} deleted, ${r.regraphed} moved between graphs in ${r.updateMs.toFixed(0)} ms (load ${r.loadMs.toFixed(0)} ms)\n`);
          return printJson(r);
        }
        const r = await service.call(
          'sparql.query',
          { query: text, format: opts.format, derived: opts.derived ?? false, graphs: opts.graphs, endpoint: opts.endpoint, timeoutMs: opts.timeout === undefined ? undefined : Math.round(opts.timeout * 1000) },
          // A local query runs in this thread, where Ctrl+C ends the process; an endpoint request is cancelled cleanly.
          opts.endpoint ? { signal: interruptSignal() } : {},
        );
        process.stdout.write(r.body.endsWith('\n') ? r.body : `${r.body}\n`);
        if (opts.stats) {
          const what = r.form === 'ask' ? 'boolean' : r.form === 'select' ? `${r.count} solutions` : `${r.count} triples`;
          process.stderr.write(`${r.form}: ${what} in ${r.queryMs.toFixed(1)} ms${r.source === 'kg' ? ` (load ${r.loadMs.toFixed(0)} ms, ${r.quads} quads)` : ` from ${r.source}`}\n`);
        }
      } catch (err) {
        const message = (err as Error).message;
        if (!SYNTAX_ERROR.test(message)) throw err;
        process.stderr.write(`${message}\n`);
        process.exitCode = 1;
      } finally {
        service.close();
      }
    });
}
