/** Data shapes that cross the API boundary (IPC, HTTP/WebSocket, CLI --json). Plain JSON only. */

export type ProvenanceKind = 'file' | 'user' | 'rule' | 'model';
export type Split = 'train' | 'valid' | 'test';

export const IMPORT_FORMATS = ['tsv', 'csv', 'nt', 'nq', 'ttl', 'trig', 'jsonld', 'graphml', 'gexf', 'benchmark'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const EXPORT_FORMATS = ['tsv', 'nt', 'ttl', 'jsonld', 'graphml', 'gexf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface KgInfo {
  path: string;
  name: string;
  schemaVersion: number;
}

export interface CountByName {
  name: string;
  label: string;
  count: number;
}

export interface KgStats {
  entities: number;
  predicates: number;
  triples: number;
  literals: number;
  derived: number;
  /** Triples per split, for KGs imported from a link-prediction benchmark folder; {} otherwise. */
  splits: Partial<Record<Split, number>>;
  types: CountByName[];
  predicateCounts: CountByName[];
  sources: number;
}

export interface EntitySummary {
  id: number;
  key: string;
  label: string;
  type: string | null;
  degree: number;
}

export type ObjectValue =
  | { kind: 'entity'; id: number; key: string; label: string; type: string | null }
  | { kind: 'literal'; value: string; datatype: string; lang: string };

export interface Provenance {
  kind: ProvenanceKind;
  source: string;
  line: number | null;
}

export interface TripleView {
  id: number;
  subject: { id: number; key: string; label: string };
  predicate: { key: string; label: string };
  object: ObjectValue;
  confidence: number;
  split: Split | null;
  derived: boolean;
  provenance: Provenance | null;
}

export interface EntityDetail extends EntitySummary {
  props: Record<string, unknown>;
  aliases: string[];
  outgoing: TripleView[];
  incoming: TripleView[];
}

export interface GraphNode {
  id: number;
  key: string;
  label: string;
  type: string | null;
  degree: number;
}

export interface GraphEdge {
  id: number;
  source: number;
  target: number;
  predicate: string;
  label: string;
  derived: boolean;
}

export interface GraphSlice {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the KG had more than the requested bound and the slice was trimmed (its entities or its triples). */
  truncated: boolean;
  totalEntities: number;
  /** Triples among the slice's entities that pass the filter, before the slice's triple cap (`maxEdges`). */
  totalEdges?: number;
}

export interface BadLine {
  file: string;
  line: number;
  message: string;
}

export interface FileImportResult {
  file: string;
  format: ImportFormat;
  read: number;
  added: number;
  duplicates: number;
  skipped: BadLine[];
  seconds: number;
}

export interface ImportResult {
  files: FileImportResult[];
  stats: KgStats;
}

export interface ExportResult {
  file: string;
  format: ExportFormat;
  triples: number;
}

export interface ProgressEvent {
  /** What is being done, e.g. "importing train.txt". */
  phase: string;
  done: number;
  /** Total units when known (bytes of a file, triples of an export). */
  total?: number;
  unit: 'bytes' | 'triples' | 'items' | 'epochs';
  /** Streaming text so far (an LLM's answer as it arrives). */
  text?: string;
  /** A training run's state (model.train): one event when it starts, one per epoch, one per pause/resume. */
  training?: TrainingProgress;
}

export interface TrainingProgress {
  /** Names the run for model.control (pause, resume, cancel). */
  runId: string;
  model: string;
  state: 'running' | 'paused' | 'cancelling' | 'storing';
  /** Epochs done so far (0 before the first one ends) out of at most `epochs` (early stopping may end sooner). */
  epoch: number;
  epochs: number;
  /** Mean training loss of the latest epoch; null before the first one. */
  loss: number | null;
  /** The latest filtered validation MRR; null before the first validation. */
  validMrr: number | null;
  elapsedSeconds: number;
  /** Seconds left if every remaining epoch runs; null before the first epoch. */
  etaSeconds: number | null;
  /** The epochs finished since the previous event (events come at most ~10 per second; none is lost). */
  points: TrainingCurvePoint[];
}

export interface TrainingCurvePoint {
  epoch: number;
  loss: number;
  /** Set on the epochs that were validated. */
  validMrr: number | null;
  elapsedSeconds: number;
}

export interface RecentFile {
  path: string;
  openedAt: string;
}

export interface EditResult {
  /** The change-log entry this edit (or undo/redo) concerns. */
  changeId: number;
  kind: string;
  summary: string;
  /** How many elementary operations it applied. */
  ops: number;
}

export interface ChangeLogEntry {
  id: number;
  at: string;
  kind: string;
  summary: string;
  undone: boolean;
}

export interface PathStep {
  triple: TripleView;
  /** True when the path walks this triple from object to subject. */
  reversed: boolean;
}

export interface PathResult {
  from: string;
  to: string;
  /** Shortest paths (all of the minimal length, up to the limit), each a chain of triples. */
  paths: PathStep[][];
  hops: number | null;
}

export interface FindingContribution {
  key: string;
  label: string;
  type: string | null;
  /** This finding's term in the score (log-likelihood ratio; positive supports the cause). */
  contribution: number;
  /** The linking triple's confidence (e.g. frequency), or null when the cause is not linked to the finding. */
  confidence: number | null;
  triple: number | null;
}

export interface CauseCandidate {
  rank: number;
  key: string;
  label: string;
  type: string | null;
  score: number;
  evidence_for: number;
  evidence_against: number;
  /** Observed findings this cause explains. */
  matched: FindingContribution[];
  /** Observed findings this cause does not explain. */
  unexplained: FindingContribution[];
  /** Findings this cause usually shows that were not observed. */
  missing: FindingContribution[];
}

export interface CauseRanking {
  relation: string;
  direction: 'cause-to-finding' | 'finding-to-cause';
  findings: Array<{ input: string; key: string; label: string; via: string; alternatives: Array<{ key: string; label: string }> }>;
  candidates: CauseCandidate[];
  total_candidates: number;
}

export interface SessionSummary {
  id: number;
  name: string;
  createdAt: string;
  steps: number;
}

export interface SessionStep {
  id: number;
  sessionId: number;
  /** The API call this step ran (e.g. `findings.explain`), or `note`. */
  kind: string;
  title: string;
  input: unknown;
  output: unknown;
  startedAt: string;
  durationMs: number | null;
}

export interface SessionDetail extends SessionSummary {
  timeline: SessionStep[];
}

export interface StepRerun {
  stepId: number;
  title: string;
  changed: boolean;
  before: unknown;
  after: unknown;
  error: string | null;
}

export interface FeedbackEntry {
  id: number;
  sessionId: number | null;
  stepId: number | null;
  targetKind: 'answer' | 'derived' | 'prediction' | 'ranking';
  /** What was rated, e.g. {question, answer} or {subject, predicate, object}. */
  target: unknown;
  rating: -1 | 0 | 1;
  correction: string | null;
  createdAt: string;
}

export interface PreferencePair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** A fact given to (and citable by) question answering: a stored triple `F<id>`, or a rule-derived one `D<n>`. */
export interface QaFact {
  id: string;
  kind: 'stored' | 'derived' | 'predicted';
  subject: { key: string; label: string };
  predicate: { key: string; label: string };
  object: { key: string | null; label: string };
  text: string;
  confidence: number;
  tripleId: number | null;
  provenance: Provenance | null;
  /** For rule-derived facts: the proof down to stored triples. */
  proof?: unknown;
}

/** Stored entity embeddings: a KG embedding model (`model.list`) or a set of GNN node embeddings (`gnn.embeddings`). */
export type EmbeddingSource = { kind: 'model'; name: string } | { kind: 'gnn'; name: string };

/**
 * An entity near a linked one in embedding space, given to question answering as model context (`S<n>`): a
 * similarity a model learned, never a stored fact.
 */
export interface QaSimilar {
  id: string;
  kind: 'similar';
  /** The linked entity. */
  entity: { key: string; label: string };
  /** Its neighbour in embedding space. */
  similar: { key: string; label: string; type: string | null };
  cosine: number;
  source: EmbeddingSource;
  text: string;
}

export interface QaMention {
  text: string;
  key: string;
  label: string;
  type: string | null;
  via: string;
  alternatives: Array<{ key: string; label: string }>;
}

export interface QaFlag {
  /** The answer's sentence that is flagged. */
  sentence: string;
  problem: string;
}

export interface AskResult {
  question: string;
  /** `graph`: answered from the KG alone; `llm`: phrased by a language model from the retrieved facts. */
  mode: 'graph' | 'llm';
  answered: boolean;
  answer: string;
  steps: string[];
  mentions: QaMention[];
  facts: QaFact[];
  /** Fact ids the answer rests on. */
  citations: string[];
  flags: QaFlag[];
  llm: { url: string; model: string } | null;
  /** With an embedding source: the linked entities' nearest entities, model context that is never a stored fact. */
  context?: QaSimilar[];
  /** The answer as data: entities (key, label) or literal values (key = label = the value), best first; empty when unanswered. */
  answers: QaAnswer[];
  /** How the question was read: the query or chain it ran (Datalog-style, e.g. `?- aunt(charlie, X).`), or what was tried. */
  reading: string;
  /** A count's counted entities ("How many …": `answers` holds the number as a literal). */
  counted?: QaAnswer[];
  /**
   * Set when the answers are predictions — links a stored embedding model or a rule set proposes that the KG does
   * not state — never facts; their scores are the model's probabilities or the rules' confidences.
   */
  predicted?: { by: 'model' | 'rules'; name: string } | null;
  /**
   * The reading as a query the Query view runs (Relata's Datalog over the KG's predicates, with the rule packs it
   * needs), or null when the reading is no such query (a ranking, a model's predictions); `queryNote` says why or
   * what the query leaves out.
   */
  query?: { text: string; packs: string[] } | null;
  queryNote?: string;
  /** When the question was not understood: the closest readings, as queries ("aunt(charlie, X)"). */
  suggestions?: string[];
}

/** One answer of `qa.ask`: an entity or a literal value with its score (1 for a fact the KG states or a rule derives). */
export interface QaAnswer {
  key: string;
  label: string;
  score: number;
  /** A predicted link's target (a model's or rule set's proposal, not a fact). */
  predicted?: boolean;
}

/** Which triples and entities a graph slice shows. */
export interface SliceFilter {
  types?: string[];
  predicates?: string[];
  minConfidence?: number;
  sources?: ProvenanceKind[];
  derived?: 'all' | 'asserted' | 'derived';
}

export interface DuplicateCandidate {
  a: { key: string; label: string; type: string | null };
  b: { key: string; label: string; type: string | null };
  /** Label similarity in [0, 1] (Jaro-Winkler on normalised labels). */
  similarity: number;
}

export interface NodePosition {
  key: string;
  x: number;
  y: number;
}
