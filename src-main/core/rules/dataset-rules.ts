/**
 * Rule learning and evaluation on a benchmark folder (train.txt / valid.txt / test.txt): rules are learned
 * from the training split only, written as a .pl file, and evaluated on the test split, filtered.
 */
import { readBenchmarkFolder, type KgDataset } from '../embeddings/datasets.js';
import type { EvaluationResult } from '../embeddings/evaluation.js';
import { evaluateRules, type TieBreaker } from './evaluate-rules.js';
import { learnRules, type LearnOptions, type LearnResult } from './learn-rules.js';
import type { LearnedRule } from './rule.js';
import { readRuleFile, rulesToText, writeRuleFile } from './rule-file.js';
import { TripleGraph } from './triple-graph.js';

export function trainingGraph(dataset: KgDataset): TripleGraph {
  return new TripleGraph(dataset.train, dataset.entities.length, dataset.relations.length);
}

export interface DatasetLearnResult extends LearnResult {
  dataset: KgDataset;
  text: string;
}

export function learnDatasetRules(dir: string, options: LearnOptions = {}): DatasetLearnResult {
  const dataset = readBenchmarkFolder(dir);
  const graph = trainingGraph(dataset);
  const result = learnRules(graph, options);
  const text = rulesToText(result.rules, dataset.relations, dataset.entities, [
    `Rules learned by Relata from ${dataset.name} (train split: ${dataset.train.heads.length} triples) in ${result.seconds.toFixed(1)} s.`,
    'Numbers on the training triples: conf = support / body groundings; pca_conf under the partial completeness assumption.',
  ]);
  return { ...result, dataset, text };
}

export function writeLearnedRules(path: string, text: string): void {
  writeRuleFile(path, text);
}

/** Reads a rule file against a dataset's vocabulary; unknown names are reported as skipped clauses. */
export function readDatasetRules(path: string, dataset: KgDataset): { rules: LearnedRule[]; skipped: Array<{ line: number; reason: string }> } {
  const rel = new Map(dataset.relations.map((r, i) => [r, i]));
  const ent = new Map(dataset.entities.map((e, i) => [e, i]));
  // The Datalog names of hyphenated keys use `_` (the kinship pack's father_in_law reads father-in-law).
  const relLoose = new Map(dataset.relations.map((r, i) => [r.replace(/-/g, '_'), i]));
  return readRuleFile(path, (n) => rel.get(n) ?? relLoose.get(n) ?? -1, (n) => ent.get(n) ?? -1, dataset.relations.length);
}

export interface DatasetEvaluation extends EvaluationResult {
  rules: number;
  skipped: number;
}

export function evaluateDatasetRules(dir: string, rulesPath: string, tieBreaker?: (dataset: KgDataset) => TieBreaker, signal?: AbortSignal): DatasetEvaluation {
  const dataset = readBenchmarkFolder(dir);
  const { rules, skipped } = readDatasetRules(rulesPath, dataset);
  const graph = trainingGraph(dataset);
  const result = evaluateRules(graph, dataset, rules, { tieBreaker: tieBreaker?.(dataset), signal });
  return { ...result, rules: rules.length, skipped: skipped.length };
}
