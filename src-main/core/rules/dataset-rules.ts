/** Rules read against a dataset's vocabulary (ids = positions in its entity and relation lists), and the open KG as one. */
import { concatTriples, type KgDataset } from '../embeddings/datasets/triple-datasets.js';
import { kgDataset } from '../embeddings/kg/training-data.js';
import type { KgStore } from '../store/kg-store.js';
import type { LearnedRule } from './rule.js';
import { parseRuleText, type ParsedRuleFile } from './rule-file.js';
import { readFileSync } from 'node:fs';

/** A dataset whose every asserted entity-to-entity triple is training data (rules are mined from, and fire on, all of the KG). */
export function wholeKgDataset(store: KgStore): KgDataset {
  const { dataset } = kgDataset(store, 1);
  const all = concatTriples(dataset.train, dataset.valid, dataset.test);
  const empty = { heads: new Int32Array(0), relations: new Int32Array(0), tails: new Int32Array(0) };
  return { ...dataset, train: all, valid: empty, test: empty };
}

/** Rule text read against a dataset; unknown names are reported as skipped clauses. */
export function parseDatasetRules(text: string, source: string, dataset: KgDataset): ParsedRuleFile {
  const rel = new Map(dataset.relations.map((r, i) => [r, i]));
  const ent = new Map(dataset.entities.map((e, i) => [e, i]));
  // The Datalog names of hyphenated keys use `_` (the kinship pack's father_in_law reads father-in-law).
  const relLoose = new Map(dataset.relations.map((r, i) => [r.replace(/-/g, '_'), i]));
  return parseRuleText(text, source, (n) => rel.get(n) ?? relLoose.get(n) ?? -1, (n) => ent.get(n) ?? -1, dataset.relations.length);
}

export function readDatasetRules(path: string, dataset: KgDataset): { rules: LearnedRule[]; skipped: Array<{ line: number; reason: string }> } {
  return parseDatasetRules(readFileSync(path, 'utf8'), path, dataset);
}
