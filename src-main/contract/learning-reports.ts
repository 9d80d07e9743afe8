/**
 * Reports of the learning runs the CLI prints and any face may call: embeddings.train (train and evaluate in this
 * process), embeddings.evaluate and embeddings.predict (a model file), gnn.run (GCN / R-GCN experiments). snake_case
 * as printed by `relata … --json`; deep parts the faces only pass on (per-relation metrics, the full configuration)
 * stay plain JSON.
 */

/** Filtered ranking metrics (train, eval): overall, by direction and per relation. */
export interface RankingMetricsJson {
  mrr: number;
  hits_at_1: number;
  hits_at_3: number;
  hits_at_10: number;
  mean_rank: number;
  test_queries: number;
  eval_seconds: number;
  head: Record<string, number>;
  tail: Record<string, number>;
  per_relation?: Record<string, Record<string, number>>;
}

export interface EmbeddingTrainReport extends RankingMetricsJson {
  model: string;
  dataset: string;
  train_seconds: number;
  engine: string;
  engine_reason: string;
  epochs: number;
  best_epoch: number;
  valid_mrr: number | null;
  /** How training ended: early stopping, the epoch limit, 'interrupted' (Cancel) or 'time-limit' (maxMinutes). */
  stopped_by: string;
  dim: number;
  threads: number;
  peak_rss_mb: number;
  config: Record<string, unknown>;
  /** The published results the model's defaults aim at. */
  aims_at: unknown;
  model_file: string | null;
  rejected_negatives: number;
  rejected_negative_uses: number;
  /** The model's name in the KG, when trained on the KG. */
  stored_model: string | null;
  session_step: number | null;
}

export interface ModelFileEvaluation extends RankingMetricsJson {
  model: string;
  dataset: string;
  model_file: string;
  dim: number;
  /** Test triples left out because they name an entity or relation the model does not know. */
  dropped_triples: number;
  engine: string;
  threads: number;
  peak_rss_mb: number;
}

export interface ModelFilePrediction {
  model: string;
  model_file: string;
  query: { head: string; relation: string } | { tail: string; relation: string };
  predict: 'tail' | 'head';
  known_facts: number;
  candidates: Array<{ rank: number; entity: string; score: number; known: boolean }>;
}

/** One gnn.run: node classification (GCN / R-GCN) or link prediction (R-GCN + DistMult), as the CLI prints it. */
export type GnnRunReport = GnnNodeClassReport | GnnLinkPredReport;

/** `relata gnn --task node-class` / gnn.run's report: a GCN or an R-GCN trained over several seeds. */
export interface GnnNodeClassReport {
  model: 'gcn' | 'rgcn';
  dataset: string;
  nodes: number;
  edges: number;
  features: number;
  /** The same width (features), under the name the KG feature choice reports it with. */
  num_features: number;
  /** KG node classification: the feature groups used, in column order, and their columns. */
  feature_groups?: string[];
  feature_blocks?: Array<{ group: string; size: number }>;
  classes: number;
  split: { train: number; val: number; test: number };
  seeds: number;
  test_accuracy: number;
  test_accuracy_std: number;
  val_accuracy: number;
  /** Test accuracy of always predicting the most frequent training class. */
  majority_accuracy: number;
  /** Sum of all seeds' training time. */
  train_seconds: number;
  preprocess_seconds: number;
  mean_epochs: number;
  settings: {
    hidden: number;
    dropout: number;
    weight_decay: number;
    learning_rate: number;
    epochs: number;
    early_stopping_window: number;
    /** R-GCN: basis matrices. */
    bases?: number;
    /** R-GCN: relation types, reversed ones included. */
    relation_types?: number;
  };
  published_test_accuracy?: number;
  class_names: string[];
  /** Test split, summed over seeds: rows = true class, columns = predicted class. */
  test_confusion: number[][];
  runs: Array<{ seed: number; test_accuracy: number; val_accuracy: number; epochs: number; train_seconds: number }>;
}

interface LinkPredSummary {
  model: string;
  seeds: number;
  test_mrr: number;
  test_mrr_std: number;
  test_hits_at_1: number;
  test_hits_at_3: number;
  test_hits_at_10: number;
  valid_mrr: number;
  train_seconds: number;
  /** The model's settings as trained. */
  settings: object;
  runs: unknown[];
}

export interface GnnLinkPredReport extends LinkPredSummary {
  dataset: string;
  split: string;
  entities: number;
  relations: number;
  triples: { train: number; valid: number; test: number };
  protocol: string;
  model_file?: string;
  baseline?: LinkPredSummary;
}
