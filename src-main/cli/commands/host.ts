import type { Command } from 'commander';
import { RelataService } from '../../core/api/handlers.js';
import { serveStdio } from '../../server/stdio-session.js';

/** Internal: serves the API as JSON lines on stdin/stdout for the Electron main process. */
export function register(program: Command): void {
  program
    .command('host', { hidden: true })
    .description('serve the API as JSON lines on stdin/stdout (used by the Electron shell)')
    .option('--db <file>', 'KG file to open (created if missing)')
    .action(async (opts: { db?: string }) => {
      const service = new RelataService(opts.db, true);
      await serveStdio(service, process.stdin, process.stdout);
      service.close();
    });
}
