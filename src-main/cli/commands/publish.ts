import { Command, Option } from 'commander';
import { interruptSignal, openService, printJson, stderrProgress, wholeNumber } from '../cli-support.js';

interface PublishFlags {
  db: string;
  endpoint: string;
  graph?: string;
  only?: 'derived' | 'model';
  user?: string;
  password?: string;
  batchSize: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('publish')
    .description("send the KG's asserted triples (or only derived / model ones) to a SPARQL 1.1 store as INSERT DATA updates")
    .requiredOption('--db <file>', 'KG file')
    .requiredOption('--endpoint <url>', 'SPARQL update endpoint URL (e.g. Virtuoso: http://HOST:8890/sparql-auth)')
    .option('--graph <iri>', 'named graph to insert into (default: the store default graph)')
    .addOption(new Option('--only <which>', 'only the derived triples, or only those a model wrote').choices(['derived', 'model']))
    .option('--user <name>', 'user for HTTP Basic or Digest authentication')
    .option('--password <secret>', 'password for --user')
    .option('--batch-size <n>', 'triples per update', wholeNumber('--batch-size', { min: 1, max: 100_000 }), 1000)
    .option('--json', 'print the result as JSON')
    .action(async (opts: PublishFlags) => {
      if (opts.password !== undefined && opts.user === undefined) throw new Error('--password needs --user');
      const service = openService(opts.db);
      try {
        const r = await service.call(
          'sparql.publish',
          { endpoint: opts.endpoint, graph: opts.graph, only: opts.only, user: opts.user, password: opts.password, batchSize: opts.batchSize },
          { onProgress: stderrProgress(), signal: interruptSignal() },
        );
        if (opts.json) printJson(r);
        else process.stdout.write(`sent ${r.triples_sent} triples to ${r.endpoint}${r.graph ? ` <${r.graph}>` : ''} in ${r.batches} batches (${r.seconds.toFixed(1)} s)\n`);
      } finally {
        service.close();
      }
    });
}
