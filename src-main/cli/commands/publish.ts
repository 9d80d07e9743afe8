import { Command, Option } from 'commander';
import { interruptSignal, openService, printJson, stderrProgress, wholeNumber } from '../cli-support.js';

interface PublishFlags {
  db: string;
  endpoint: string;
  graph?: string;
  only?: 'derived' | 'model';
  protocol: 'update' | 'gsp';
  user?: string;
  password?: string;
  batchSize?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('publish')
    .description("send the KG's asserted triples (or only derived / model ones) to a SPARQL 1.1 store, as INSERT DATA updates or by the Graph Store HTTP Protocol")
    .requiredOption('--db <file>', 'KG file')
    .requiredOption('--endpoint <url>', 'update endpoint (Virtuoso: http://HOST:8890/sparql-auth) or, with --protocol gsp, graph store (Virtuoso: http://HOST:8890/sparql-graph-crud-auth)')
    .addOption(new Option('--protocol <name>', 'update: INSERT DATA batches; gsp: Graph Store HTTP Protocol (with --graph, the graph is replaced by the KG\'s triples)').choices(['update', 'gsp']).default('update'))
    .option('--graph <iri>', 'named graph to insert into (default: the store default graph)')
    .addOption(new Option('--only <which>', 'only the derived triples, or only those a model wrote').choices(['derived', 'model']))
    .option('--user <name>', 'user for HTTP Basic or Digest authentication')
    .option('--password <secret>', 'password for --user')
    .option('--batch-size <n>', 'triples per request (default 1000 for update, 10000 for gsp)', wholeNumber('--batch-size', { min: 1, max: 100_000 }))
    .option('--json', 'print the result as JSON')
    .action(async (opts: PublishFlags) => {
      if (opts.password !== undefined && opts.user === undefined) throw new Error('--password needs --user');
      const service = openService(opts.db);
      try {
        const r = await service.call(
          'sparql.publish',
          { endpoint: opts.endpoint, protocol: opts.protocol, graph: opts.graph, only: opts.only, user: opts.user, password: opts.password, batchSize: opts.batchSize },
          { onProgress: stderrProgress(), signal: interruptSignal() },
        );
        if (opts.json) printJson(r);
        else process.stdout.write(`sent ${r.triples_sent} triples to ${r.endpoint}${r.graph ? ` <${r.graph}>` : ''} in ${r.batches} ${r.protocol === 'gsp' ? 'graph store requests' : 'updates'} (${r.seconds.toFixed(1)} s)\n`);
      } finally {
        service.close();
      }
    });
}
