/**
 * Where a rule file's link predictions win and lose: filtered MRR / Hits@1 / Hits@10 per relation and query
 * direction, the same evaluation as `relata rules eval`, with each row's share of the MRR lost and how often
 * some rule reaches the answer at all.
 *
 * Usage: node --import tsx bench/rules/per-relation.ts --dataset DIR --rules R.pl [--no-functional]
 */
import { TAIL } from '../../src-main/core/embeddings/datasets/link-queries.js';
import { readBenchmarkFolder } from '../../src-main/core/embeddings/datasets/triple-datasets.js';
import { evaluateRules } from '../../src-main/core/rules/evaluate-rules.js';
import { readDatasetRules } from '../../src-main/core/rules/dataset-rules.js';
import { indexRules, predictCandidates } from '../../src-main/core/rules/predict-links.js';
import { TripleGraph } from '../../src-main/core/rules/triple-graph.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const dir = arg('dataset'), rulesPath = arg('rules');
if (!dir || !rulesPath) throw new Error('usage: per-relation.ts --dataset DIR --rules R.pl');
const dataset = readBenchmarkFolder(dir);
const { rules } = readDatasetRules(rulesPath, dataset);
const graph = new TripleGraph(dataset.train, dataset.entities.length, dataset.relations.length);
const index = indexRules(graph, rules);

interface Row { n: number; rr: number; h1: number; h10: number; reached: number }
const rows = new Map<string, Row>();
let total = 0;
const result = evaluateRules(graph, dataset, rules, {
  onRanks: (q, ranks) => {
    total = ranks.length;
    for (let i = 0; i < ranks.length; i++) {
      const key = `${dataset.relations[q.relations[i]]}\t${q.directions[i] === TAIL ? '(h, r, ?)' : '(?, r, t)'}`;
      const row = rows.get(key) ?? { n: 0, rr: 0, h1: 0, h10: 0, reached: 0 };
      row.n++;
      row.rr += 1 / ranks[i];
      if (ranks[i] <= 1) row.h1++;
      if (ranks[i] <= 10) row.h10++;
      const candidates = predictCandidates(graph, index, q.anchors[i], q.relations[i], q.directions[i], { keep: 1, functional: !process.argv.includes('--no-functional') });
      if (candidates.some((c) => c.entity === q.targets[i])) row.reached++;
      rows.set(key, row);
    }
  },
});
const f = (x: number) => x.toFixed(3);
console.log(`${rulesPath}: ${rules.length} rules, MRR ${result.mrr.toFixed(4)}, Hits@1 ${f(result.hitsAt1)}, Hits@10 ${f(result.hitsAt10)}\n`);
console.log('| relation | query | n | MRR | Hits@1 | Hits@10 | answer reached by a rule | share of MRR lost |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const [key, r] of [...rows].sort((a, b) => b[1].n - b[1].rr - (a[1].n - a[1].rr))) {
  const [rel, query] = key.split('\t');
  console.log(`| ${rel} | ${query} | ${r.n} | ${f(r.rr / r.n)} | ${f(r.h1 / r.n)} | ${f(r.h10 / r.n)} | ${f(r.reached / r.n)} | ${f((r.n - r.rr) / total)} |`);
}
