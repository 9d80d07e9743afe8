/**
 * SPARQL over FB15k-237 (310k triples, 14.5k labelled entities) in a Relata KG: the time to load the KG file into
 * oxigraph (first load in a process = what one `relata sparql` call pays; later loads = a KG changed under a
 * long-running service), and ten queries (look-ups, 2- and 3-hop joins, aggregates, property paths), median of 5.
 * With --comunica DIR, the same queries also run on Comunica (@comunica/query-sparql-rdfjs over an N3 store holding
 * the same triples), side by side: the engine Relata did not choose, measured. Comunica is not a dependency:
 *   npm i --prefix /tmp/cmn @comunica/query-sparql-rdfjs@5.4.1
 * Writes bench/RESULTS-sparql-fb15k.md (or only prints, with --print).
 * Run: npx tsx bench/sparql/fb15k-bench.ts [--db FB.sqlite] [--comunica /tmp/cmn] [--print]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ox from 'oxigraph';
import { Parser as N3Parser, Store as N3Store } from 'n3';
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KgStore } from '../../src-main/core/store/kg-store.js';
import { importFiles } from '../../src-main/core/import/import-files.js';
import { loadKgDataset } from '../../src-main/core/sparql/kg-dataset.js';
import { runSparqlQuery } from '../../src-main/core/sparql/sparql-query.js';
import { tempDir } from '../../test-support/paths.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = process.argv.slice(2);
const dbArg = args.includes('--db') ? args[args.indexOf('--db') + 1] : null;
const comunicaDir = args.includes('--comunica') ? args[args.indexOf('--comunica') + 1] : null;
const tmp = tempDir('relata-sparql-bench-');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let kg: KgStore;
let importSeconds: number | null = null;
if (dbArg && existsSync(dbArg)) kg = KgStore.open(dbArg, { mustExist: true });
else {
  kg = KgStore.open(dbArg ?? join(tmp.dir, 'fb15k-237.sqlite'));
  const t = performance.now();
  await importFiles(kg, [{ path: resolve(process.env.RELATA_DATASETS ?? resolve(root, '../shared/datasets'), 'fb15k-237') }], { format: 'benchmark' });
  importSeconds = (performance.now() - t) / 1000;
}

const loads: number[] = [];
let quads = 0;
const rss0 = process.memoryUsage().rss;
let rssLoaded = 0;
for (let i = 0; i < 3; i++) {
  const d = loadKgDataset(kg);
  loads.push(d.loadMs);
  quads = d.quads;
  rssLoaded = Math.max(rssLoaded, process.memoryUsage().rss);
}
const dataset = loadKgDataset(kg);

const E = (mid: string): string => `<https://relata.local/kg/e/${encodeURIComponent(mid)}>`;
const P = (key: string): string => `<https://relata.local/kg/p/${encodeURIComponent(key)}>`;
const queries: Array<[string, string]> = [
  ['look-up: all facts of one entity', `SELECT ?p ?o WHERE { ${E('/m/0100mt')} ?p ?o }`],
  ['look-up: entity by label', 'SELECT ?e WHERE { ?e rdfs:label "El Paso" }'],
  ['look-up: subjects of one predicate-object', `SELECT ?s WHERE { ?s ${P('/people/person/nationality')} ${E('/m/09c7w0')} } LIMIT 100`],
  ['2-hop join from one entity', `SELECT DISTINCT ?c WHERE { ${E('/m/0100mt')} ?p ?b . ?b ?q ?c }`],
  ['3-hop join from one entity (count)', `SELECT (COUNT(*) AS ?n) WHERE { ${E('/m/0100mt')} ?p ?b . ?b ?q ?c . ?c ?r ?d }`],
  ['2-hop join with labels, filtered', `SELECT ?name ?film WHERE { ?a ${P('/people/person/nationality')} ${E('/m/0d060g')} ; rdfs:label ?name ; ${P('/film/actor/film./film/performance/film')} ?film } LIMIT 200`],
  ['aggregate: triples per predicate, top 10', 'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10'],
  ['aggregate: out-degree of the 10 biggest hubs', 'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(?n) LIMIT 10'],
  ['property path: location containment, transitive', `SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ${E('/m/09c7w0')} ${P('/location/location/contains')}+ ?x }`],
  ['property path: 1-3 hops of any two predicates (ASK)', `ASK { ${E('/m/0100mt')} (${P('/location/location/contains')}|^${P('/location/location/contains')})/(${P('/location/location/contains')}|^${P('/location/location/contains')})/(${P('/location/location/contains')}|^${P('/location/location/contains')}) ${E('/m/09c7w0')} }`],
];
// Comunica over an N3 store with the very triples of the SPARQL view (dumped from oxigraph, parsed by n3).
type Engine = { queryBindings(q: string, c: object): Promise<{ toArray(): Promise<unknown[]> }>; queryBoolean(q: string, c: object): Promise<boolean> };
let comunica: { engine: Engine; store: N3Store; loadMs: number; version: string } | null = null;
if (comunicaDir) {
  const require = createRequire(resolve(comunicaDir, 'package.json'));
  const { QueryEngine } = require('@comunica/query-sparql-rdfjs') as { QueryEngine: new () => Engine };
  const version = (require('@comunica/query-sparql-rdfjs/package.json') as { version: string }).version;
  const text = dataset.store.dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() });
  const t = performance.now();
  const store = new N3Store(new N3Parser({ format: 'N-Triples' }).parse(text));
  comunica = { engine: new QueryEngine(), store, loadMs: performance.now() - t, version };
}

const rows: string[] = [];
for (const [name, q] of queries) {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const r = runSparqlQuery(kg, q, { dataset });
    times.push(r.queryMs);
    count = r.count;
  }
  let other = '';
  if (comunica) {
    const ctimes: number[] = [];
    let ccount = 0;
    const full = `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ${q}`;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      ccount = q.startsWith('ASK') ? Number(await comunica.engine.queryBoolean(full, { sources: [comunica.store] })) : (await (await comunica.engine.queryBindings(full, { sources: [comunica.store] })).toArray()).length;
      ctimes.push(performance.now() - t);
    }
    other = ` ${ccount} | ${median(ctimes).toFixed(1)} |`;
  }
  rows.push(`| ${name} | ${count} | ${median(times).toFixed(1)} |${other}`);
  process.stderr.write(`${name}: ${median(times).toFixed(1)} ms (${count})${other}\n`);
}

const text = [
  '# SPARQL over FB15k-237 (oxigraph over the KG file)',
  '',
  `Relata KG of FB15k-237 (train + valid + test, entity names as labels): ${quads.toLocaleString('en-US')} quads in the SPARQL view.`,
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} when the run ended`,
  `(other work shares these cores, so times carry noise). Command: \`npx tsx bench/sparql/fb15k-bench.ts${comunica ? ' --comunica DIR' : ''}\`.`,
  '',
  ...(importSeconds !== null ? [`Import of the benchmark folder into the KG file: ${importSeconds.toFixed(1)} s.`, ''] : []),
  '| KG file → oxigraph store | ms |',
  '| --- | --- |',
  `| first load in the process (what one \`relata sparql\` call pays) | ${loads[0].toFixed(0)} |`,
  `| later loads, median of ${loads.length - 1} (a changed KG in a long-running service) | ${median(loads.slice(1)).toFixed(0)} |`,
  `| memory (RSS) after loading | ${((rssLoaded - rss0) / 1048576).toFixed(0)} MiB more than before |`,
  '',
  'In `relata serve` and the app the store is cached per open KG and reused until the KG\'s change counter moves',
  '(SQLite data_version + this connection\'s total_changes), so only the first query after a change pays the load.',
  '',
  ...(comunica
    ? [
        `Comunica ${comunica.version} (@comunica/query-sparql-rdfjs over an n3 Store with the same ${comunica.store.size.toLocaleString('en-US')} triples), for the`,
        `choice of engine: building its N3 store from the view's N-Triples took ${comunica.loadMs.toFixed(0)} ms (parse + index only; oxigraph's load above`,
        'includes reading the KG file). Comunica times are medians of 3.',
        '',
        '| query (median of 5, store loaded) | results | oxigraph ms | Comunica results | Comunica ms |',
        '| --- | --- | --- | --- | --- |',
      ]
    : ['| query (median of 5, store loaded) | results | ms |', '| --- | --- | --- |']),
  ...rows,
  '',
].join('\n');
if (args.includes('--print')) process.stdout.write(text);
else {
  writeFileSync(resolve(root, 'bench/RESULTS-sparql-fb15k.md'), text);
  process.stdout.write('wrote bench/RESULTS-sparql-fb15k.md\n');
}
kg.close();
tmp.cleanup();
