/**
 * Wire types of the rule engine's calls (reason.query, reason.materialize, reason.relate): answers with proof trees
 * whose leaves carry the stored triples' provenance, materialisation counts, and relations with connecting paths.
 */

/** One step of a Datalog proof: a derived fact with its rule and premises, or a base fact. */
export interface ProofNode {
  fact: string;
  predicate: string;
  args: Array<string | number>;
  /** The rule text, for a derived fact. */
  rule?: string;
  premises?: ProofNode[];
  /** Negations and comparisons the rule checked, instantiated. */
  conditions?: string[];
  /** For a base fact: 'program' (a fact in the rule text) or 'source' (the fact source, e.g. a KG triple). */
  base?: 'program' | 'source';
  /** The fact source's tag of a base fact (a KG triple id). */
  tag?: number;
  truncated?: boolean;
}

/** A proof over a KG: base facts that came from the KG say which triple (or entity type) they are. */
export interface KgProofNode extends ProofNode {
  premises?: KgProofNode[];
  /** For a base fact stored as a triple: its id and provenance. */
  triple?: { id: number; derived: boolean; source: { kind: string; name: string } | null; line: number | null };
  /** For a base fact that is an entity's type column. */
  entity_type?: { entity_id: number };
  /** The reading convention (e.g. family-tree) whose rule made this step, when one did. */
  convention?: string;
}

export interface KgQueryResult {
  variables: string[];
  answers: Array<{ bindings: Record<string, string | number>; proof?: KgProofNode[] }>;
  count: number;
  warnings: string[];
  stats: { rounds: number; derived: number; ms: number; magic: boolean };
  /** Conventions loaded with the rules (e.g. family-tree); present only when some were. */
  conventions?: string[];
  /** Of those, the ones the answers' proofs use (with `explain`); proof steps they made carry `convention`. */
  conventions_used?: string[];
}

export interface MaterializeResult {
  rule_set: string;
  /** Triples derived now that were not derived before by this rule set. */
  derived: number;
  /** Triples this rule set had derived before that no longer hold. */
  removed: number;
  /** All triples this rule set derives now. */
  total_derived: number;
  /** Derived facts not stored as triples (not binary, subject not an entity, or already a stored triple). */
  not_stored: number;
  source_id: number | null;
  rounds: number;
  ms: number;
  warnings: string[];
  /** Conventions loaded with the rules (e.g. family-tree); present only when some were. Each triple's props name its rule. */
  conventions?: string[];
}

export interface KgPathStep {
  triple_id: number;
  s: string;
  p: string;
  o: string;
  derived: boolean;
  /** 'forward' when the path walks the triple from subject to object. */
  direction: 'forward' | 'backward';
}

export interface KgPath {
  length: number;
  entities: string[];
  steps: KgPathStep[];
}

export interface RelationFound {
  /** The vocabulary name: the predicate with `_` written as `-` (father_in_law → father-in-law). */
  relation: string;
  predicate: string;
  /** True when the KG stores this fact itself (no rule was needed). */
  stored: boolean;
  proof: KgProofNode;
  /**
   * Which reading of the relation holds, when the rules tell readings apart (an aunt by blood, a parent's
   * sibling, or by marriage, a parent's sibling's spouse): from the rules' `<relation>_by_blood` and
   * `<relation>_by_marriage`, which are folded in here rather than listed as relations of their own.
   */
  readings?: Array<'by blood' | 'by marriage'>;
  /** Conventions (e.g. family-tree) the proof uses; its steps made by one carry `convention`. Empty when none. */
  conventions_used: string[];
}

export interface RelateResult {
  a: string;
  b: string;
  relations: RelationFound[];
  paths: KgPath[];
  /** Conventions loaded with the rules (e.g. family-tree); empty for the strict reading. */
  conventions: string[];
  /** Of those, the ones some relation's proof uses. */
  conventions_used: string[];
}
