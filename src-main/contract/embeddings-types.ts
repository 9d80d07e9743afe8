/**
 * Wire types of KG embeddings (core/embeddings: models stored in the KG, their predictions, review and training
 * runs) and of stored entity vectors in use (core/node-embeddings: clusters). Plain JSON shapes, no behaviour.
 */
import type { EmbeddingSource } from './types.js';

/** The embedding models (interaction functions) Relata trains. */
export type ModelName = 'transe' | 'distmult' | 'complex' | 'rotate';

export type LossName = 'cross-entropy' | 'margin-ranking' | 'softplus' | 'self-adversarial';

export type OptimizerName = 'adam' | 'adagrad';

/** Every training setting. `negatives` is ignored by the 1-vs-all cross-entropy loss. */
export interface TrainingConfig {
  model: ModelName;
  /** Reals per entity row (complex models: 2 x complex rank). */
  dim: number;
  loss: LossName;
  negatives: number;
  margin: number;
  adversarialTemperature: number;
  /** Train (t, r^-1, h) for every (h, r, t) and answer head queries with the inverse relation. */
  reciprocal: boolean;
  regularizer: 'n3' | 'none';
  regularizerWeight: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** Queries per batch (a triple gives two queries: tail and head / inverse). */
  batchSize: number;
  epochs: number;
  /** Std of the normal initialisation (0 = uniform +-6/sqrt(dim), as TransE). */
  initScale: number;
  /** Renormalise entity rows to unit L2 norm before each batch (TransE). */
  unitEntities: boolean;
  /** Validate every N epochs; stop after `patience` validations without MRR gain; keep the best. */
  evalEvery: number;
  patience: number;
  /**
   * Smallest relative gain over the best validation MRR so far that resets `patience` (0.005 = 0.5%; 0 = any gain).
   * A smaller gain still keeps the better parameters but counts towards stopping, as PyKEEN's relative_delta does.
   */
  minGain: number;
  /** Validation queries used for early stopping (0 = all). */
  validationLimit: number;
  seed: number;
  /** Worker threads for gradients and evaluation (1 = main thread only). */
  threads: number;
}

/** A published result a model's defaults aim at. */
export interface PublishedResult {
  source: string;
  dataset: string;
  mrr: number;
}

/** The settings the app may override; every other one comes from the model's defaults. */
export type TrainingSettings = Partial<
  Pick<TrainingConfig, 'dim' | 'loss' | 'negatives' | 'reciprocal' | 'regularizerWeight' | 'optimizer' | 'learningRate' | 'batchSize' | 'epochs' | 'evalEvery' | 'patience' | 'minGain' | 'seed'>
>;

export interface ModelCurvePoint {
  epoch: number;
  loss: number;
  validMrr: number | null;
  elapsedSeconds: number;
}

/** A model stored with the KG, as model.list shows it. */
export interface KgModelSummary {
  name: string;
  kind: ModelName;
  settings: TrainingConfig;
  metrics: Record<string, unknown> | null;
  curve: ModelCurvePoint[];
  entityCount: number;
  relationCount: number;
  createdAt: string;
}

/**
 * Every score also comes as a probability in [0, 1]: the softmax of the model's scores over all entities as the
 * answer of the query, the confidence accepted triples carry.
 */
export interface LinkCandidate {
  rank: number;
  entity: string;
  label: string;
  score: number;
  probability: number;
  /** Already a fact in the KG. */
  known: boolean;
  /** A reviewer rejected this triple. */
  rejected: boolean;
}

export interface LinkPrediction {
  model: string;
  predict: 'tail' | 'head';
  anchor: string;
  relation: string;
  knownFacts: number;
  candidates: LinkCandidate[];
}

export interface LinkSuggestion {
  subject: string;
  subjectLabel: string;
  predicate: string;
  object: string;
  objectLabel: string;
  score: number;
  probability: number;
}

export interface SuggestionQueue {
  model: string;
  /** Queries scored: (anchor, relation, ?) and, for chosen entities, (?, relation, anchor). */
  queries: number;
  anchors: number;
  /** True when the KG had more entities than maxAnchors: the best-connected ones were used. */
  truncated: boolean;
  suggestions: LinkSuggestion[];
}

export interface ReviewResult {
  model: string;
  subject: string;
  predicate: string;
  object: string;
  accepted: boolean;
  score: number;
  probability: number;
  /** Accept: the triple was added (false: it was already a fact). Reject: a new negative was recorded. */
  changed: boolean;
  /** Accept: the `sources` row naming the model. */
  sourceId: number | null;
  /** Accept: the change-log entry (edit.undo takes the triple back out). */
  changeId: number | null;
}

export interface SimilarEntities {
  model: string;
  entity: string;
  neighbours: Array<{ entity: string; label: string; cosine: number }>;
}

/** Where a KG's training split came from: the triples' `split` column, or a seeded random 90/5/5 split. */
export type KgSplitKind = 'stored' | 'random-90-5-5';

export interface TrainedKgModel {
  runId: string;
  /** The stored model as model.list shows it (settings, metrics, training curve). */
  model: KgModelSummary;
  /** Filtered test metrics, both directions. */
  test: { mrr: number; hitsAt1: number; hitsAt3: number; hitsAt10: number; meanRank: number; queries: number };
  stoppedBy: 'epochs' | 'early-stopping' | 'cancelled';
  epochsRun: number;
  bestEpoch: number;
  validMrr: number | null;
  trainSeconds: number;
  engine: string;
  split: KgSplitKind;
  triples: { train: number; valid: number; test: number };
}

export interface TrainingDefaults {
  /** The model used when none is named. */
  best: string;
  models: Array<{ model: string; settings: Required<TrainingSettings>; aimsAt: PublishedResult[] }>;
}

export interface EntityClusterMember {
  key: string;
  label: string;
  type: string | null;
  /** Cosine to the cluster's centre: members come most typical first. */
  cosine: number;
}

export interface EntityCluster {
  /** 0..k-1, largest cluster first. */
  id: number;
  size: number;
  /** Entity types in the cluster, commonest first (untyped entities not counted). */
  types: Array<{ type: string; count: number }>;
  /** The `members` most typical members. */
  members: EntityClusterMember[];
}

/** k-means++ clusters of a stored embedding's entities (embeddings.cluster). */
export interface EntityClusters {
  source: EmbeddingSource;
  k: number;
  seed: number;
  entityCount: number;
  dim: number;
  iterations: number;
  /** Sum of squared distances to the nearest centre, on the normalised rows. */
  inertia: number;
  /** Mean silhouette in [-1, 1] on `silhouetteSample` entities (null: fewer than two clusters). */
  silhouette: number | null;
  silhouetteSample: number;
  /** Agreement with the entity types, where at least two types occur among the entities. */
  types: { typed: number; classes: number; purity: number; randomPurity: number; nmi: number } | null;
  clusters: EntityCluster[];
  /** Every entity's cluster (key → id), for colouring the graph; null when not asked for. */
  assignment: Record<string, number> | null;
}
