/**
 * Full-batch GCN training as in Kipf & Welling's reference code (tkipf/gcn train.py): Adam, one step per epoch
 * on the training nodes, validation loss after each step, stop when it exceeds the mean of the previous
 * `earlyStoppingWindow` values; the final (not best) weights are evaluated.
 */
import { normalizedAdjacency, rowNormalize } from '../kernels/csr-matrix.js';
import { Adam, ADAM_DEFAULTS } from './adam.js';
import { dropoutMask, gcnGraph, GcnModel, NO_DROPOUT, type GcnGraph } from '../models/gcn-model.js';
import { argmaxRows, maskedAccuracy, rejectedClassLoss } from './masked-nll-loss.js';
import type { NodeClassificationData } from '../datasets/node-classification-data.js';
import { Mulberry32 } from '../../random/mulberry32.js';

export interface GcnSettings {
  readonly hidden: number;
  readonly dropout: number;
  /** L2 coefficient on the first layer's weights. */
  readonly weightDecay: number;
  readonly learningRate: number;
  readonly epochs: number;
  /** 0 disables early stopping. */
  readonly earlyStoppingWindow: number;
}

/** Kipf & Welling 2017, §5.1 and the reference code's flags; published test accuracy: Cora 81.5%, CiteSeer 70.3%, PubMed 79.0%. */
export const GCN_DEFAULTS: GcnSettings = {
  hidden: 16,
  dropout: 0.5,
  weightDecay: 5e-4,
  learningRate: 0.01,
  epochs: 200,
  earlyStoppingWindow: 10,
};

export const GCN_PUBLISHED_TEST_ACCURACY = { cora: 0.815, citeseer: 0.703, pubmed: 0.79 } as const;

export interface GcnRun {
  readonly seed: number;
  readonly epochsRun: number;
  readonly trainSeconds: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  readonly testAccuracy: number;
  /** Test split: confusion[true class][predicted class]. */
  readonly testConfusion: number[][];
}

export interface GcnSummary {
  readonly model: 'gcn';
  readonly settings: GcnSettings;
  readonly seeds: number;
  readonly runs: readonly GcnRun[];
  readonly testAccuracy: number;
  readonly testAccuracyStd: number;
  readonly valAccuracy: number;
  /** Sum over seeds of the training loops' wall time (preprocessing excluded). */
  readonly trainSeconds: number;
  readonly preprocessSeconds: number;
}

/** Â and the row-normalised features, shared by every seed. */
export function prepareGcnGraph(data: NodeClassificationData): GcnGraph {
  return gcnGraph(normalizedAdjacency(data.numNodes, data.edgeSrc, data.edgeDst), rowNormalize(data.features));
}

/** (node, class) pairs a reviewer rejected: trained as negatives, −log(1 − p), each weighted like one training node. */
export interface RejectedClasses {
  readonly nodes: Int32Array;
  readonly classes: Int32Array;
}

/** The reference code's rule: stop when the validation loss exceeds the mean of the previous `window` values. */
export function stopsEarly(valLosses: readonly number[], window: number): boolean {
  const epoch = valLosses.length - 1;
  if (window <= 0 || epoch <= window) return false;
  let mean = 0;
  for (let t = valLosses.length - 1 - window; t < valLosses.length - 1; t++) mean += valLosses[t];
  return valLosses[epoch] > mean / window;
}

/** One model, its optimiser and dropout buffers: `step()` is one full-batch training epoch. */
export class GcnTrainer {
  readonly model: GcnModel;
  private readonly adam: Adam;
  private readonly rng: Mulberry32;
  private readonly featureMask: Float32Array;
  private readonly hiddenMask: Float32Array;
  /** Rows the loss reads: the training nodes, and the nodes of rejected classes. */
  private readonly outputRows: Int32Array;

  constructor(
    graph: GcnGraph,
    numClasses: number,
    private readonly labels: Int32Array,
    private readonly trainIdx: Int32Array,
    private readonly settings: GcnSettings,
    seed: number,
    private readonly rejected: RejectedClasses | null = null,
  ) {
    if (trainIdx.length === 0) throw new Error('no labelled training nodes');
    this.outputRows = rejected?.nodes.length ? Int32Array.from(new Set([...trainIdx, ...rejected.nodes])).sort() : trainIdx;
    this.rng = new Mulberry32(seed);
    this.model = GcnModel.initialised(graph, settings.hidden, numClasses, this.rng);
    this.adam = new Adam([this.model.w1, this.model.w2], { ...ADAM_DEFAULTS, learningRate: settings.learningRate });
    this.featureMask = new Float32Array(graph.features.values.length);
    this.hiddenMask = new Float32Array(graph.adjacency.rows * settings.hidden);
  }

  /** Forward with dropout, loss, backward, Adam update; returns the training loss before the update. */
  step(): number {
    const { dropout, weightDecay } = this.settings;
    const masks =
      dropout > 0
        ? { features: dropoutMask(this.featureMask, dropout, this.rng), hidden: dropoutMask(this.hiddenMask, dropout, this.rng) }
        : NO_DROPOUT;
    this.model.forward(masks, this.outputRows);
    let loss = this.model.loss(this.labels, this.trainIdx, weightDecay);
    const rejected = this.rejected?.nodes.length ? this.rejected : null;
    const c = this.model.classes;
    const scale = 1 / this.trainIdx.length;
    if (rejected) loss += rejectedClassLoss(this.model.logp, c, rejected.nodes, rejected.classes, scale, null);
    const g = this.model.backward(
      this.labels,
      this.trainIdx,
      weightDecay,
      rejected ? (logp, gz) => void rejectedClassLoss(logp, c, rejected.nodes, rejected.classes, scale, gz) : undefined,
    );
    this.adam.update([g.w1, g.w2]);
    return loss;
  }
}

/** One epoch's losses, as the training loop yields them. */
export interface EpochLosses {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly valLoss: number;
}

/** The training loop as a generator: yields after each epoch (so a caller may pause between them), returns the run. */
export function* gcnEpochs(
  data: NodeClassificationData,
  graph: GcnGraph,
  settings: GcnSettings,
  seed: number,
  rejected: RejectedClasses | null = null,
): Generator<EpochLosses, { run: GcnRun; model: GcnModel }> {
  const started = performance.now();
  const trainer = new GcnTrainer(graph, data.numClasses, data.labels, data.trainIdx, settings, seed, rejected);
  const model = trainer.model;
  const valLosses: number[] = [];
  let trainLoss = NaN;
  let epochsRun = 0;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    trainLoss = trainer.step();
    epochsRun = epoch + 1;
    model.forward(NO_DROPOUT, data.valIdx);
    const valLoss = model.loss(data.labels, data.valIdx, settings.weightDecay);
    valLosses.push(valLoss);
    yield { epoch, trainLoss, valLoss };
    if (stopsEarly(valLosses, settings.earlyStoppingWindow)) break;
  }
  const logp = model.forward(NO_DROPOUT);
  const run = evaluatedRun(data, logp, { seed, epochsRun, trainSeconds: (performance.now() - started) / 1000, trainLoss, valLoss: valLosses[valLosses.length - 1] });
  return { run, model };
}

/** Accuracy and test confusion of full-graph log-probabilities, with the loop's own figures. */
export function evaluatedRun(
  data: NodeClassificationData,
  logp: Float32Array,
  loop: Pick<GcnRun, 'seed' | 'epochsRun' | 'trainSeconds' | 'trainLoss' | 'valLoss'>,
): GcnRun {
  const c = data.numClasses;
  return {
    ...loop,
    valAccuracy: maskedAccuracy(logp, c, data.labels, data.valIdx),
    testAccuracy: maskedAccuracy(logp, c, data.labels, data.testIdx),
    testConfusion: confusionMatrix(argmaxRows(logp, data.numNodes, c), data.labels, data.testIdx, c),
  };
}

function trainGcn(
  data: NodeClassificationData,
  graph: GcnGraph,
  settings: GcnSettings,
  seed: number,
  onEpoch?: (epoch: number, trainLoss: number, valLoss: number) => void,
): { run: GcnRun; model: GcnModel } {
  const epochs = gcnEpochs(data, graph, settings, seed);
  for (;;) {
    const step = epochs.next();
    if (step.done) return step.value;
    onEpoch?.(step.value.epoch, step.value.trainLoss, step.value.valLoss);
  }
}

function confusionMatrix(predicted: Int32Array, labels: Int32Array, idx: Int32Array, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (const i of idx) m[labels[i]][predicted[i]]++;
  return m;
}

export function trainGcnSeeds(data: NodeClassificationData, settings: GcnSettings, seeds: readonly number[]): GcnSummary {
  const t0 = performance.now();
  const graph = prepareGcnGraph(data);
  const preprocessSeconds = (performance.now() - t0) / 1000;
  const runs = seeds.map((seed) => trainGcn(data, graph, settings, seed).run);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const test = runs.map((r) => r.testAccuracy);
  const testMean = mean(test);
  return {
    model: 'gcn',
    settings,
    seeds: runs.length,
    runs,
    testAccuracy: testMean,
    testAccuracyStd: Math.sqrt(mean(test.map((x) => (x - testMean) ** 2))),
    valAccuracy: mean(runs.map((r) => r.valAccuracy)),
    trainSeconds: runs.reduce((a, r) => a + r.trainSeconds, 0),
    preprocessSeconds,
  };
}
