import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_MAX_BODY_BYTES, startServer } from '../../server/http-server.js';
import { RelataService } from '../../core/api/handlers.js';
import { realNumber, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the Relata UI and API on 127.0.0.1 (the browser face)')
    .requiredOption('--db <file>', 'KG file (created if missing)')
    .option('--port <n>', 'port (0 = any free port)', wholeNumber('--port', { min: 0, max: 65535 }), 0)
    .option('--token <token>', 'access token (default: a new random one per run)')
    .option('--max-body-mib <n>', 'largest request body / WebSocket message in MiB (bigger imports go by path)', realNumber('--max-body-mib', { above: 0 }), DEFAULT_MAX_BODY_BYTES / 1048576)
    .option('--no-open-hint', 'do not print the "open this URL" line')
    .addOption(new Option('--ui <dir>', 'folder with the built UI (default: out/renderer)').hideHelp())
    .action(async (opts: { db: string; port: number; token?: string; maxBodyMib: number; ui?: string }) => {
      const service = new RelataService(opts.db, true);
      const server = await startServer(service, { port: opts.port, token: opts.token ?? process.env.RELATA_TOKEN, maxBodyBytes: Math.round(opts.maxBodyMib * 1048576), staticDir: opts.ui ? resolve(opts.ui) : undefined });
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
