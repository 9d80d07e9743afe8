/**
 * The GNN as the app uses it: classify the open KG's entities by type or by a property's value with a GCN or an
 * R-GCN (kg/classification-data.ts features, the papers' defaults), report accuracy, confusion and every entity's
 * predicted class, and explain one entity's prediction by edge occlusion. Classes a reviewer rejected for an entity
 * are trained as negatives and never predicted for it again. The trained model is returned to the caller (the
 * service keeps it for explain, accept and reject).
 */
import { basename } from 'node:path';
import type { CallOptions } from '../../../contract/api.js';
import type { GnnClassifyResult, GnnEdgeImportance, GnnEntityPrediction, GnnExplainResult } from '../../../contract/gnn-types.js';
import { kgContentFingerprint } from '../../store/change-counter.js';
import { entityByKey } from '../../store/kg-lookup.js';
import type { KgStore } from '../../store/kg-store.js';
import { firstEntityLabels, predicateTermRows, tripleFromEntity, typedEntityTuples } from '../../store/learning-reads.js';
import { csrTimesDense } from '../kernels/csr-matrix.js';
import { GCN_DEFAULTS, type GcnRun, type RejectedClasses } from '../training/train-gcn.js';
import { kgNodeClassificationData, type KgNodeClassificationData } from './classification-data.js';
import { nodeClassifierEpochs, prepareNodeGraph, runInSlices, runToEnd, type NodeEpoch, type NodeModelName, type TrainedNodeClassifier } from '../training/train-node-classifier.js';
import { edgeOcclusionSaliency } from '../models/occlusion-saliency.js';
import { relationalGraph } from '../kernels/rgcn-layer.js';
import { RGCN_NODE_DEFAULTS } from '../models/rgcn-node-model.js';
import { majorityAccuracy } from '../training/node-classification-report.js';
import { predictedClass, rejectedGnnClasses } from './review-predictions.js';

/** At most this many entities' predictions are returned (the graph view never shows more). */
const MAX_RETURNED_PREDICTIONS = 20_000;

export interface GnnClassifyOptions {
  /** 'type' (entities.type) or 'prop:PREDICATE'. */
  readonly target: string;
  readonly model?: NodeModelName;
  /** Models trained (init seeds 0..seeds−1) and averaged; the first one is kept for predictions and explain. */
  readonly seeds: number;
  readonly epochs?: number;
  /** Seed of the train/validation/test split. */
  readonly splitSeed?: number;
  /** Feature groups (feature-groups.ts); default: the target's defaultFeatures. */
  readonly features?: readonly string[];
}

export interface TrainedKgGnn {
  readonly fingerprint: string;
  readonly options: { readonly target: string; readonly model: NodeModelName; readonly features?: readonly string[] };
  readonly data: KgNodeClassificationData;
  /** The kept (first) seed's model. */
  readonly classifier: TrainedNodeClassifier;
  /** Softmax probabilities, numNodes × classes, of the kept model without dropout. */
  readonly probabilities: Float32Array;
  readonly run: GcnRun;
  readonly testAccuracy: number;
  /** node · classes + class of every (entity, class) pair that is already a fact, and of every rejected one. */
  readonly known: ReadonlySet<number>;
  readonly rejected: ReadonlySet<number>;
}

/** Changes whenever entities, triples or the edit log change, so a kept model is retrained after an edit. */
export function kgFingerprint(store: KgStore): string {
  return kgContentFingerprint(store.db);
}

/** (entity, class) pairs stated in the KG: the type column or a type triple, or a triple of the target property. */
function knownPairs(store: KgStore, data: KgNodeClassificationData): Set<number> {
  const c = data.numClasses;
  const node = new Map(data.nodeIds.map((k, i) => [k, i]));
  const out = new Set<number>();
  for (let i = 0; i < data.numNodes; i++) if (data.labels[i] >= 0) out.add(i * c + data.labels[i]);
  const classOf = new Map<string, number>();
  data.classObjects.forEach((o, k) => classOf.set('key' in o ? `e:${o.key}` : `l:${o.value}\0${o.datatype}\0${o.lang}`, k));
  for (const r of predicateTermRows(store.db, data.predicate)) {
    const i = node.get(r.s);
    const k = classOf.get(r.okey !== null ? `e:${r.okey}` : `l:${r.value}\0${r.datatype}\0${r.lang}`);
    if (i !== undefined && k !== undefined) out.add(i * c + k);
  }
  if (data.target === 'type') {
    for (const [key, type] of typedEntityTuples(store.db)) {
      const k = classOf.get(`e:${type}`);
      if (k !== undefined) out.add(node.get(key)! * c + k);
    }
  }
  return out;
}

/** Rejected pairs of this target that are not facts (an accepted-after-all rejection no longer counts). */
function rejectedPairs(store: KgStore, data: KgNodeClassificationData, known: ReadonlySet<number>): Set<number> {
  const c = data.numClasses;
  const node = new Map(data.nodeIds.map((k, i) => [k, i]));
  const cls = new Map(data.classNames.map((name, k) => [name, k]));
  const out = new Set<number>();
  for (const r of rejectedGnnClasses(store, data.target)) {
    const i = node.get(r.key);
    const k = cls.get(r.class);
    if (i !== undefined && k !== undefined && !known.has(i * c + k)) out.add(i * c + k);
  }
  return out;
}

export interface GnnClassifyProgress {
  /** Seeds done before this epoch. */
  readonly seedIndex: number;
  readonly seeds: number;
  readonly epoch: NodeEpoch;
}

/** classify as a generator: yields after every epoch (see training/train-node-classifier.ts). */
function* classifyKgSteps(store: KgStore, options: GnnClassifyOptions): Generator<GnnClassifyProgress, { result: GnnClassifyResult; trained: TrainedKgGnn }> {
  const fingerprint = kgFingerprint(store);
  const modelName = options.model ?? 'gcn';
  const data = kgNodeClassificationData(store, basename(store.path), { target: options.target, seed: options.splitSeed ?? 0, features: options.features });
  const labels = firstEntityLabels(store.db, MAX_RETURNED_PREDICTIONS);
  const known = knownPairs(store, data);
  const rejected = rejectedPairs(store, data, known);
  const c = data.numClasses;
  const negatives: RejectedClasses = {
    nodes: Int32Array.from(rejected, (x) => Math.floor(x / c)),
    classes: Int32Array.from(rejected, (x) => x % c),
  };
  const epochs = options.epochs ? { epochs: options.epochs } : {};
  const settings = { gcn: { ...GCN_DEFAULTS, ...epochs }, rgcn: { ...RGCN_NODE_DEFAULTS, ...epochs } };
  const prepared = prepareNodeGraph(data, modelName);
  const runs: GcnRun[] = [];
  let kept: TrainedNodeClassifier | null = null;
  for (let seed = 0; seed < options.seeds; seed++) {
    const steps = nodeClassifierEpochs(data, prepared, settings, seed, negatives);
    let trained: TrainedNodeClassifier;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        trained = step.value;
        break;
      }
      yield { seedIndex: seed, seeds: options.seeds, epoch: step.value };
    }
    runs.push(trained.run);
    kept ??= trained;
  }
  const classifier = kept!;
  const probabilities = Float32Array.from(classifier.logp, Math.exp);
  const run = runs[0];

  const splitOf = new Map<number, 'train' | 'val' | 'test'>();
  for (const i of data.trainIdx) splitOf.set(i, 'train');
  for (const i of data.valIdx) splitOf.set(i, 'val');
  for (const i of data.testIdx) splitOf.set(i, 'test');
  const predictions: GnnEntityPrediction[] = labels.map((label, i) => {
    let best = -1;
    for (let k = 0; k < c; k++) if (!rejected.has(i * c + k) && (best < 0 || probabilities[i * c + k] > probabilities[i * c + best])) best = k;
    if (best < 0) best = 0; // every class rejected: show the model's own choice
    const no = data.classNames.filter((_, k) => rejected.has(i * c + k));
    return {
      key: data.nodeIds[i],
      label,
      predicted: data.classNames[best],
      confidence: probabilities[i * c + best],
      labelled: data.labels[i] >= 0,
      actual: data.labels[i] >= 0 ? data.classNames[data.labels[i]] : null,
      split: splitOf.get(i) ?? null,
      known: known.has(i * c + best),
      ...(no.length ? { rejected: no } : {}),
    };
  });

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const test = runs.map((r) => r.testAccuracy);
  const testMean = mean(test);

  const result: GnnClassifyResult = {
    target: data.target,
    model: modelName,
    predicate: data.predicate,
    classes: [...data.classNames],
    nodes: data.numNodes,
    edges: data.edgeSrc.length,
    features: data.numFeatures,
    featureGroups: [...data.featureGroups],
    featureBlocks: data.featureBlocks.map((b) => ({ group: b.group, size: b.size })),
    split: { train: data.trainIdx.length, val: data.valIdx.length, test: data.testIdx.length },
    seeds: runs.length,
    epochs: run.epochsRun,
    testAccuracy: testMean,
    testAccuracyStd: Math.sqrt(mean(test.map((x) => (x - testMean) ** 2))),
    valAccuracy: mean(runs.map((r) => r.valAccuracy)),
    majorityAccuracy: majorityAccuracy(data),
    confusion: run.testConfusion,
    trainSeconds: runs.reduce((a, r) => a + r.trainSeconds, 0),
    predictions,
    truncated: data.numNodes > MAX_RETURNED_PREDICTIONS,
    negatives: rejected.size,
    embeddingDim: classifier.hidden,
  };
  const trained: TrainedKgGnn = {
    fingerprint, options: { target: data.target, model: modelName, features: data.featureGroups }, data, classifier, probabilities, run, testAccuracy: testMean, known, rejected,
  };
  return { result, trained };
}

export function classifyKg(store: KgStore, options: GnnClassifyOptions): { result: GnnClassifyResult; trained: TrainedKgGnn } {
  return runToEnd(classifyKgSteps(store, options));
}

/**
 * classify in slices that give the event loop back (about every 50 ms): progress events as epochs of all seeds
 * (early stopping may end a seed sooner, so `done` can jump), and Cancel (CancelledError) between slices.
 */
export function classifyKgAsync(store: KgStore, options: GnnClassifyOptions, call: CallOptions = {}): Promise<{ result: GnnClassifyResult; trained: TrainedKgGnn }> {
  const name = (options.model ?? 'gcn') === 'rgcn' ? 'R-GCN' : 'GCN';
  return runInSlices(classifyKgSteps(store, options), {
    signal: call.signal,
    onSlice: (p) =>
      call.onProgress?.({
        phase: `training ${name}${p.seeds > 1 ? ` (seed ${p.seedIndex + 1} of ${p.seeds})` : ''}`,
        done: p.seedIndex * p.epoch.maxEpochs + p.epoch.epoch + 1,
        total: p.seeds * p.epoch.maxEpochs,
        unit: 'items',
      }),
  });
}

/** X·W1 of a kept GCN (no dropout): the part of the forward pass that edges do not change. */
function firstLayerProducts(trained: TrainedKgGnn): Float32Array {
  const model = trained.classifier.gcn;
  if (!model) throw new Error('firstLayerProducts needs a GCN');
  const features = model.graph.features;
  return csrTimesDense(features, model.w1, model.hidden, new Float32Array(features.rows * model.hidden));
}

/** Importance of each typed edge of `node` for class `target`: the drop in its probability when the edge is removed. */
function edgeImportances(trained: TrainedKgGnn, node: number, target: number, maxEdges: number): Map<number, number> {
  const { data, classifier } = trained;
  const r = data.relational;
  const incident: number[] = [];
  for (let e = 0; e < r.heads.length && incident.length < maxEdges; e++) if (r.heads[e] === node || r.tails[e] === node) incident.push(e);
  const byEdge = new Map<number, number>();
  const c = data.numClasses;
  if (classifier.gcn) {
    // A GCN edge joins a pair of entities: triples linking the same pair share one score.
    const model = classifier.gcn;
    const saliency = edgeOcclusionSaliency(model.graph.adjacency, firstLayerProducts(trained), model.w2, model.hidden, c, node, target);
    const byNeighbour = new Map(saliency.edges.map((x) => [x.neighbour, x.importance]));
    for (const e of incident) {
      const other = r.heads[e] === node ? r.tails[e] : r.heads[e];
      const importance = byNeighbour.get(other);
      if (importance !== undefined) byEdge.set(e, importance);
    }
    return byEdge;
  }
  // R-GCN: each triple is its own typed edge; occlude it and run the model again.
  const model = classifier.rgcn!;
  const prepared = prepareNodeGraph(data, 'rgcn').rgcn!;
  const baseline = trained.probabilities[node * c + target];
  const keep = new Uint8Array(r.heads.length).fill(1);
  for (const e of incident) {
    keep[e] = 0;
    const graph = relationalGraph(data.numNodes, prepared.kgRelations, r.heads, r.relations, r.tails, keep);
    const logp = model.forward(graph, prepared.features);
    byEdge.set(e, baseline - Math.exp(logp[node * c + target]));
    keep[e] = 1;
  }
  model.forward(prepared.graph, prepared.features); // leave the model as trained
  return byEdge;
}

export function explainKgEntity(store: KgStore, trained: TrainedKgGnn, key: string, limit = 100): GnnExplainResult {
  const { data, probabilities } = trained;
  const node = data.nodeIds.indexOf(key);
  if (node < 0) throw new Error(`no entity "${key}" in the classified KG`);
  const c = data.numClasses;
  const predicted = Math.max(0, predictedClass(trained, node));
  const importance = edgeImportances(trained, node, predicted, trained.classifier.gcn ? Infinity : 500);
  const edges: GnnEdgeImportance[] = [];
  for (const [e, value] of importance) {
    const tripleId = data.relational.tripleIds[e];
    const r = tripleFromEntity(store.db, key, tripleId);
    if (!r) continue; // the triple was deleted since training
    edges.push({
      tripleId,
      direction: r.out ? 'out' : 'in',
      predicate: r.pkey,
      predicateLabel: r.plabel,
      neighbour: r.nkey,
      neighbourLabel: r.nlabel,
      importance: value,
    });
  }
  edges.sort((a, b) => b.importance - a.importance || a.tripleId - b.tripleId);
  const label = entityByKey(store.db, key)?.label as string | null;
  return {
    key,
    label,
    predicted: data.classNames[predicted],
    confidence: probabilities[node * c + predicted],
    actual: data.labels[node] >= 0 ? data.classNames[data.labels[node]] : null,
    edges: edges.slice(0, limit),
  };
}
