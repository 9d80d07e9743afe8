/**
 * The remote KG against a real store: a private Virtuoso holding FB15k-237 (train + valid + test, 310k triples, entity
 * names as rdfs:label; Relata's IRIs as export writes them), loaded with Virtuoso's bulk loader (ld_dir,
 * rdf_loader_run, checkpoint), then the remote.* calls timed through the service as the app makes them: open
 * (statistics), overview (top-degree sample), 1- and 2-hop neighbourhood expansion of hub, mid and leaf entities,
 * inspector, search and paths. Each is a median of 5 after one cold call. Target (issue): overview and a 2-hop
 * expansion each < 2 s.
 * With --generated N, the synthetic KG of generated-kg.ts (N triples: N/10 entities, 50 predicates, Zipf-like objects,
 * every entity labelled) instead of FB15k-237, to see how the calls scale; the loader's time is reported with it.
 * Writes bench/RESULTS-remote-kg.md (or only prints, with --print).
 * Run: npx tsx bench/sparql/remote-kg-bench.ts [--generated 10000000] [--print]
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RelataService } from '../../src-main/core/api/handlers.js';
import { entityIri, predicateIri } from '../../src-main/core/store/names.js';
import { datasetPath } from '../../test-support/paths.js';
import { startVirtuoso } from '../../test-support/virtuoso.js';
import { writeGeneratedKg } from './generated-kg.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = process.argv.slice(2);
const generated = args.includes('--generated') ? Number(args[args.indexOf('--generated') + 1]) : null;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const GRAPH = 'https://relata.local/kg/remote-bench';
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const lit = (s: string): string => JSON.stringify(s);
const GENERATED_MARKER = '<!-- generated KG -->';

// 8 KiB pages: 170k ≈ 1.3 GB for FB15k-237, 340k ≈ 2.7 GB up to a few million triples, 680k ≈ 5.3 GB for 10M.
const buffers = !generated ? '170000' : generated > 4_000_000 ? '680000' : '340000';
const virtuoso = await startVirtuoso({ ini: { Parameters: { NumberOfBuffers: buffers, MaxDirtyBuffers: String(Math.round(Number(buffers) * 0.75)) } } });
const service = new RelataService();
try {
  // 1. The N-Triples file, written into the instance's folder (DirsAllowed) for the bulk loader.
  const nt = join(virtuoso.dir, 'data.nt');
  let name: string;
  let hubs: string[];
  if (generated) {
    ({ name, hubs } = await writeGeneratedKg(nt, generated));
  } else {
    name = 'FB15k-237 (train + valid + test, entity names as rdfs:label)';
    const out = createWriteStream(nt);
    const write = (line: string): Promise<void> | void => (out.write(line) ? undefined : new Promise((r) => out.once('drain', r)));
    const dir = datasetPath('fb15k-237');
    for (const line of readFileSync(join(dir, 'entity_names.tsv'), 'utf8').split('\n')) {
      const [id, label] = line.split('\t');
      if (id && label && !id.startsWith('#')) await write(`<${entityIri(id)}> <${LABEL}> ${lit(label.trim())} .\n`);
    }
    for (const split of ['train.txt', 'valid.txt', 'test.txt']) {
      for (const line of readFileSync(join(dir, split), 'utf8').split('\n')) {
        const [s, p, o] = line.split('\t');
        if (s && p && o) await write(`<${entityIri(s)}> <${predicateIri(p)}> <${entityIri(o.trim())}> .\n`);
      }
    }
    // United States (a hub of ~10k triples), El Paso (mid), a leaf
    hubs = ['/m/09c7w0', '/m/0100mt', '/m/010016'];
    await new Promise<void>((r) => out.end(r));
  }
  const lines = Number(execFileSync('wc', ['-l', nt], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
  log(`${nt}: ${lines} triples, ${(statSync(nt).size / 1048576).toFixed(0)} MiB`);

  // 2. Virtuoso's bulk loader.
  const isql = (sql: string): string => execFileSync('isql-vt', [String(virtuoso.sqlPort), 'dba', 'dba', `exec=${sql}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
  let t = performance.now();
  isql(`ld_dir('${virtuoso.dir}', 'data.nt', '${GRAPH}');`);
  isql('rdf_loader_run();');
  isql('checkpoint;');
  const loadS = (performance.now() - t) / 1000;
  log(`bulk load: ${loadS.toFixed(1)} s`);

  // 3. The remote calls, through the service (what the app and `relata open-remote` run).
  const target = { endpoint: virtuoso.sparql, graph: GRAPH, timeoutMs: 120_000 };
  type Timed = { name: string; cold: number; warm: number; detail: string };
  const timed: Timed[] = [];
  const measure = async (label: string, run: () => Promise<string>): Promise<void> => {
    t = performance.now();
    let detail = await run();
    const cold = performance.now() - t;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      detail = await run();
      warm.push(performance.now() - t);
    }
    timed.push({ name: label, cold, warm: median(warm), detail });
    log(`${label}: cold ${cold.toFixed(0)} ms, median ${median(warm).toFixed(0)} ms (${detail})`);
  };
  let triples = 0;
  await measure('open (statistics: triple count, top 20 predicates, sample, search mode)', async () => {
    const s = await service.call('remote.open', target);
    triples = s.triples ?? 0;
    return `${s.triples} triples, ${s.predicates.length} predicates, search by ${s.textSearch}`;
  });
  await measure('overview: top 50 by degree over a 200k-triple sample, triples among them', async () => {
    const o = await service.call('remote.overview', { ...target, limit: 50 });
    return `${o.nodes.length} entities, ${o.edges.length} triples, ${o.queries} queries, sample ${o.sampledTriples}${o.exact ? ' (all)' : ''}`;
  });
  await measure('overview: top 200 over a 1M-triple sample', async () => {
    const o = await service.call('remote.overview', { ...target, limit: 200, sample: 1_000_000 });
    return `${o.nodes.length} entities, ${o.edges.length} triples, ${o.queries} queries, sample ${o.sampledTriples}${o.exact ? ' (all)' : ''}`;
  });
  for (const key of hubs) {
    const iri = entityIri(key);
    for (const hops of [1, 2]) {
      await measure(`${hops}-hop expansion of ${key}`, async () => {
        const n = await service.call('remote.neighbourhood', { ...target, iri, hops });
        return `${n.nodes.length} entities, ${n.edges.length} triples, ${n.queries} queries${n.truncated ? ', cut by the limits (200 edges per hop and direction, 50 expanded)' : ''}`;
      });
    }
  }
  await measure(`inspector of ${hubs[0]}`, async () => {
    const e = await service.call('remote.entity', { ...target, iri: entityIri(hubs[0]) });
    return `${e.outgoing.length} out, ${e.incoming.length} in shown; degree ${e.outDegree} out, ${e.inDegree} in`;
  });
  const word = generated ? 'entity 4711' : 'paso';
  await measure(`search "${word}"`, async () => {
    const s = await service.call('remote.search', { ...target, text: word });
    return `${s.entities.length} entities (${s.mode}), first: ${s.entities[0]?.label}`;
  });
  await measure(`paths (1 and 2 hops) ${hubs[1]} → ${hubs[0]}`, async () => {
    const p = await service.call('remote.paths', { ...target, from: entityIri(hubs[1]), to: entityIri(hubs[0]) });
    return `${p.paths.length} paths`;
  });

  const [l1, l5, l15] = loadavg();
  const twoHop = timed.filter((x) => x.name.startsWith('2-hop'));
  const overview = timed.find((x) => x.name.startsWith('overview: top 50'))!;
  const report = [
    generated ? `## The same calls on a generated KG of ${generated.toLocaleString('en')} triples` : '# Remote KG over SPARQL (Virtuoso)',
    '',
    `Data: ${name}: ${lines.toLocaleString('en')} triples in one N-Triples file, ${triples.toLocaleString('en')} in the named graph`,
    `after Virtuoso's bulk loader (ld_dir + rdf_loader_run + checkpoint): **${loadS.toFixed(1)} s**.`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), load average ${l1.toFixed(1)} / ${l5.toFixed(1)} / ${l15.toFixed(1)} when the run ended`,
    '(other work shares these cores). Virtuoso 7 from Debian, private instance, NumberOfBuffers as in the command.',
    `Command: \`npx tsx bench/sparql/remote-kg-bench.ts${generated ? ` --generated ${generated}` : ''}\`. Calls through RelataService as the app makes them;`,
    `cold = the first call, then the median of 5. Peak RSS of the bench process (Relata's side): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; NumberOfBuffers ${buffers}.`,
    '',
    '| call | cold ms | median ms | answer |',
    '| --- | --- | --- | --- |',
    ...timed.map((x) => `| ${x.name} | ${x.cold.toFixed(0)} | ${x.warm.toFixed(0)} | ${x.detail} |`),
    '',
    `Target (< 2 s each for the overview and a 2-hop expansion): overview ${overview.warm.toFixed(0)} ms median (${overview.cold.toFixed(0)} ms cold);`,
    `slowest 2-hop expansion ${Math.max(...twoHop.map((x) => x.warm)).toFixed(0)} ms median (${Math.max(...twoHop.map((x) => x.cold)).toFixed(0)} ms cold).`,
    '',
  ].join('\n');
  process.stdout.write(report);
  if (!args.includes('--print')) {
    // One results file: the FB15k-237 run writes its part, a --generated run the part after the marker; each keeps the other's.
    const file = join(root, 'bench', 'RESULTS-remote-kg.md');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const at = before.indexOf(GENERATED_MARKER);
    const kept = generated ? (at >= 0 ? before.slice(0, at) : before) : at >= 0 ? before.slice(at) : '';
    writeFileSync(file, generated ? `${kept.trimEnd()}\n\n${GENERATED_MARKER}\n${report}` : `${report}\n${kept}`);
  }
} finally {
  service.close();
  await virtuoso.stop();
}
