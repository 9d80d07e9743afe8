/** One side of the learning-speed comparison, in its own process (so peak memory is its own): prints JSON. */
import { readBenchmarkFolder } from '../../src-main/core/embeddings/datasets/triple-datasets.js';
import { learnRules } from '../../src-main/core/rules/learn-rules.js';
import { TripleGraph } from '../../src-main/core/rules/triple-graph.js';
import { referenceLearn } from './reference-learner.js';

const [impl, dir, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const dataset = readBenchmarkFolder(dir);
const t0 = performance.now();
let out: Record<string, number>;
if (impl === 'relata') {
  const graph = new TripleGraph(dataset.train, dataset.entities.length, dataset.relations.length);
  const r = learnRules(graph, { seconds });
  out = { rules: r.rules.length, sampledTriples: r.sampledTriples, candidatesChecked: r.candidatesChecked, seconds: r.seconds };
} else {
  out = { ...referenceLearn(dataset, seconds) };
}
out.wallSeconds = (performance.now() - t0) / 1000;
out.peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(out)}\n`);
