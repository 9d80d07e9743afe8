/** relata overview: graph.overview from the command line — the top-degree slice's size, or the KG's communities. */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommunityOverview } from '../../contract/community-types.js';
import type { GraphSlice } from '../../contract/types.js';
import { interruptSignal, openService, printJson, stderrProgress, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('overview')
    .description("the KG at a glance: its highest-degree entities (top-degree), or Louvain communities of the whole KG with their top entities and the triples between them (communities; cached in the KG file)")
    .requiredOption('--db <file>', 'KG file')
    .addOption(new Option('--mode <mode>', 'what to show').choices(['top-degree', 'communities']).default('top-degree'))
    .option('--limit <n>', 'entities of the top-degree slice', wholeNumber('--limit', { min: 1, max: 200_000 }), 2000)
    .option('--refresh', 'compute the communities afresh instead of reading the cached ones')
    .option('--top <n>', 'communities and links to list (text output)', wholeNumber('--top', { min: 0 }), 20)
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db: string; mode: 'top-degree' | 'communities'; limit: number; refresh?: boolean; top: number; json?: boolean }) => {
      const service = openService(opts.db);
      try {
        const result = await service.call(
          'graph.overview',
          { mode: opts.mode, limit: opts.limit, refresh: opts.refresh ?? false },
          { onProgress: stderrProgress(), signal: interruptSignal() },
        );
        if (opts.json) return printJson(result);
        process.stdout.write(`${('communities' in result ? communityLines(result, opts.top) : sliceLines(result, opts.top)).join('\n')}\n`);
      } finally {
        service.close();
      }
    });
}

function communityLines(o: CommunityOverview, top: number): string[] {
  const lines = [
    `${o.communities.length} communities of ${o.entities} entities over ${o.triples} triples, modularity ${o.modularity.toFixed(3)} (${o.cached ? 'cached' : 'computed'} in ${o.seconds.toFixed(2)} s)`,
    ...o.communities.slice(0, top).map((c) => `  #${c.id} ${c.label}: ${c.size}  (${c.top.map((t) => t.label).join(', ')})`),
  ];
  if (o.communities.length > top) lines.push(`  … ${o.communities.length - top} more (--top N, or --json)`);
  if (o.links.length) lines.push('links:', ...o.links.slice(0, top).map((l) => `  #${l.from} – #${l.to}: ${l.weight}  (${l.predicates.map((p) => p.predicate).join(', ')})`));
  return lines;
}

function sliceLines(s: GraphSlice, top: number): string[] {
  const nodes = [...s.nodes].sort((a, b) => b.degree - a.degree);
  return [
    `${s.nodes.length} of ${s.totalEntities} entities, ${s.edges.length} triples among them`,
    ...nodes.slice(0, top).map((n) => `  ${n.label}: degree ${n.degree}`),
  ];
}
