import { Command, Option } from 'commander';
import { extname } from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../../contract/types.js';
import { interruptSignal, openService, printJson, stderrProgress } from '../cli-support.js';

const BY_EXTENSION: Record<string, ExportFormat> = {
  '.tsv': 'tsv', '.txt': 'tsv', '.nt': 'nt', '.ttl': 'ttl', '.jsonld': 'jsonld', '.json': 'jsonld', '.graphml': 'graphml', '.gexf': 'gexf',
};

export function register(program: Command): void {
  program
    .command('export')
    .description('export every triple of a KG to a file')
    .argument('<file>', 'output file')
    .requiredOption('--db <file>', 'KG file')
    .addOption(new Option('--format <format>', 'output format (default: from the extension)').choices([...EXPORT_FORMATS]))
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { db: string; format?: ExportFormat; json?: boolean }) => {
      const format = opts.format ?? BY_EXTENSION[extname(file).toLowerCase()];
      if (!format) throw new Error(`${file}: cannot tell the format from the extension; pass --format (${EXPORT_FORMATS.join('|')})`);
      const service = openService(opts.db);
      try {
        const result = await service.call('kg.export', { path: file, format }, { onProgress: stderrProgress(), signal: interruptSignal() });
        if (opts.json) printJson(result);
        else process.stdout.write(`wrote ${result.triples} triples to ${result.file} (${result.format})\n`);
      } finally {
        service.close();
      }
    });
}
