/**
 * The rule-learning calls of the API (rules.learn, rules.eval, rules.answer): input already validated by the
 * contract; this file picks the source (benchmark folder, story file, open KG), runs the engine and shapes the
 * wire result.
 */
import type { LearnedRuleView, RulesAnswerResult, RulesEvalResult, RulesLearnResult } from '../../contract/rules-types.js';
import { readBenchmarkFolder, type KgDataset } from '../embeddings/datasets/triple-datasets.js';
import { scoreQuery } from '../embeddings/training/filtered-evaluation.js';
import { loadModelFile } from '../embeddings/models/model-file.js';
import type { KgStore } from '../store/kg-store.js';
import { rejectedRuleTexts } from '../store/rule-sets.js';
import { evaluateRules, type TieBreaker } from './evaluate-rules.js';
import { learnRulesInWorkers } from './learn-in-workers.js';
import { END_FREE, END_VARIABLE, ruleToDatalog, type LearnedRule } from './rule.js';
import { writeRulesFile } from './rule-file.js';
import { readDatasetRules, wholeKgDataset } from './dataset-rules.js';
import { answerStories, learnStoryRules, parseStoryRules, readStories, storyRulesHeader } from './story-rules.js';
import { TripleGraph } from './triple-graph.js';
import { readFileSync } from 'node:fs';
import { parseDatalog } from '../reasoning/datalog/parser.js';
import type { RunOptions } from '../run/run-options.js';

export interface RulesLearnInput {
  dataset?: string;
  stories?: string;
  maxLength: number;
  seconds?: number;
  constants: boolean;
  seed: number;
  out?: string;
  limit: number;
}

function ruleView(rule: LearnedRule, relations: readonly string[], entities: readonly string[]): LearnedRuleView {
  const s = rule.stats;
  return {
    rule: ruleToDatalog(rule, relations, entities),
    head: relations[rule.head],
    length: rule.path.length,
    kind: rule.end === END_VARIABLE ? 'cyclic' : rule.end === END_FREE ? 'dangling' : 'constant',
    support: s.support,
    bodySize: s.bodySize,
    confidence: s.confidence,
    pcaConfidence: s.pcaConfidence,
    headCoverage: s.headCoverage,
    sampled: s.sampled,
    examples: s.examples.map((g) => g.map((e) => entities[e] ?? String(e))),
  };
}

export async function learnRulesCall(input: RulesLearnInput, kg: () => KgStore, control: RunOptions = {}): Promise<RulesLearnResult> {
  if (input.dataset && input.stories) throw new Error('give either a benchmark folder (dataset) or a story file (stories), not both');
  const t0 = performance.now();
  if (input.stories) {
    const stories = readStories(input.stories);
    const set = learnStoryRules(stories, {
      maxLength: input.maxLength,
      signal: control.signal,
      onProgress: (round, rounds) => control.onProgress?.({ phase: 'learning composition rules', done: round, total: rounds, unit: 'items' }),
    });
    const seconds = (performance.now() - t0) / 1000;
    if (input.out) writeRulesFile(input.out, set.rules, set.relations, [], storyRulesHeader(stories.length, seconds));
    return {
      rules: set.rules.length,
      seconds,
      out: input.out ?? null,
      source: 'stories',
      cancelled: control.signal?.aborted ?? false,
      examples: stories.length,
      top: set.rules.slice(0, input.limit).map((r) => ruleView(r, set.relations, [])),
    };
  }
  const dataset = input.dataset ? readBenchmarkFolder(input.dataset) : wholeKgDataset(kg());
  const result = await learnRulesInWorkers(dataset.train, dataset.entities.length, dataset.relations.length, {
    maxLength: input.maxLength,
    seconds: input.seconds,
    seed: input.seed,
    constants: input.constants,
    signal: control.signal,
    onProgress: (p) => control.onProgress?.({ phase: `learning rules (${p.rules.toLocaleString('en-US')} found)`, done: Math.round(p.seconds), total: Math.round(p.budget), unit: 'items' }),
  });
  if (!input.dataset) {
    // Rules a reviewer rejected in this KG are never proposed again.
    const rejected = rejectedRuleTexts(kg().db);
    if (rejected.size > 0) result.rules = result.rules.filter((r) => !rejected.has(ruleToDatalog(r, dataset.relations, dataset.entities)));
  }
  if (input.out) {
    writeRulesFile(input.out, result.rules, dataset.relations, dataset.entities, [
      `Rules learned by Relata from ${input.dataset ? `${dataset.name} (train split)` : dataset.name} — ${dataset.train.heads.length} triples, ${result.seconds.toFixed(1)} s.`,
      'Numbers on the training triples: conf = support / body groundings; pca_conf under the partial completeness assumption.',
    ]);
  }
  return {
    rules: result.rules.length,
    seconds: (performance.now() - t0) / 1000,
    out: input.out ?? null,
    source: input.dataset ? 'dataset' : 'kg',
    cancelled: result.cancelled,
    examples: dataset.train.heads.length,
    top: result.rules.slice(0, input.limit).map((r) => ruleView(r, dataset.relations, dataset.entities)),
  };
}

/** Embedding scores as a tie-breaker; the model must have been trained on the same benchmark folder. */
function modelTieBreaker(path: string, dataset: KgDataset): TieBreaker {
  const { header, params } = loadModelFile(path);
  const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!sameNames(header.entities, dataset.entities) || !sameNames(header.relations, dataset.relations))
    throw new Error(`${path}: the model's entities or relations differ from ${dataset.name}'s (train it with relata train --dataset on the same folder)`);
  const q = new Float32Array(params.entityWidth);
  return (anchor, relation, direction, out) => scoreQuery(params, anchor, relation, direction, q, out);
}

const RULE_WEIGHTS = [0, 0.25, 0.5, 0.75, 1];

export function evalRulesCall(input: { dataset: string; rules: string; withModel?: string; combine?: 'rules-first' | 'noisy-or' }, control: RunOptions = {}): RulesEvalResult {
  const dataset = readBenchmarkFolder(input.dataset);
  const { rules, skipped } = readDatasetRules(input.rules, dataset);
  const graph = new TripleGraph(dataset.train, dataset.entities.length, dataset.relations.length);
  const tieBreaker = input.withModel ? modelTieBreaker(input.withModel, dataset) : undefined;
  // Noisy-or with a model: the rules' weight is chosen on the validation split (0 = the model alone), so the
  // ensemble does not fall below its better half where the rules add nothing.
  let ruleWeight: number | null = null;
  if (tieBreaker && (input.combine ?? 'noisy-or') === 'noisy-or' && dataset.valid.heads.length > 0) {
    let best = -1;
    for (const w of RULE_WEIGHTS) {
      control.onProgress?.({ phase: `choosing the rules' weight on valid (${w})`, done: RULE_WEIGHTS.indexOf(w), total: RULE_WEIGHTS.length, unit: 'items' });
      const v = evaluateRules(graph, dataset, rules, { tieBreaker, combine: 'noisy-or', ruleWeight: w, split: 'valid', signal: control.signal }).mrr;
      if (v > best) [best, ruleWeight] = [v, w];
    }
  }
  const r = evaluateRules(graph, dataset, rules, {
    tieBreaker,
    combine: input.combine,
    ruleWeight: ruleWeight ?? 1,
    signal: control.signal,
    onProgress: (done, total) => control.onProgress?.({ phase: 'ranking test queries', done, total, unit: 'items' }),
  });
  return { mrr: r.mrr, hits_at_1: r.hitsAt1, hits_at_3: r.hitsAt3, hits_at_10: r.hitsAt10, seconds: r.seconds, rules: rules.length, skipped: skipped.length, queries: r.count, with_model: Boolean(tieBreaker), combine: tieBreaker ? (input.combine ?? 'noisy-or') : null, rule_weight: ruleWeight };
}

export function answerStoriesCall(input: { stories: string; rules: string }): RulesAnswerResult {
  const set = parseStoryRules(readFileSync(input.rules, 'utf8'), input.rules);
  if (set.rules.length === 0) throw new Error(`${input.rules}: no composition rules (r(X,Z) :- p(X,Y), q(Y,Z).) to answer with`);
  return answerStories(readStories(input.stories), set);
}

/** The head predicate of one Datalog rule given as text; anything but exactly one rule is an error with its position. */
export function ruleHead(text: string): string {
  const program = parseDatalog(text, 'rule');
  if (program.rules.length !== 1 || program.facts.length > 0 || program.queries.length > 0) throw new Error(`expected exactly one rule, got: ${text}`);
  return program.rules[0].head.predicate;
}
