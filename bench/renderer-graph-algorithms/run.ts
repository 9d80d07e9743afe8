/**
 * The graph view's Louvain, PageRank and noverlap: Relata's own kernels (read from git at OWN_KERNELS_COMMIT, the last
 * commit that had them) against graphology-communities-louvain, graphology-metrics' pagerank and
 * graphology-layout-noverlap, on the same graphs as the app builds them (buildGraph: type links hidden, ForceAtlas2
 * positions, node sizes in pixels). Writes bench/RESULTS-renderer-graph-algorithms.md.
 *   nice -n 10 node --import tsx bench/renderer-graph-algorithms/run.ts [--repeats 5] [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Graph from 'graphology';
import louvainLibrary from 'graphology-communities-louvain';
import pagerankLibrary from 'graphology-metrics/centrality/pagerank';
import modularity from 'graphology-metrics/graph/modularity';
import noverlapLibrary from 'graphology-layout-noverlap';
import type { GraphSlice } from '../../src-main/contract/types.js';
import { isTypePredicate } from '../../src-main/contract/vocabulary.js';
import { RelataService } from '../../src-main/core/api/handlers.js';
import { demoFiles } from '../../src-main/core/demo.js';
import { createPrng } from '../../src-main/core/random/mulberry32.js';
import { buildGraph, type KgGraph } from '../../src-renderer/src/lib/graph-model.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DATASETS = resolve(ROOT, '../shared/datasets');
const OWN_KERNELS_COMMIT = 'a2d7d30';
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const REPEATS = Number(arg('repeats', '5'));
const OUT = arg('out', join(ROOT, 'bench/RESULTS-renderer-graph-algorithms.md'));
/** The picture's width in pixels the noverlap runs assume (about a laptop's graph pane). */
const VIEW_PX = 1000;
const MARGIN_PX = 3;

interface OwnKernels {
  louvain(n: number, src: Int32Array, tgt: Int32Array): Int32Array;
  pageRank(n: number, sources: Int32Array, targets: Int32Array): Float64Array;
  removeOverlaps(xs: Float64Array, ys: Float64Array, radii: Float64Array, maxPasses?: number): number;
}

/** Relata's replaced kernels, read from git into a temporary folder (they no longer live in the tree). */
async function ownKernels(): Promise<OwnKernels> {
  const dir = mkdtempSync(join(tmpdir(), 'relata-own-kernels-'));
  const load = async (name: string): Promise<Record<string, unknown>> => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, execFileSync('git', ['show', `${OWN_KERNELS_COMMIT}:src-renderer/src/lib/${name}.ts`], { cwd: ROOT }));
    return import(pathToFileURL(file).href);
  };
  const [l, p, o] = await Promise.all([load('louvain'), load('pagerank'), load('noverlap')]);
  return { louvain: l.louvain, pageRank: p.pageRank, removeOverlaps: o.removeOverlaps } as OwnKernels;
}

/** A slice of subject–predicate–object rows, as graph.overview would return it (untyped entities). */
function sliceOf(rows: Iterable<[string, string, string]>): GraphSlice {
  const ids = new Map<string, number>();
  const degree: number[] = [];
  const idOf = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = ids.size + 1));
      degree[id] = 0;
    }
    return id;
  };
  const edges: GraphSlice['edges'] = [];
  for (const [s, p, o] of rows) {
    const source = idOf(s), target = idOf(o);
    degree[source]++;
    degree[target]++;
    edges.push({ id: edges.length + 1, source, target, predicate: p, label: p, derived: false });
  }
  const nodes = [...ids].map(([key, id]) => ({ id, key, label: key, type: null, degree: degree[id] }));
  return { nodes, edges, truncated: false, totalEntities: nodes.length };
}

function* tsvRows(file: string, limit = Infinity): Generator<string[]> {
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (n++ >= limit) return;
    yield line.split('\t');
  }
}

async function graphs(): Promise<Array<{ name: string; slice: GraphSlice }>> {
  const service = new RelataService(':memory:', true);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  const demo = (await service.call('graph.overview', { limit: 2000 })) as GraphSlice;
  service.close();
  const triples = (file: string, limit?: number) => sliceOf((function* () {
    for (const [s, p, o] of tsvRows(join(DATASETS, file), limit)) yield [s, p, o] as [string, string, string];
  })());
  return [
    { name: 'demo KG overview', slice: demo },
    { name: 'Nations (train)', slice: triples('nations/train.txt') },
    { name: 'Kinships (train)', slice: triples('kinships/train.txt') },
    { name: 'Cora citations', slice: sliceOf((function* () {
      for (const [s, o] of tsvRows(join(DATASETS, 'cora/cora.edges.tsv'))) yield [s, 'cites', o] as [string, string, string];
    })()) },
    { name: 'FB15k-237 (first 30,000 train triples)', slice: triples('fb15k-237/train.txt', 30_000) },
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed<T>(run: () => T, repeats = REPEATS): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    value = run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

/** Spearman's rank correlation (average ranks for ties). */
function spearman(a: Float64Array, b: Float64Array): number {
  const ranks = (x: Float64Array): Float64Array => {
    const order = Array.from(x.keys()).sort((i, j) => x[i] - x[j]);
    const r = new Float64Array(x.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && x[order[j + 1]] === x[order[i]]) j++;
      for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  return pearson(ranks(a), ranks(b));
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n, mb = b.reduce((s, v) => s + v, 0) / n;
  let cov = 0, va = 0, vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? 1 : cov / Math.sqrt(va * vb);
}

const fmt = (x: number, digits = 0): string => x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// ---- PageRank: the graph as drawn (directed, parallel links each counted), as sizeBy 'pagerank' ranks it.
function pageRankRow(name: string, g: KgGraph, own: OwnKernels): string {
  const keys = g.nodes();
  const index = new Map(keys.map((k, i) => [k, i]));
  const ours = timed(() => {
    const sources = new Int32Array(g.size), targets = new Int32Array(g.size);
    let i = 0;
    g.forEachEdge((_e, _a, s, t) => {
      sources[i] = index.get(s)!;
      targets[i++] = index.get(t)!;
    });
    return own.pageRank(g.order, sources, targets);
  });
  const lib = timed(() => pagerankLibrary(g, { getEdgeWeight: null }));
  const libRank = Float64Array.from(keys, (k) => lib.value[k]);
  let maxDiff = 0;
  for (let i = 0; i < keys.length; i++) maxDiff = Math.max(maxDiff, Math.abs(libRank[i] - ours.value[i]));
  const top = (r: Float64Array): Set<number> => new Set(Array.from(r.keys()).sort((i, j) => r[j] - r[i]).slice(0, 20));
  const topOurs = top(ours.value), topLib = top(libRank);
  const shared = [...topOurs].filter((i) => topLib.has(i)).length;
  return `| ${name} | ${fmt(g.order)} | ${fmt(g.size)} | ${fmt(ours.ms, 1)} | ${fmt(lib.ms, 1)} | ${maxDiff.toExponential(1)} | ${spearman(ours.value, libRank).toFixed(4)} | ${shared}/${Math.min(20, keys.length)} |`;
}

// ---- Louvain: the slice's relations (type links left out) as one undirected weighted graph, as communityView groups them.
function louvainRow(name: string, slice: GraphSlice, own: OwnKernels): string {
  const index = new Map(slice.nodes.map((n, i) => [n.id, i]));
  const edges = slice.edges.filter((e) => !isTypePredicate(e.predicate) && index.has(e.source) && index.has(e.target));
  const relationGraph = (): Graph => {
    const h = new Graph({ type: 'undirected', multi: false, allowSelfLoops: true });
    for (const n of slice.nodes) h.addNode(String(n.id));
    for (const e of edges) h.updateEdge(String(e.source), String(e.target), (a) => ({ weight: ((a.weight as number | undefined) ?? 0) + 1 }));
    return h;
  };
  const h = relationGraph();
  const q = (community: (key: string) => number): number => modularity(h, { getNodeCommunity: (key) => community(key), getEdgeWeight: 'weight' });
  const ours = timed(() => own.louvain(slice.nodes.length, Int32Array.from(edges, (e) => index.get(e.source)!), Int32Array.from(edges, (e) => index.get(e.target)!)));
  const oursQ = q((key) => ours.value[index.get(Number(key))!]);
  const oursCount = new Set(ours.value).size;
  const fixed = timed(() => louvainLibrary(relationGraph(), { getEdgeWeight: 'weight', randomWalk: false }));
  const fixedQ = q((key) => fixed.value[key]);
  const fixedCount = new Set(Object.values(fixed.value)).size;
  // Random visiting order (the library's default), five seeds: the spread shows how much the order matters.
  const seeded = [1, 2, 3, 4, 5].map((seed) => {
    const communities = louvainLibrary(h, { getEdgeWeight: 'weight', rng: createPrng(seed).next });
    return q((key) => communities[key]);
  });
  return `| ${name} | ${fmt(h.order)} | ${fmt(h.size)} | ${fmt(ours.ms, 1)} | ${oursQ.toFixed(4)} (${oursCount}) | ${fmt(fixed.ms, 1)} | ${fixedQ.toFixed(4)} (${fixedCount}) | ${Math.min(...seeded).toFixed(4)}–${Math.max(...seeded).toFixed(4)} |`;
}

// ---- Noverlap: ForceAtlas2 positions, node discs of the drawn size plus a margin, the picture VIEW_PX wide.
/** Pairs of overlapping discs, found through a grid whose cell is the largest diameter. */
function countOverlaps(xs: Float64Array, ys: Float64Array, radii: Float64Array): number {
  const cell = 2 * Math.max(...radii);
  const grid = new Map<string, number[]>();
  for (let i = 0; i < xs.length; i++) {
    const k = `${Math.floor(xs[i] / cell)},${Math.floor(ys[i] / cell)}`;
    grid.set(k, [...(grid.get(k) ?? []), i]);
  }
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    const cx = Math.floor(xs[i] / cell), cy = Math.floor(ys[i] / cell);
    for (let gx = cx - 1; gx <= cx + 1; gx++) for (let gy = cy - 1; gy <= cy + 1; gy++) {
      for (const j of grid.get(`${gx},${gy}`) ?? []) {
        if (j > i && Math.hypot(xs[j] - xs[i], ys[j] - ys[i]) < (radii[i] + radii[j]) * (1 - 1e-6)) count++;
      }
    }
  }
  return count;
}

function noverlapRow(name: string, g: KgGraph, own: OwnKernels): string {
  const keys = g.nodes();
  const x0 = Float64Array.from(keys, (k) => g.getNodeAttribute(k, 'x'));
  const y0 = Float64Array.from(keys, (k) => g.getNodeAttribute(k, 'y'));
  const extent = Math.max(Math.max(...x0) - Math.min(...x0), Math.max(...y0) - Math.min(...y0), 1e-9);
  const u = extent / VIEW_PX;
  const radii = Float64Array.from(keys, (k) => (g.getNodeAttribute(k, 'size') + MARGIN_PX) * u);
  const before = countOverlaps(x0, y0, radii);
  const measure = (xs: Float64Array, ys: Float64Array): string => {
    let moved = 0;
    for (let i = 0; i < xs.length; i++) moved += Math.hypot(xs[i] - x0[i], ys[i] - y0[i]) / u;
    const newExtent = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    return `${fmt(countOverlaps(xs, ys, radii))} | ${fmt(moved / xs.length, 0)} | ${(newExtent / extent).toFixed(2)}× | ${Math.min(pearson(x0, xs), pearson(y0, ys)).toFixed(3)}`;
  };
  const ours = timed(() => {
    const xs = Float64Array.from(x0), ys = Float64Array.from(y0);
    own.removeOverlaps(xs, ys, radii);
    return { xs, ys };
  });
  // The library in screen space (pixels), where its fixed push steps and margin are meant to act.
  const lib = timed(() => {
    const positions = noverlapLibrary(g, {
      maxIterations: 500,
      settings: { margin: MARGIN_PX, ratio: 1 },
      inputReducer: (_k, a) => ({ x: a.x / u, y: a.y / u, size: a.size }),
      outputReducer: (_k, p) => ({ x: p.x * u, y: p.y * u }),
    });
    return { xs: Float64Array.from(keys, (k) => positions[k].x), ys: Float64Array.from(keys, (k) => positions[k].y) };
  }, keys.length > 2000 ? 1 : REPEATS); // minutes per run on the big graphs
  return `| ${name} | ${fmt(g.order)} | ${fmt(before)} | ${fmt(ours.ms, 1)} | ${measure(ours.value.xs, ours.value.ys)} | ${fmt(lib.ms, 1)} | ${measure(lib.value.xs, lib.value.ys)} |`;
}

const own = await ownKernels();
const pr: string[] = [], lv: string[] = [], no: string[] = [];
const started = new Date();
for (const { name, slice } of await graphs()) {
  const step = <T>(what: string, run: () => T): T => {
    const t = performance.now();
    const value = run();
    console.error(`${name}: ${what} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return value;
  };
  const g = step('graph built and laid out', () => buildGraph(slice, { showTypeLinks: false }));
  pr.push(step('PageRank', () => pageRankRow(name, g, own)));
  lv.push(step('Louvain', () => louvainRow(name, slice, own)));
  no.push(step('noverlap', () => noverlapRow(name, g, own)));
}

const md = `# Graph view: Louvain, PageRank and noverlap, Relata's kernels vs the graphology packages

Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)} at the end), Node ${process.versions.node}.

\`\`\`
nice -n 10 node --import tsx bench/renderer-graph-algorithms/run.ts --repeats ${REPEATS}
\`\`\`

Graphs as the app builds them (\`buildGraph\`: type links hidden, ForceAtlas2 positions, node sizes in pixels): the
demo KG's overview, Nations and Kinships (train splits), Cora's citation graph, the first 30,000 triples of
FB15k-237's train split. "Ours" are the kernels \`src-renderer/src/lib/{louvain,pagerank,noverlap}.ts\` as of commit
${OWN_KERNELS_COMMIT} (read from git by the bench); the library versions are graphology-communities-louvain 2.0.2,
graphology-metrics 2.4.2 and graphology-layout-noverlap 0.4.2. Times are medians of ${REPEATS} runs, in ms, input
preparation included.

## PageRank (d = 0.85, the drawn graph: directed, parallel links counted)

| graph | nodes | edges | ours ms | library ms | max abs diff | Spearman ρ | top-20 shared |
|---|---:|---:|---:|---:|---:|---:|---:|
${pr.join('\n')}

## Louvain (relations as one undirected graph, parallel and reverse links summed into a weight)

Modularity Q by graphology-metrics' \`modularity\` for both (communities in brackets). The library run with
\`randomWalk: false\` visits nodes in a fixed order (deterministic, as the app needs); the last column is the
library's default random order over seeds 1–5.

| graph | nodes | weighted edges | ours ms | ours Q | library ms (fixed order) | library Q | library Q, random order |
|---|---:|---:|---:|---:|---:|---:|---:|
${lv.join('\n')}

## Noverlap (the picture ${VIEW_PX} px wide, node radius = drawn size + ${MARGIN_PX} px)

Overlaps = pairs of discs still overlapping; moved = mean displacement per node in pixels; spread = the picture's new
extent over the old; shape = the lower Pearson correlation of x and of y before and after. The library runs in pixel
space (its push step and margin are in the units it is given), up to 500 iterations; on graphs over 2,000 nodes it
is timed once.

| graph | nodes | overlaps before | ours ms | ours overlaps | ours moved px | ours spread | ours shape | library ms | library overlaps | library moved px | library spread | library shape |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${no.join('\n')}
`;
writeFileSync(OUT, md);
console.log(md);
