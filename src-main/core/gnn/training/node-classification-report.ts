/** One entry point for node classification: train a GCN or an R-GCN over several seeds and report in the CLI's JSON shape. */
import { GCN_DEFAULTS, GCN_PUBLISHED_TEST_ACCURACY, trainGcnSeeds, type GcnRun, type GcnSettings } from './train-gcn.js';
import { nodeClassifierEpochs, prepareNodeGraph, runToEnd, type NodeClassificationInput, type NodeModelName } from './train-node-classifier.js';
import type { GnnNodeClassReport as NodeClassificationReport } from '../../../contract/learning-reports.js';
import { RGCN_NODE_DEFAULTS, type RgcnNodeSettings } from '../models/rgcn-node-model.js';

/** The report's wire shape is declared once, in the contract. */
export type { GnnNodeClassReport as NodeClassificationReport } from '../../../contract/learning-reports.js';

export interface NodeClassificationChoice {
  readonly model: NodeModelName;
  readonly gcn?: Partial<GcnSettings>;
  readonly rgcn?: Partial<RgcnNodeSettings>;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function majorityAccuracy(data: NodeClassificationInput): number {
  const counts = new Array<number>(data.numClasses).fill(0);
  for (const i of data.trainIdx) counts[data.labels[i]]++;
  const majority = counts.indexOf(Math.max(...counts));
  let hits = 0;
  for (const i of data.testIdx) if (data.labels[i] === majority) hits++;
  return data.testIdx.length ? hits / data.testIdx.length : 0;
}

function trainRgcnSeeds(data: NodeClassificationInput, settings: RgcnNodeSettings, seeds: readonly number[]) {
  const t0 = performance.now();
  const prepared = prepareNodeGraph(data, 'rgcn');
  const preprocessSeconds = (performance.now() - t0) / 1000;
  const both = { gcn: GCN_DEFAULTS, rgcn: settings };
  const runs: readonly GcnRun[] = seeds.map((seed) => runToEnd(nodeClassifierEpochs(data, prepared, both, seed)).run);
  const test = runs.map((r) => r.testAccuracy);
  const testMean = mean(test);
  return {
    runs,
    relationTypes: prepared.rgcn!.graph.numRelations,
    testAccuracy: testMean,
    testAccuracyStd: Math.sqrt(mean(test.map((x) => (x - testMean) ** 2))),
    valAccuracy: mean(runs.map((r) => r.valAccuracy)),
    trainSeconds: runs.reduce((a, r) => a + r.trainSeconds, 0),
    preprocessSeconds,
  };
}

export function runNodeClassification(
  data: NodeClassificationInput,
  choice: NodeClassificationChoice,
  seedCount: number,
  firstSeed = 0,
): NodeClassificationReport {
  if (!Number.isInteger(seedCount) || seedCount < 1) throw new Error('--seeds must be a positive integer');
  const seeds = Array.from({ length: seedCount }, (_, i) => firstSeed + i);
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  let s: ReturnType<typeof trainRgcnSeeds>;
  let settings: NodeClassificationReport['settings'];
  if (choice.model === 'gcn') {
    const gcn: GcnSettings = { ...GCN_DEFAULTS, ...choice.gcn };
    s = { ...trainGcnSeeds(data, gcn, seeds), relationTypes: 1 };
    settings = {
      hidden: gcn.hidden,
      dropout: gcn.dropout,
      weight_decay: gcn.weightDecay,
      learning_rate: gcn.learningRate,
      epochs: gcn.epochs,
      early_stopping_window: gcn.earlyStoppingWindow,
    };
  } else {
    const rgcn: RgcnNodeSettings = { ...RGCN_NODE_DEFAULTS, ...choice.rgcn };
    s = trainRgcnSeeds(data, rgcn, seeds);
    settings = {
      hidden: rgcn.hidden,
      dropout: 0,
      weight_decay: rgcn.weightDecay,
      learning_rate: rgcn.learningRate,
      epochs: rgcn.epochs,
      early_stopping_window: rgcn.earlyStoppingWindow,
      bases: Math.min(rgcn.bases, s.relationTypes),
      relation_types: s.relationTypes,
    };
  }
  const published = choice.model === 'gcn' ? (GCN_PUBLISHED_TEST_ACCURACY as Record<string, number>)[data.name.toLowerCase()] : undefined;
  return {
    model: choice.model,
    dataset: data.name,
    nodes: data.numNodes,
    edges: data.edgeSrc.length,
    features: data.numFeatures,
    num_features: data.numFeatures,
    ...(data.featureGroups ? { feature_groups: [...data.featureGroups], feature_blocks: (data.featureBlocks ?? []).map((b) => ({ group: b.group, size: b.size })) } : {}),
    classes: data.numClasses,
    split: { train: data.trainIdx.length, val: data.valIdx.length, test: data.testIdx.length },
    seeds: s.runs.length,
    test_accuracy: round(s.testAccuracy),
    test_accuracy_std: round(s.testAccuracyStd),
    val_accuracy: round(s.valAccuracy),
    majority_accuracy: round(majorityAccuracy(data)),
    train_seconds: round(s.trainSeconds, 3),
    preprocess_seconds: round(s.preprocessSeconds, 3),
    mean_epochs: round(s.runs.reduce((a, r) => a + r.epochsRun, 0) / s.runs.length, 1),
    settings,
    ...(published !== undefined ? { published_test_accuracy: published } : {}),
    class_names: [...data.classNames],
    test_confusion: s.runs.reduce<number[][]>(
      (sum, r) => sum.map((row, i) => row.map((v, j) => v + r.testConfusion[i][j])),
      data.classNames.map(() => new Array<number>(data.numClasses).fill(0)),
    ),
    runs: s.runs.map((r) => ({
      seed: r.seed,
      test_accuracy: r.testAccuracy,
      val_accuracy: r.valAccuracy,
      epochs: r.epochsRun,
      train_seconds: round(r.trainSeconds, 3),
    })),
  };
}
