/** Wire types of the rule-learning calls (rules.learn, rules.eval, rules.answer) and of rule sets and their predictions in a KG. */

/** One learned rule as the UI and the CLI show it. */
export interface LearnedRuleView {
  /** The clause in Relata's Datalog syntax. */
  rule: string;
  head: string;
  length: number;
  kind: 'cyclic' | 'constant' | 'dangling';
  support: number;
  bodySize: number;
  confidence: number;
  pcaConfidence: number;
  headCoverage: number;
  /** Counted on a sample of the body's groundings. */
  sampled: boolean;
  /** Groundings that support the rule: the entity keys along the body path (X, inner variables, Y or the constant). */
  examples: string[][];
}

export interface RulesLearnResult {
  /** Rules learned. */
  rules: number;
  seconds: number;
  /** The .pl file written, or null. */
  out: string | null;
  /** Where the rules came from: a benchmark folder's training split, a story file, or the open KG. */
  source: 'dataset' | 'stories' | 'kg';
  cancelled: boolean;
  /** Training triples (or stories) learned from. */
  examples: number;
  /** The best rules (up to `limit`). */
  top: LearnedRuleView[];
}

export interface RulesEvalResult {
  mrr: number;
  hits_at_1: number;
  hits_at_3: number;
  hits_at_10: number;
  seconds: number;
  /** Rules read from the file, and clauses skipped (not path rules over the dataset's vocabulary). */
  rules: number;
  skipped: number;
  /** Ranked queries (two per test triple). */
  queries: number;
  /** Whether an embedding model took part, and how it combined with the rules. */
  with_model: boolean;
  combine: 'rules-first' | 'noisy-or' | null;
  /** Noisy-or: the weight of the rules' confidences, chosen on the validation split. */
  rule_weight: number | null;
}

export interface StoryAnswerView {
  query: [string, string];
  target: string | null;
  predicted: string | null;
  confidence: number;
  /** The derivation, one derived fact a line, with the rule that made it. */
  proof: string[];
}

export interface RulesAnswerResult {
  /** Share of the stories with a target whose predicted relation is the target. */
  accuracy: number;
  n: number;
  answers: StoryAnswerView[];
}

export interface StoredRuleView {
  /** The rule's id in its set (rules.remove and `relata rules remove --rule ID` name it by this). */
  id: number;
  ruleSet: string;
  rule: string;
  head: string;
  stats: Record<string, unknown> | null;
  acceptedAt: string;
}

export interface RuleSetsResult {
  sets: Array<{ name: string; rules: StoredRuleView[] }>;
  /** Rules a reviewer rejected (never proposed again). */
  rejected: string[];
}

/** A triple predicted by a rule set, with the rules that fired (best first) and one grounding of each. */
export interface RulePredictionView {
  subject: string;
  subjectLabel: string;
  predicate: string;
  object: string;
  objectLabel: string;
  /** The best firing rule's confidence (support / (body + 5), as ranking uses it). */
  confidence: number;
  rules: Array<{ rule: string; confidence: number; grounding: string[] }>;
}

export interface RulePredictionsResult {
  ruleSet: string;
  rules: number;
  /** Best first; facts already in the KG and rejected triples are left out. */
  predictions: RulePredictionView[];
}

export interface RulePredictionReview {
  accepted: boolean;
  /** Accept: the triple was added. Reject: a new rejection was recorded. */
  changed: boolean;
  /** Accept: the change-log entry (edit.undo takes it back out). */
  changeId: number | null;
}
