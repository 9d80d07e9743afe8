/** A rule file read against a benchmark dataset's vocabulary (ids = positions in its entity and relation lists). */
import type { KgDataset } from '../embeddings/datasets.js';
import type { LearnedRule } from './rule.js';
import { readRuleFile } from './rule-file.js';

/** Unknown names are reported as skipped clauses. */
export function readDatasetRules(path: string, dataset: KgDataset): { rules: LearnedRule[]; skipped: Array<{ line: number; reason: string }> } {
  const rel = new Map(dataset.relations.map((r, i) => [r, i]));
  const ent = new Map(dataset.entities.map((e, i) => [e, i]));
  // The Datalog names of hyphenated keys use `_` (the kinship pack's father_in_law reads father-in-law).
  const relLoose = new Map(dataset.relations.map((r, i) => [r.replace(/-/g, '_'), i]));
  return readRuleFile(path, (n) => rel.get(n) ?? relLoose.get(n) ?? -1, (n) => ent.get(n) ?? -1, dataset.relations.length);
}
