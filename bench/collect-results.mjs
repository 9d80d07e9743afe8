#!/usr/bin/env node
// Assembles bench/RESULTS.md from each area's results file (each written by its own benchmark command).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const areas = [
  ['import', 'Import (issue 2)'],
  ['graph-view', 'Graph view (issue 3)'],
  ['renderer-graph-algorithms', 'Graph view: Louvain, PageRank and noverlap against graphology (issue 13)'],
  ['datalog', 'Rule reasoning (issue 4)'],
  ['embeddings', 'KG embeddings (issue 5)'],
  ['embeddings-gpu-sweep', 'KG embeddings: settings sweep on a GPU (issue 5)'],
  ['embeddings-large', 'KG embeddings on the large benchmarks (issue 5)'],
  ['gnn', 'Graph neural networks (issue 6)'],
  ['gnn-app', 'Graph neural networks in the app (issue 6)'],
  ['rules', 'Learned rules (issue 12)'],
  ['qa', 'Question answering without an LLM (issue 15)'],
  ['sparql', 'SPARQL: W3C conformance (issue 16)'],
  ['sparql-fb15k', 'SPARQL on FB15k-237 (issue 16)'],
  ['schema', 'Schema view (issue 17)'],
  ['communities', 'Community overview (issue 17)'],
  ['sparql-virtuoso', 'SPARQL: Relata vs Virtuoso side by side (issue 16)'],
  ['remote-kg', 'Remote KG over SPARQL (issue 16)'],
  ['server-load', 'Server under load (issue 14)'],
  ['bad-files', 'Bad-file corpus through the CLI (issue 14)'],
  ['kill9', 'kill -9 during long work (issue 14)'],
  ['cli-startup', 'CLI start-up (issue 13)'],
];
const parts = [
  '# Benchmark results',
  '',
  'Every number below was measured on this project\'s machine (2 cores, 24 GiB, no GPU; often shared with other work, so',
  'loads are given where they matter), side by side with its reference in one run. Each section names the command that',
  'made it; `node bench/collect-results.mjs` assembles this file from the per-area files `bench/RESULTS-<area>.md`.',
  '',
];
for (const [area, title] of areas) {
  const file = join(dir, `RESULTS-${area}.md`);
  parts.push(`# ${title}`, '', existsSync(file) ? readFileSync(file, 'utf8').trim() : '_Not measured yet._', '');
}
writeFileSync(join(dir, 'RESULTS.md'), parts.join('\n'));
