/**
 * Wire types of the GNN over the open KG (core/gnn/kg: classify, explain, review, hidden-layer embeddings).
 * Plain JSON shapes, no behaviour.
 */

/** The node classifiers: a GCN (Kipf & Welling 2017) or an R-GCN (Schlichtkrull et al. 2018). */
export type GnnModelName = 'gcn' | 'rgcn';

export interface GnnEntityPrediction {
  key: string;
  label: string | null;
  /** Predicted class (an entity type, or a value of the target property): the most probable one not rejected. */
  predicted: string;
  /** Softmax probability of the predicted class. */
  confidence: number;
  /** Whether the entity has a type in the KG (a label the model could learn from or be tested on). */
  labelled: boolean;
  actual: string | null;
  split: 'train' | 'val' | 'test' | null;
  /** The predicted class is already a fact in the KG (nothing to accept). */
  known: boolean;
  /** Classes a reviewer rejected for this entity (absent when none). */
  rejected?: string[];
}

export interface GnnClassifyResult {
  /** 'type' or 'prop:PREDICATE'. */
  target: string;
  model: GnnModelName;
  /** The predicate an accepted prediction is stored with (the KG's type predicate, or the target property). */
  predicate: string;
  classes: string[];
  nodes: number;
  edges: number;
  /** Width of the feature matrix. */
  features: number;
  /** The feature groups used, in column order (predicates, neighbour-labels, types, degree, text, embedding:NAME). */
  featureGroups: string[];
  /** Columns per group, in the same order. */
  featureBlocks: Array<{ group: string; size: number }>;
  split: { train: number; val: number; test: number };
  seeds: number;
  epochs: number;
  testAccuracy: number;
  testAccuracyStd: number;
  valAccuracy: number;
  /** Test accuracy of always predicting the most frequent training class. */
  majorityAccuracy: number;
  /** Test split of the kept model: confusion[true class][predicted class]. */
  confusion: number[][];
  trainSeconds: number;
  predictions: GnnEntityPrediction[];
  /** True when the KG has more entities than the most predictions returned (20,000). */
  truncated: boolean;
  /** Rejected (entity, class) pairs trained as negatives. */
  negatives: number;
  /** Width of the hidden-layer node embeddings kept for "similar to" (gnn.similar). */
  embeddingDim: number;
}

export interface GnnEdgeImportance {
  tripleId: number;
  direction: 'out' | 'in';
  predicate: string;
  predicateLabel: string | null;
  neighbour: string;
  neighbourLabel: string | null;
  /** Drop in the predicted class's probability when the edge to this neighbour is removed (negative: it argued against). */
  importance: number;
}

export interface GnnExplainResult {
  key: string;
  label: string | null;
  predicted: string;
  confidence: number;
  actual: string | null;
  /** Incident entity–entity triples, most important first. Triples linking the same pair share one GCN edge and one score. */
  edges: GnnEdgeImportance[];
}

export interface GnnReviewResult {
  accepted: boolean;
  /** Facts added (accept) or rejections recorded (reject). */
  changed: number;
  /** Accept: the change-log entry that edit.undo reverts; null when nothing changed. */
  changeId: number | null;
  /** Accept: the `sources` row naming the model; null when nothing changed. */
  sourceId: number | null;
  items: Array<{ key: string; class: string; confidence: number; changed: boolean }>;
}

/** A classification's hidden layer kept with the KG (gnn.embeddings). */
export interface GnnEmbeddingSummary {
  name: string;
  model: string;
  target: string;
  dim: number;
  entityCount: number;
  /** Test accuracy of the classification they come from. */
  testAccuracy: number | null;
  createdAt: string;
}

export interface GnnSimilarEntities {
  /** The embeddings searched (a GnnEmbeddingSummary name). */
  name: string;
  entity: string;
  neighbours: Array<{ entity: string; label: string; cosine: number }>;
}
