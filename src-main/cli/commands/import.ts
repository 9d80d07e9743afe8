import { Command, Option } from 'commander';
import { IMPORT_FORMATS, type ImportFormat } from '../../contract/types.js';
import type { CallInput } from '../../contract/api.js';
import { interruptSignal, openService, printJson, stderrProgress } from '../cli-support.js';

/** "subject=src,predicate=rel,object=dst,properties=a;b" → a column mapping. */
function parseMapping(text: string): NonNullable<CallInput<'kg.import'>['mapping']> {
  const mapping: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    const [role, value] = part.split('=').map((s) => s.trim());
    if (!role || value === undefined) throw new Error(`--map: "${part}" is not role=column`);
    const col = /^\d+$/.test(value) ? Number(value) : value;
    if (role === 'properties') mapping.properties = value.split(';').map((v) => (/^\d+$/.test(v) ? Number(v) : v));
    else if (['subject', 'predicate', 'object', 'confidence'].includes(role)) mapping[role] = col;
    else throw new Error(`--map: unknown role "${role}" (subject, predicate, object, confidence, properties)`);
  }
  return mapping;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import triples from files into a KG (all files land, or none)')
    .argument('<files...>', 'files to import (or a benchmark folder with train/valid/test.txt)')
    .requiredOption('--db <file>', 'KG file (created if missing)')
    .addOption(new Option('--format <format>', 'input format (default: from the extension)').choices([...IMPORT_FORMATS]))
    .option('--header', 'the first row of a TSV/CSV file is a header')
    .option('--no-header', 'the first row of a TSV/CSV file is data')
    .option('--map <mapping>', 'CSV/TSV columns, e.g. subject=src,predicate=rel,object=dst,confidence=p,properties=date;source')
    .option('--predicate <key>', 'use this predicate for every row (edge lists without a predicate column)')
    .option('--skip-bad', 'skip and report bad lines instead of stopping at the first')
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], opts: { db: string; format?: ImportFormat; header?: boolean; map?: string; predicate?: string; skipBad?: boolean; json?: boolean }) => {
      const service = openService(opts.db, true);
      try {
        const mapping = opts.map || opts.predicate ? { ...(opts.map ? parseMapping(opts.map) : {}), ...(opts.predicate ? { constantPredicate: opts.predicate } : {}) } : undefined;
        const result = await service.call(
          'kg.import',
          { files: files.map((path) => ({ path })), format: opts.format, header: opts.header, skipBad: !!opts.skipBad, mapping },
          { onProgress: stderrProgress(), signal: interruptSignal() },
        );
        if (opts.json) return printJson(result);
        for (const f of result.files) {
          process.stdout.write(`${f.file}: ${f.read} rows read, ${f.added} triples added, ${f.duplicates} duplicates (${f.format}, ${f.seconds.toFixed(2)} s)\n`);
          for (const bad of f.skipped) process.stdout.write(`  skipped ${bad.file}:${bad.line}: ${bad.message}\n`);
        }
        const s = result.stats;
        process.stdout.write(`KG now has ${s.entities} entities, ${s.predicates} predicates, ${s.triples} triples\n`);
      } finally {
        service.close();
      }
    });
}
