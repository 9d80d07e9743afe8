import type { Command } from 'commander';
import { startServer } from '../../server/http-server.js';
import { RelataService } from '../../core/api/handlers.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the Relata UI and API on 127.0.0.1 (the browser face)')
    .requiredOption('--db <file>', 'KG file (created if missing)')
    .option('--port <n>', 'port (0 = any free port)', '0')
    .option('--token <token>', 'access token (default: a new random one per run)')
    .option('--no-open-hint', 'do not print the "open this URL" line')
    .action(async (opts: { db: string; port: string; token?: string }) => {
      const service = new RelataService(opts.db, true);
      const server = await startServer(service, { port: Number(opts.port), token: opts.token ?? process.env.RELATA_TOKEN });
      process.stdout.write(`Relata is serving ${opts.db} at ${server.url}\n`);
      const stop = (): void => {
        void server.close().then(() => {
          service.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => undefined);
    });
}
