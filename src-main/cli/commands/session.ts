import type { Command } from 'commander';
import { openService, parseNumber, printJson } from '../cli-support.js';

export function register(program: Command): void {
  const session = program.command('session').description('reasoning sessions stored in the KG');
  session
    .command('list')
    .requiredOption('--db <file>', 'KG file')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db: string; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const list = await service.call('session.list', {});
        if (opts.json) return printJson({ sessions: list });
        for (const s of list) process.stdout.write(`${s.id}\t${s.name}\t${s.steps} steps\t${s.createdAt}\n`);
      } finally {
        service.close();
      }
    });
  session
    .command('export')
    .argument('<id>', 'session id')
    .requiredOption('--db <file>', 'KG file')
    .requiredOption('--out <file>', 'report file (.html or .md)')
    .option('--json', 'print the result ({format, path}) as JSON')
    .action(async (id: string, opts: { db: string; out: string; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const format = opts.out.toLowerCase().endsWith('.md') ? 'md' : 'html';
        const r = await service.call('session.export', { id: parseNumber('<id>', id, { integer: true }), format, path: opts.out });
        if (opts.json) return printJson({ format: r.format, path: r.path });
        process.stdout.write(`wrote ${r.path}\n`);
      } finally {
        service.close();
      }
    });
  session
    .command('rerun')
    .argument('<id>', 'session id')
    .requiredOption('--db <file>', 'KG file')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, opts: { db: string; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const steps = await service.call('session.rerun', { id: parseNumber('<id>', id, { integer: true }) });
        if (opts.json) return printJson({ steps });
        for (const s of steps) process.stdout.write(`${s.changed ? 'changed' : 'same   '}  ${s.title}${s.error ? ` (${s.error})` : ''}\n`);
      } finally {
        service.close();
      }
    });
}
