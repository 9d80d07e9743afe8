/** One entry point for node classification: train a GCN over several seeds and report in the CLI's JSON shape. */
import { GCN_DEFAULTS, GCN_PUBLISHED_TEST_ACCURACY, trainGcnSeeds, type GcnSettings } from './gcn-train.js';
import type { NodeClassificationData } from './node-classification.js';

export interface NodeClassificationReport {
  model: 'gcn';
  dataset: string;
  nodes: number;
  edges: number;
  features: number;
  classes: number;
  split: { train: number; val: number; test: number };
  seeds: number;
  test_accuracy: number;
  test_accuracy_std: number;
  val_accuracy: number;
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
  };
  published_test_accuracy?: number;
  class_names: string[];
  /** Test split, summed over seeds: rows = true class, columns = predicted class. */
  test_confusion: number[][];
  runs: Array<{ seed: number; test_accuracy: number; val_accuracy: number; epochs: number; train_seconds: number }>;
}

export function runNodeClassification(
  data: NodeClassificationData,
  overrides: Partial<GcnSettings>,
  seedCount: number,
  firstSeed = 0,
): NodeClassificationReport {
  if (!Number.isInteger(seedCount) || seedCount < 1) throw new Error('--seeds must be a positive integer');
  const settings: GcnSettings = { ...GCN_DEFAULTS, ...overrides };
  const seeds = Array.from({ length: seedCount }, (_, i) => firstSeed + i);
  const s = trainGcnSeeds(data, settings, seeds);
  const published = (GCN_PUBLISHED_TEST_ACCURACY as Record<string, number>)[data.name.toLowerCase()];
  const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    model: 'gcn',
    dataset: data.name,
    nodes: data.numNodes,
    edges: data.edgeSrc.length,
    features: data.numFeatures,
    classes: data.numClasses,
    split: { train: data.trainIdx.length, val: data.valIdx.length, test: data.testIdx.length },
    seeds: s.seeds,
    test_accuracy: round(s.testAccuracy),
    test_accuracy_std: round(s.testAccuracyStd),
    val_accuracy: round(s.valAccuracy),
    train_seconds: round(s.trainSeconds, 3),
    preprocess_seconds: round(s.preprocessSeconds, 3),
    mean_epochs: round(s.runs.reduce((a, r) => a + r.epochsRun, 0) / s.runs.length, 1),
    settings: {
      hidden: settings.hidden,
      dropout: settings.dropout,
      weight_decay: settings.weightDecay,
      learning_rate: settings.learningRate,
      epochs: settings.epochs,
      early_stopping_window: settings.earlyStoppingWindow,
    },
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
