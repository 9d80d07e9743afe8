/**
 * Node classification with either model (GCN or R-GCN) as a sequence of epochs: the loop is a generator that yields
 * after each epoch, so the same code runs to the end at once (CLI, tests) or in short slices that give the event loop
 * back in between (the app: progress events, and Cancel while training).
 */
import type { GnnModelName } from '../../../contract/gnn-types.js';
import { CancelledError } from '../../run/cancelled-error.js';
import { Adam, ADAM_DEFAULTS } from './adam.js';
import { rowNormalize, type CsrMatrix } from '../kernels/csr-matrix.js';
import { NO_DROPOUT, type GcnGraph, type GcnModel } from '../models/gcn-model.js';
import { evaluatedRun, gcnEpochs, prepareGcnGraph, stopsEarly, type EpochLosses, type GcnRun, type GcnSettings, type RejectedClasses } from './train-gcn.js';
import type { KgRelationalEdges } from '../kg/classification-data.js';
import type { NodeClassificationData } from '../datasets/node-classification-data.js';
import { Mulberry32 } from '../../random/mulberry32.js';
import { relationalGraph, type RelationalGraph } from '../kernels/rgcn-layer.js';
import { RgcnNodeModel, type RgcnNodeSettings } from '../models/rgcn-node-model.js';

/** The node classifiers, as the contract names them. */
export type NodeModelName = GnnModelName;

/** A KG's typed edges when it has them; a plain graph (Planetoid) is one relation. */
export type NodeClassificationInput = NodeClassificationData & {
  readonly relational?: KgRelationalEdges;
  /** KG node classification: the feature groups used and their column runs (kg/classification-data.ts). */
  readonly featureGroups?: readonly string[];
  readonly featureBlocks?: ReadonlyArray<{ readonly group: string; readonly size: number }>;
};

/** What every seed shares: Â and normalised X (GCN), or the relational message graph and normalised X (R-GCN). */
export interface PreparedNodeGraph {
  readonly model: NodeModelName;
  readonly gcn: GcnGraph | null;
  readonly rgcn: { readonly graph: RelationalGraph; readonly features: CsrMatrix; readonly kgRelations: number } | null;
}

export function prepareNodeGraph(data: NodeClassificationInput, model: NodeModelName): PreparedNodeGraph {
  if (model === 'gcn') return { model, gcn: prepareGcnGraph(data), rgcn: null };
  const r = data.relational ?? {
    numRelations: 1,
    heads: data.edgeSrc,
    relations: new Int32Array(data.edgeSrc.length),
    tails: data.edgeDst,
  };
  const kgRelations = Math.max(1, r.numRelations);
  const graph = relationalGraph(data.numNodes, kgRelations, r.heads, r.relations, r.tails);
  return { model, gcn: null, rgcn: { graph, features: rowNormalize(data.features), kgRelations } };
}

export interface TrainedNodeClassifier {
  readonly model: NodeModelName;
  readonly run: GcnRun;
  /** Log-probabilities without dropout, numNodes × classes. */
  readonly logp: Float32Array;
  /** The hidden layer without dropout, numNodes × hidden: node embeddings. */
  readonly embeddings: Float32Array;
  readonly hidden: number;
  readonly gcn: GcnModel | null;
  readonly rgcn: RgcnNodeModel | null;
}

export interface NodeEpoch extends EpochLosses {
  readonly seed: number;
  /** The most epochs this seed may run (early stopping may end it sooner). */
  readonly maxEpochs: number;
}

function* rgcnEpochs(
  data: NodeClassificationData,
  prepared: NonNullable<PreparedNodeGraph['rgcn']>,
  settings: RgcnNodeSettings,
  seed: number,
  rejected: RejectedClasses | null,
): Generator<EpochLosses, { run: GcnRun; model: RgcnNodeModel }> {
  const started = performance.now();
  const { graph, features } = prepared;
  const rng = new Mulberry32(seed);
  const model = new RgcnNodeModel(data.numFeatures, settings.hidden, data.numClasses, graph.numRelations, settings.bases, rng);
  const adam = new Adam(model.parameters(), { ...ADAM_DEFAULTS, learningRate: settings.learningRate });
  const valLosses: number[] = [];
  let trainLoss = NaN;
  let epochsRun = 0;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    // Full batch without dropout: one forward pass gives the training loss and the validation loss before the update.
    model.forward(graph, features);
    trainLoss = model.loss(data.labels, data.trainIdx, settings.weightDecay, rejected);
    const valLoss = model.loss(data.labels, data.valIdx, settings.weightDecay);
    model.backward(data.labels, data.trainIdx, settings.weightDecay, rejected);
    adam.update(model.gradients());
    epochsRun = epoch + 1;
    valLosses.push(valLoss);
    yield { epoch, trainLoss, valLoss };
    if (stopsEarly(valLosses, settings.earlyStoppingWindow)) break;
  }
  const logp = model.forward(graph, features);
  const run = evaluatedRun(data, logp, { seed, epochsRun, trainSeconds: (performance.now() - started) / 1000, trainLoss, valLoss: valLosses[valLosses.length - 1] });
  return { run, model };
}

/** Trains one seed of `prepared.model`, yielding after each epoch. */
export function* nodeClassifierEpochs(
  data: NodeClassificationData,
  prepared: PreparedNodeGraph,
  settings: { gcn: GcnSettings; rgcn: RgcnNodeSettings },
  seed: number,
  rejected: RejectedClasses | null = null,
): Generator<NodeEpoch, TrainedNodeClassifier> {
  if (data.trainIdx.length === 0) throw new Error('no labelled training nodes');
  if (prepared.gcn) {
    const maxEpochs = settings.gcn.epochs;
    const { run, model } = yield* tagged(gcnEpochs(data, prepared.gcn, settings.gcn, seed, rejected), seed, maxEpochs);
    const logp = Float32Array.from(model.forward(NO_DROPOUT));
    return { model: 'gcn', run, logp, embeddings: Float32Array.from(model.hiddenLayer), hidden: model.hidden, gcn: model, rgcn: null };
  }
  const maxEpochs = settings.rgcn.epochs;
  const { run, model } = yield* tagged(rgcnEpochs(data, prepared.rgcn!, settings.rgcn, seed, rejected), seed, maxEpochs);
  return { model: 'rgcn', run, logp: model.logp, embeddings: model.hiddenLayer, hidden: model.hidden, gcn: null, rgcn: model };
}

function* tagged<T>(epochs: Generator<EpochLosses, T>, seed: number, maxEpochs: number): Generator<NodeEpoch, T> {
  for (;;) {
    const step = epochs.next();
    if (step.done) return step.value;
    yield { ...step.value, seed, maxEpochs };
  }
}

/** Runs a generator to its end at once. */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs a generator in slices of about `sliceMs`, giving the event loop back after each (so a Cancel message can
 * arrive) and reporting the last value yielded; throws CancelledError once `signal` is aborted.
 */
export async function runInSlices<Y, T>(
  steps: Generator<Y, T>,
  options: { signal?: AbortSignal; sliceMs?: number; onSlice?: (last: Y) => void } = {},
): Promise<T> {
  const sliceMs = options.sliceMs ?? 50;
  for (;;) {
    if (options.signal?.aborted) throw new CancelledError();
    const t0 = performance.now();
    let last: { value: Y } | null = null;
    do {
      const step = steps.next();
      if (step.done) return step.value;
      last = { value: step.value };
    } while (performance.now() - t0 < sliceMs);
    options.onSlice?.(last.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
