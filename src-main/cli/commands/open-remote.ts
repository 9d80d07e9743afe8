/** relata open-remote: a SPARQL endpoint as a read-only KG (remote.*): its statistics, a search, a neighbourhood, a pull. */
import type { Command } from 'commander';
import type { RemoteEntity, RemoteSlice, RemoteStats } from '../../contract/remote-types.js';
import { fileService, interruptSignal, openService, printJson, realNumber, stderrProgress, UsageError, wholeNumber } from '../cli-support.js';

interface OpenRemoteOptions {
  graph?: string;
  search?: string;
  neighbourhood?: string;
  overview?: boolean;
  hops: number;
  limit?: number;
  pull?: string;
  db?: string;
  timeout?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('open-remote')
    .description('open a SPARQL endpoint as a read-only KG: its statistics (triples, top predicates, sample entities), or a search, a neighbourhood, or pull an entity\'s neighbourhood into a local KG; every query bounded (LIMIT) and timed out')
    .argument('<url>', 'SPARQL endpoint URL, e.g. http://127.0.0.1:8890/sparql')
    .option('--graph <iri>', 'read only this named graph (FROM)')
    .option('--search <text>', 'entities whose label or alias contains the text (or the IRI itself)')
    .option('--neighbourhood <iri>', "an entity's in- and out-edges (--hops 1 or 2)")
    .option('--overview', 'the most connected entities (degree over a sample of the triples, --limit of them) and the triples among them')
    .option('--pull <iri>', 'work on this locally: pull the entity\'s --hops neighbourhood (at most --limit entities) into --db')
    .option('--db <file>', 'the local KG file --pull writes (created when missing)')
    .option('--hops <n>', 'hops for --neighbourhood and --pull', wholeNumber('--hops', { min: 1, max: 2 }), 1)
    .option('--limit <n>', 'search results (20), overview entities (50), edges per hop and direction (200), or entities pulled (500)', wholeNumber('--limit', { min: 1, max: 10_000 }))
    .option('--timeout <seconds>', 'per query (default 20)', realNumber('--timeout', { min: 0.1, max: 600 }))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  relata open-remote http://127.0.0.1:8890/sparql\n  relata open-remote URL --search "el paso"\n  relata open-remote URL --overview --limit 20\n  relata open-remote URL --neighbourhood http://example.org/e/1 --hops 2 --json\n  relata open-remote URL --pull http://example.org/e/1 --hops 1 --db local.sqlite')
    .action(async (endpoint: string, opts: OpenRemoteOptions) => {
      const asked = [opts.search, opts.neighbourhood, opts.pull, opts.overview].filter((x) => x !== undefined).length;
      if (asked > 1) throw new UsageError('give one of --search, --neighbourhood, --overview, --pull');
      if (opts.pull && !opts.db) throw new UsageError('--pull needs --db FILE (the local KG to pull into)');
      const target = { endpoint, graph: opts.graph, timeoutMs: opts.timeout === undefined ? undefined : Math.round(opts.timeout * 1000) };
      const service = opts.pull ? openService(opts.db, true) : fileService();
      const run = { signal: interruptSignal(), onProgress: stderrProgress() };
      try {
        if (opts.search !== undefined) {
          const r = await service.call('remote.search', { ...target, text: opts.search, limit: opts.limit }, run);
          if (opts.json) return printJson(r);
          return print([`${r.entities.length} entities match "${r.text}" (${r.mode}, ${r.ms.toFixed(0)} ms)${r.truncated ? ', more with --limit' : ''}`, ...r.entities.map((e) => `  ${entityLine(e)}`)]);
        }
        if (opts.neighbourhood !== undefined) {
          const r = await service.call('remote.neighbourhood', { ...target, iri: opts.neighbourhood, hops: opts.hops, limit: opts.limit }, run);
          return opts.json ? printJson(r) : print(sliceLines(r, opts.neighbourhood));
        }
        if (opts.overview) {
          const r = await service.call('remote.overview', { ...target, limit: opts.limit }, run);
          if (opts.json) return printJson(r);
          const sample = r.exact ? `all ${r.sampledTriples} entity–entity triples` : `a sample of ${r.sampledTriples} triples`;
          return print([`${r.nodes.length} most connected entities (degree in ${sample}), ${r.edges.length} triples among them (${r.ms.toFixed(0)} ms)`, ...r.nodes.map((n) => `  ${String(n.degree).padStart(7)}  ${entityLine(n)}`)]);
        }
        if (opts.pull !== undefined) {
          const r = await service.call('remote.pull', { ...target, iri: opts.pull, hops: opts.hops, limit: opts.limit }, run);
          if (opts.json) return printJson(r);
          return print([`pulled ${r.triples_read} triples of ${r.entities} entities (${r.hops}-hop neighbourhood of ${r.iri}) into ${opts.db}: ${r.triples_added} added (${r.seconds.toFixed(1)} s)`]);
        }
        const r = await service.call('remote.open', target, run);
        return opts.json ? printJson(r) : print(statsLines(r));
      } finally {
        service.close();
      }
    });
}

const print = (lines: string[]): void => void process.stdout.write(`${lines.join('\n')}\n`);

const entityLine = (e: RemoteEntity): string => `${e.label ?? e.iri}${e.label ? `  <${e.iri}>` : ''}${e.type ? `  (${e.type})` : ''}`;

function statsLines(s: RemoteStats): string[] {
  return [
    `${s.endpoint}${s.graph ? ` graph <${s.graph}>` : ''}: ${s.triples === null ? 'triple count unknown' : `${s.triples.toLocaleString('en')} triples`} (${s.ms.toFixed(0)} ms; search by ${s.textSearch})`,
    'top predicates:',
    ...s.predicates.map((p) => `  ${p.triples.toLocaleString('en').padStart(12)}  ${p.predicate}`),
    'sample entities:',
    ...s.sample.map((e) => `  ${entityLine(e)}`),
    ...s.notes.map((n) => `note: ${n}`),
  ];
}

function sliceLines(s: RemoteSlice, iri: string): string[] {
  const label = new Map(s.nodes.map((n) => [n.iri, n.label ?? n.iri]));
  return [
    `${s.nodes.length} entities, ${s.edges.length} triples around <${iri}> (${s.queries} queries, ${s.ms.toFixed(0)} ms)${s.truncated ? '; cut by a limit (--limit)' : ''}`,
    ...s.edges.map((e) => `  ${label.get(e.subject)}  ${e.predicate}  ${label.get(e.object)}`),
  ];
}
