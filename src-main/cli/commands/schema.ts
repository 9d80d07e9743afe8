import type { Command } from 'commander';
import { openService, printJson, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description("the KG's types with counts, type → type links by predicate with triple counts, and untyped entities (clusters by predicate for untyped KGs); cached in the KG file")
    .requiredOption('--db <file>', 'KG file')
    .option('--refresh', 'compute afresh instead of reading the cached schema')
    .option('--top <n>', 'links to list (text output)', wholeNumber('--top', { min: 0 }), 30)
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db: string; refresh?: boolean; top: number; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const s = await service.call('schema.get', { refresh: opts.refresh ?? false });
        if (opts.json) return printJson(s);
        const top = opts.top;
        const lines = [`${s.entities} entities, ${s.types.length} types, ${s.untyped} untyped (${s.cached ? 'cached' : 'computed'} in ${Math.round(s.ms)} ms)`];
        if (s.types.length) lines.push('types:', ...s.types.map((t) => `  ${t.type}: ${t.count}`));
        if (s.links.length) lines.push('links:', ...s.links.slice(0, top).map((l) => `  ${l.from_type} -[${l.predicate}]-> ${l.to_type}: ${l.count}`));
        if (s.links.length > top) lines.push(`  … ${s.links.length - top} more (--top N, or --json)`);
        if (s.clusters) {
          lines.push('clusters by most frequent predicate (→ outgoing, ← incoming only):', ...s.clusters.types.slice(0, top).map((t) => `  ${t.label}: ${t.count}   (${t.type})`));
          if (s.clusters.types.length > top) lines.push(`  … ${s.clusters.types.length - top} more`);
          const name = new Map(s.clusters.types.map((t) => [t.type, t.label]));
          lines.push('cluster links:', ...s.clusters.links.slice(0, top).map((l) => `  ${name.get(l.from_type)} -[${l.predicate}]-> ${name.get(l.to_type)}: ${l.count}`));
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        service.close();
      }
    });
}
