/**
 * The GNN as the app uses it: classify the open KG's entities by type with a GCN (kg-node-classification features,
 * Kipf & Welling defaults), report accuracy, confusion and every entity's predicted class, and explain one entity's
 * prediction by edge occlusion. The trained model is returned to the caller (the service keeps it for explain).
 */
import { basename } from 'node:path';
import type { KgStore } from '../store/kg-store.js';
import { csrTimesDense } from './csr.js';
import { GCN_DEFAULTS, prepareGcnGraph, trainGcn, type GcnRun, type GcnSettings } from './gcn-train.js';
import { NO_DROPOUT, type GcnModel } from './gcn-model.js';
import { kgNodeClassificationData, TYPE_PREDICATE_KEYS } from './kg-node-classification.js';
import type { NodeClassificationData } from './node-classification.js';
import { edgeOcclusionSaliency } from './occlusion-saliency.js';

/** At most this many entities' predictions are returned (the graph view never shows more). */
export const MAX_RETURNED_PREDICTIONS = 20_000;

export interface GnnClassifyOptions {
  readonly target: 'type';
  /** Models trained (init seeds 0..seeds−1) and averaged; the first one is kept for predictions and explain. */
  readonly seeds: number;
  readonly epochs?: number;
  /** Seed of the train/validation/test split. */
  readonly splitSeed?: number;
}

export interface GnnEntityPrediction {
  key: string;
  label: string | null;
  /** Predicted class (an entity type). */
  predicted: string;
  /** Softmax probability of the predicted class. */
  confidence: number;
  /** Whether the entity has a type in the KG (a label the model could learn from or be tested on). */
  labelled: boolean;
  actual: string | null;
  split: 'train' | 'val' | 'test' | null;
}

export interface GnnClassifyResult {
  target: 'type';
  model: 'gcn';
  classes: string[];
  nodes: number;
  edges: number;
  features: number;
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
  /** True when the KG has more entities than MAX_RETURNED_PREDICTIONS. */
  truncated: boolean;
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

export interface TrainedKgGnn {
  readonly fingerprint: string;
  readonly data: NodeClassificationData;
  readonly model: GcnModel;
  /** Softmax probabilities, numNodes × classes, of the kept model without dropout. */
  readonly probabilities: Float32Array;
  readonly run: GcnRun;
}

/** Changes whenever entities, triples or the edit log change, so a kept model is retrained after an edit. */
export function kgFingerprint(store: KgStore): string {
  const row = store.db
    .prepare(
      `SELECT (SELECT count(*) FROM entities), (SELECT max(id) FROM entities), (SELECT count(*) FROM triples),
              (SELECT max(id) FROM triples), (SELECT max(id) FROM change_log), (SELECT total(length(type)) FROM entities)`,
    )
    .raw()
    .get() as unknown[];
  return JSON.stringify(row);
}

export function classifyKg(store: KgStore, options: GnnClassifyOptions): { result: GnnClassifyResult; trained: TrainedKgGnn } {
  const fingerprint = kgFingerprint(store);
  const data = kgNodeClassificationData(store, basename(store.path), { target: options.target, seed: options.splitSeed ?? 0 });
  const settings: GcnSettings = { ...GCN_DEFAULTS, ...(options.epochs ? { epochs: options.epochs } : {}) };
  const graph = prepareGcnGraph(data);
  const runs: GcnRun[] = [];
  let kept: GcnModel | null = null;
  for (let seed = 0; seed < options.seeds; seed++) {
    const { run, model } = trainGcn(data, graph, settings, seed);
    runs.push(run);
    kept ??= model;
  }
  const model = kept!;
  const c = data.numClasses;
  const logp = model.forward(NO_DROPOUT);
  const probabilities = Float32Array.from(logp, Math.exp);
  const run = runs[0];

  const splitOf = new Map<number, 'train' | 'val' | 'test'>();
  for (const i of data.trainIdx) splitOf.set(i, 'train');
  for (const i of data.valIdx) splitOf.set(i, 'val');
  for (const i of data.testIdx) splitOf.set(i, 'test');
  const labels = store.db.prepare('SELECT label FROM entities ORDER BY id LIMIT ?').pluck().all(MAX_RETURNED_PREDICTIONS) as Array<string | null>;
  const predictions: GnnEntityPrediction[] = labels.map((label, i) => {
    let best = 0;
    for (let k = 1; k < c; k++) if (probabilities[i * c + k] > probabilities[i * c + best]) best = k;
    return {
      key: data.nodeIds[i],
      label,
      predicted: data.classNames[best],
      confidence: probabilities[i * c + best],
      labelled: data.labels[i] >= 0,
      actual: data.labels[i] >= 0 ? data.classNames[data.labels[i]] : null,
      split: splitOf.get(i) ?? null,
    };
  });

  const trainCounts = new Array<number>(c).fill(0);
  for (const i of data.trainIdx) trainCounts[data.labels[i]]++;
  const majority = trainCounts.indexOf(Math.max(...trainCounts));
  const majorityHits = [...data.testIdx].filter((i) => data.labels[i] === majority).length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const test = runs.map((r) => r.testAccuracy);
  const testMean = mean(test);

  const result: GnnClassifyResult = {
    target: options.target,
    model: 'gcn',
    classes: [...data.classNames],
    nodes: data.numNodes,
    edges: data.edgeSrc.length,
    features: data.numFeatures,
    split: { train: data.trainIdx.length, val: data.valIdx.length, test: data.testIdx.length },
    seeds: runs.length,
    epochs: run.epochsRun,
    testAccuracy: testMean,
    testAccuracyStd: Math.sqrt(mean(test.map((x) => (x - testMean) ** 2))),
    valAccuracy: mean(runs.map((r) => r.valAccuracy)),
    majorityAccuracy: data.testIdx.length ? majorityHits / data.testIdx.length : 0,
    confusion: run.testConfusion,
    trainSeconds: runs.reduce((a, r) => a + r.trainSeconds, 0),
    predictions,
    truncated: data.numNodes > MAX_RETURNED_PREDICTIONS,
  };
  return { result, trained: { fingerprint, data, model, probabilities, run } };
}

/** X·W1 of the kept model (no dropout): the part of the forward pass that edges do not change. */
export function firstLayerProducts(trained: TrainedKgGnn): Float32Array {
  const { model } = trained;
  const features = model.graph.features;
  return csrTimesDense(features, model.w1, model.hidden, new Float32Array(features.rows * model.hidden));
}

export function explainKgEntity(store: KgStore, trained: TrainedKgGnn, key: string, limit = 100): GnnExplainResult {
  const { data, model, probabilities } = trained;
  const node = data.nodeIds.indexOf(key);
  if (node < 0) throw new Error(`no entity "${key}" in the classified KG`);
  const c = data.numClasses;
  let predicted = 0;
  for (let k = 1; k < c; k++) if (probabilities[node * c + k] > probabilities[node * c + predicted]) predicted = k;
  const saliency = edgeOcclusionSaliency(model.graph.adjacency, firstLayerProducts(trained), model.w2, model.hidden, c, node, predicted);
  const importanceOf = new Map(saliency.edges.map((e) => [data.nodeIds[e.neighbour], e.importance]));

  const typeKeys = TYPE_PREDICATE_KEYS.map(() => '?').join(', ');
  const rows = store.db
    .prepare(
      `SELECT t.id, t.s = e.id AS out, p.key AS pkey, p.label AS plabel, n.key AS nkey, n.label AS nlabel
         FROM entities e JOIN triples t ON (t.s = e.id OR t.o = e.id) AND t.o > 0 AND t.s != t.o
         JOIN predicates p ON p.id = t.p AND p.key NOT IN (${typeKeys})
         JOIN entities n ON n.id = CASE WHEN t.s = e.id THEN t.o ELSE t.s END
        WHERE e.key = ?`,
    )
    .all(...TYPE_PREDICATE_KEYS, key) as Array<{ id: number; out: number; pkey: string; plabel: string | null; nkey: string; nlabel: string | null }>;
  const edges: GnnEdgeImportance[] = rows
    .filter((r) => importanceOf.has(r.nkey))
    .map((r) => ({
      tripleId: r.id,
      direction: r.out ? 'out' : 'in',
      predicate: r.pkey,
      predicateLabel: r.plabel,
      neighbour: r.nkey,
      neighbourLabel: r.nlabel,
      importance: importanceOf.get(r.nkey)!,
    }));
  edges.sort((a, b) => b.importance - a.importance || a.tripleId - b.tripleId);
  const label = store.db.prepare('SELECT label FROM entities WHERE key = ?').pluck().get(key) as string | null;
  return {
    key,
    label,
    predicted: data.classNames[predicted],
    confidence: saliency.baseline,
    actual: data.labels[node] >= 0 ? data.classNames[data.labels[node]] : null,
    edges: edges.slice(0, limit),
  };
}
