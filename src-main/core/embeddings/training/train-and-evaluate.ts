import { concatTriples, type KgDataset } from '../datasets/triple-datasets.js';
import { n3WeightForDensity, resolveTrainingConfig, type TrainingConfig, type TrainingOverrides } from './training-config.js';
import { chooseTrainingEngine, type EngineChoice, type EngineName } from './choose-engine.js';
import { trainEmbeddingsTfjs } from './tfjs/tfjs-trainer.js';
import type { Tf } from './tfjs/tfjs-ops.js';
import { buildFilterIndex, evaluationQueries, summariseEvaluation, type EvaluationResult } from './filtered-evaluation.js';
import type { EmbeddingParams } from '../models/embedding-params.js';
import { trainEmbeddings, type TrainControl, type TrainResult } from './train-embeddings.js';
import { rankInParallel, type RankingJob } from './compute-pool.js';
import { availableParallelism } from 'node:os';
import { DenseDotKernels } from '../kernels/onnx-dot-kernels.js';
import { rankQueriesDense } from '../kernels/onnx-ranking.js';
import { resolveModel } from '../models/model-resolver.js';

/** Threads to use by default: both cores of a 2-core laptop, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export interface TrainAndEvaluateResult {
  config: TrainingConfig;
  train: TrainResult;
  test: EvaluationResult;
  engine: EngineChoice;
}

/** Filtered evaluation of `ds.test` (filter: train + valid + test), split over `threads`; `engine` says which kernels ranked. */
export async function evaluateTestSplit(params: EmbeddingParams, ds: KgDataset, threads: number): Promise<EvaluationResult & { engine: EngineName }> {
  const t0 = performance.now();
  const filter = buildFilterIndex(concatTriples(ds.train, ds.valid, ds.test), ds.relations.length);
  const queries = evaluationQueries(ds.test);
  const { ranks, engine } = await rankAll(params, { queries, filter }, threads);
  return { ...summariseEvaluation(queries, ranks, ds.relations.length, (performance.now() - t0) / 1000), engine };
}

/** Filtered ranks on the dense kernels for dot-product models when onnxruntime loads, else on typed-array threads. */
async function rankAll(params: EmbeddingParams, ranking: RankingJob, threads: number): Promise<{ ranks: Float64Array; engine: EngineName }> {
  if (resolveModel(params.model).comparator === 'dot') {
    const { kernels } = await DenseDotKernels.create(params.entityWidth, threads);
    if (kernels) {
      try {
        const ranks = new Float64Array(ranking.queries.anchors.length);
        await rankQueriesDense(kernels, params, ranking.queries, 0, ranks.length, ranking.filter, ranks);
        return { ranks, engine: 'cpu-onnxruntime' };
      } finally {
        await kernels.release();
      }
    }
  }
  return { ranks: await rankInParallel(params, ranking, threads), engine: 'cpu-typed-arrays' };
}

/**
 * Train with a model's defaults (plus overrides) on ds.train, early-stop on ds.valid, evaluate on ds.test.
 * Training runs on tfjs-node-gpu when it loads (`importer` replaces its dynamic import in tests).
 */
export async function trainAndEvaluate(ds: KgDataset, overrides: TrainingOverrides, control: TrainControl = {}, importer?: (name: string) => Promise<unknown>): Promise<TrainAndEvaluateResult> {
  if (ds.train.heads.length === 0) throw new Error(`dataset ${ds.name} has no training triples`);
  const resolved = resolveTrainingConfig({ ...overrides, threads: overrides.threads ?? defaultThreads() });
  // N3 scaled to the KG's sparsity unless the caller set a weight (see n3WeightForDensity).
  const config = resolved.regularizer === 'n3' && overrides.regularizerWeight === undefined
    ? { ...resolved, regularizerWeight: n3WeightForDensity(ds.train.heads.length, ds.entities.length) }
    : resolved;
  const { choice: probe, tf } = await chooseTrainingEngine('auto', importer);
  const train = tf ? await trainEmbeddingsTfjs(tf as unknown as Tf, ds, config, control) : await trainEmbeddings(ds, config, control);
  const engine: EngineChoice = train.kernels.name === 'onnxruntime'
    ? { ...probe, engine: 'cpu-onnxruntime', reason: `${probe.reason}; dense 1-vs-all matmuls on ${train.kernels.detail}` }
    : { ...probe, reason: `${probe.reason}; ${train.kernels.detail}` };
  const test = await evaluateTestSplit(train.params, ds, config.threads);
  return { config, train, test, engine };
}
