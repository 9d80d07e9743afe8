import type { ModelName, PublishedResult, TrainingConfig } from '../../../contract/embeddings-types.js';
import { resolveModel, BEST_DEFAULT_MODEL } from '../models/model-resolver.js';
import { LOSS_NAMES } from './losses.js';
import { OPTIMIZER_NAMES } from './optimizers.js';

export type { PublishedResult, TrainingConfig };

export interface ModelDefaults {
  config: Omit<TrainingConfig, 'seed' | 'threads'>;
  aimsAt: PublishedResult[];
}

const COMMON = {
  evalEvery: 5,
  patience: 3,
  minGain: 0.005,
  validationLimit: 5000,
  epochs: 100,
  unitEntities: false,
  margin: 1,
  adversarialTemperature: 1,
  negatives: 1,
} as const;

/**
 * Per-model defaults, the same for every dataset. ComplEx and DistMult follow Lacroix et al. 2018
 * (reciprocal relations, 1-vs-all cross-entropy, N3); TransE follows Bordes et al. 2013 (margin
 * ranking, unit-norm entities); RotatE follows Sun et al. 2019 (self-adversarial negatives).
 */
export const MODEL_DEFAULTS: Record<ModelName, ModelDefaults> = {
  complex: {
    config: { ...COMMON, model: 'complex', dim: 400, loss: 'cross-entropy', reciprocal: true, regularizer: 'n3', regularizerWeight: 1e-2, optimizer: 'adagrad', learningRate: 0.1, batchSize: 256, initScale: 1e-3 },
    aimsAt: [
      { source: 'Lacroix et al. 2018 (ComplEx-N3, reciprocal)', dataset: 'fb15k-237', mrr: 0.37 },
      { source: 'Lacroix et al. 2018 (ComplEx-N3, reciprocal)', dataset: 'wn18rr', mrr: 0.48 },
      { source: 'Dettmers et al. 2018 (ConvE, reference level)', dataset: 'kinships', mrr: 0.83 },
      { source: 'Dettmers et al. 2018 (ConvE, reference level)', dataset: 'nations', mrr: 0.82 },
    ],
  },
  distmult: {
    config: { ...COMMON, model: 'distmult', dim: 200, loss: 'cross-entropy', reciprocal: true, regularizer: 'n3', regularizerWeight: 1e-2, optimizer: 'adagrad', learningRate: 0.1, batchSize: 256, initScale: 1e-3 },
    aimsAt: [{ source: 'Ruffinelli et al. 2020 (DistMult, 1vsAll + CE)', dataset: 'fb15k-237', mrr: 0.343 }],
  },
  transe: {
    config: { ...COMMON, model: 'transe', dim: 200, loss: 'margin-ranking', negatives: 16, margin: 1, reciprocal: false, regularizer: 'none', regularizerWeight: 0, optimizer: 'adam', learningRate: 1e-2, batchSize: 1024, initScale: 0, unitEntities: true, epochs: 200 },
    aimsAt: [{ source: 'Sun et al. 2019 (TransE, reported as baseline)', dataset: 'fb15k-237', mrr: 0.294 }],
  },
  rotate: {
    config: { ...COMMON, model: 'rotate', dim: 200, loss: 'self-adversarial', negatives: 64, margin: 9, adversarialTemperature: 1, reciprocal: false, regularizer: 'none', regularizerWeight: 0, optimizer: 'adam', learningRate: 1e-2, batchSize: 512, initScale: 0, epochs: 200 },
    aimsAt: [
      { source: 'Sun et al. 2019 (RotatE)', dataset: 'fb15k-237', mrr: 0.338 },
      { source: 'Sun et al. 2019 (RotatE)', dataset: 'wn18rr', mrr: 0.476 },
    ],
  },
};

/**
 * Published ComplEx-N3 settings (Lacroix et al. 2018) by training triples per entity: WN18RR (2.1 per entity) 0.1,
 * FB15k-237 (18.7) 0.05, FB15k (32.3) 0.01. Checked here (bench/embeddings/gpu_sweep.py, dim 200 and 400): FB15k-237
 * 0.05 beats 0.025 (test MRR 0.343 vs 0.332), WN18RR 0.1 beats 0.05; Kinships (82) and Nations (114) are best at 0.01.
 */
const N3_ANCHORS: ReadonlyArray<readonly [density: number, weight: number]> = [[2.1, 0.1], [18.7, 0.05], [32.3, 0.01]];

/**
 * The N3 weight for a KG with `trainTriples` training triples over `entities` entities, used when the caller gives
 * none: sparse KGs are regularised harder. Interpolated log-linearly (in both density and weight) between the
 * published settings in N3_ANCHORS, and held at the end values outside them (0.1 below 2.1 per entity, 0.01 above 32.3).
 */
export function n3WeightForDensity(trainTriples: number, entities: number): number {
  const d = trainTriples / Math.max(1, entities);
  const first = N3_ANCHORS[0], last = N3_ANCHORS[N3_ANCHORS.length - 1];
  if (!(d > first[0])) return first[1];
  if (d >= last[0]) return last[1];
  let i = 1;
  while (d > N3_ANCHORS[i][0]) i++;
  const [d0, w0] = N3_ANCHORS[i - 1], [d1, w1] = N3_ANCHORS[i];
  const f = Math.log(d / d0) / Math.log(d1 / d0);
  return Math.exp(Math.log(w0) + f * (Math.log(w1) - Math.log(w0)));
}

/** Settings a caller may give; the model by name (validated by the resolver). */
export type TrainingOverrides = Partial<Omit<TrainingConfig, 'model'>> & { model?: string };

/** Defaults for `model` (or the best default model), overridden by any given settings. */
export function resolveTrainingConfig(overrides: TrainingOverrides = {}): TrainingConfig {
  const name = resolveModel(overrides.model ?? BEST_DEFAULT_MODEL).name;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<TrainingConfig>;
  const cfg: TrainingConfig = { ...MODEL_DEFAULTS[name].config, seed: 0, threads: 1, ...defined, model: name };
  validateTrainingConfig(cfg);
  return cfg;
}

function validateTrainingConfig(c: TrainingConfig): void {
  const positiveInt = (k: keyof TrainingConfig) => {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer, got ${v}`);
  };
  positiveInt('dim');
  positiveInt('batchSize');
  positiveInt('epochs');
  positiveInt('negatives');
  positiveInt('evalEvery');
  positiveInt('threads');
  if ((c.model === 'complex' || c.model === 'rotate') && c.dim % 2 !== 0) throw new Error(`${c.model} needs an even dim (re and im halves), got ${c.dim}`);
  if (!LOSS_NAMES.includes(c.loss)) throw new Error(`unknown loss '${c.loss}' (known: ${LOSS_NAMES.join(', ')})`);
  if (!OPTIMIZER_NAMES.includes(c.optimizer)) throw new Error(`unknown optimizer '${c.optimizer}' (known: ${OPTIMIZER_NAMES.join(', ')})`);
  if (!(c.minGain >= 0 && c.minGain < 1)) throw new Error(`minGain must be in [0, 1), got ${c.minGain}`);
  if (!(c.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${c.learningRate}`);
}
