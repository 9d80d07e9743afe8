import type * as TF from '@tensorflow/tfjs';
import { EpochTracker } from '../early-stopping.js';
import type { KgDataset, TripleIds } from '../../datasets/triple-datasets.js';
import type { TrainingConfig } from '../training-config.js';
import { createPrng, shuffleInPlace } from '../../../random/mulberry32.js';
import { createParams, initialiseParams, normaliseRows, cloneParams, relationRowCount, type EmbeddingParams } from '../../models/embedding-params.js';
import { queriesForTriples, TAIL, type QuerySet } from '../../datasets/link-queries.js';
import { sampleNegatives } from '../negative-sampling.js';
import { summariseRanks } from '../filtered-evaluation.js';
import { trainingContext, type EpochReport, type TrainControl, type TrainResult } from '../train-embeddings.js';
import { batchSettings, rankInParallel } from '../compute-pool.js';
import { RejectedNegativeSampler } from '../rejected-negatives.js';
import type { BatchSettings } from '../batch-gradient.js';
import { resolveModel } from '../../models/model-resolver.js';
import { batchLoss, type Tf, type TfQueryBatch, type TfRejectedBatch } from './tfjs-ops.js';

/**
 * The TensorFlow.js training engine: the same queries, sampling, seeds, losses, N3, reciprocal
 * relations and early stopping as training/train.ts, with the forward pass written in tf ops
 * (tfjs-ops.ts), gradients by autodiff and the update by tf.train.adam / tf.train.adagrad. It runs on
 * whatever `tf` it is given (tfjs-node-gpu's 'tensorflow' backend in the app). Validation ranks the
 * variables' values with filtered-evaluation.ts on the CPU, so early stopping is the same filtered MRR.
 *
 * Differences from the CPU engine: tf.train's optimisers are dense (Adam moments of rows a batch did
 * not touch still decay and move them; the CPU engine's lazy Adam leaves them), and Adagrad adds its
 * epsilon inside the square root.
 */

/** Elements (floats) one gradient pass may hold in its largest intermediate; bigger batches are split. */
const MAX_CHUNK_ELEMENTS = 1 << 24;

/** The host-side rows of queries order[from..to), tail queries first; negatives[(j - from) * k + i] as in accumulateBatchGradient. */
export function buildQueryBatch(queries: QuerySet, order: Int32Array, from: number, to: number, negatives: Int32Array | null, k: number): TfQueryBatch {
  const n = to - from;
  const b: TfQueryBatch = { anchors: new Int32Array(n), relations: new Int32Array(n), targets: new Int32Array(n), tailCount: 0, candidates: k > 0 ? new Int32Array(n * (k + 1)) : null, k };
  let tail = 0;
  for (let j = from; j < to; j++) if (queries.directions[order[j]] === TAIL) tail++;
  b.tailCount = tail;
  let ti = 0, hi = tail;
  for (let j = from; j < to; j++) {
    const qi = order[j];
    const slot = queries.directions[qi] === TAIL ? ti++ : hi++;
    b.anchors[slot] = queries.anchors[qi];
    b.relations[slot] = queries.relations[qi];
    b.targets[slot] = queries.targets[qi];
    if (b.candidates) {
      b.candidates[slot * (k + 1)] = queries.targets[qi];
      for (let i = 0; i < k; i++) b.candidates[slot * (k + 1) + 1 + i] = negatives![(j - from) * k + i];
    }
  }
  return b;
}

/** Rejected triples `rows` as tail-query rows, with their inverse (t, r^-1, h) under reciprocal relations (as RejectedNegativeSampler). */
export function rejectedBatch(rejected: TripleIds, rows: number[], numRelations: number, reciprocal: boolean): TfRejectedBatch {
  const n = rows.length * (reciprocal ? 2 : 1);
  const out: TfRejectedBatch = { anchors: new Int32Array(n), relations: new Int32Array(n), targets: new Int32Array(n) };
  let o = 0;
  const add = (a: number, r: number, c: number) => {
    out.anchors[o] = a;
    out.relations[o] = r;
    out.targets[o++] = c;
  };
  for (const i of rows) {
    const h = rejected.heads[i], r = rejected.relations[i], t = rejected.tails[i];
    add(h, r, t);
    if (reciprocal) add(t, r + numRelations, h);
  }
  return out;
}

/** Largest number of queries per gradient pass that keeps the biggest intermediate under MAX_CHUNK_ELEMENTS. */
function chunkQueries(cfg: TrainingConfig, numEntities: number, entityWidth: number): number {
  const dot = resolveModel(cfg.model).comparator === 'dot';
  const perQuery = cfg.loss === 'cross-entropy' ? (dot ? numEntities : numEntities * entityWidth) : (cfg.negatives + 1) * entityWidth;
  return Math.max(1, Math.floor(MAX_CHUNK_ELEMENTS / perQuery));
}

/**
 * Loss and gradients (summed over chunks of at most `chunk` queries) of one batch; tensors returned
 * are the caller's to dispose. Must run inside tf.tidy.
 */
function batchGradients(
  tf: Tf, cfg: TrainingConfig, s: BatchSettings, E: TF.Variable, R: TF.Variable, queries: QuerySet, order: Int32Array,
  from: number, to: number, negatives: Int32Array | null, scale: number, rejected: TfRejectedBatch | null, chunk: number,
): { loss: TF.Scalar; gE: TF.Tensor; gR: TF.Tensor } {
  const k = cfg.loss === 'cross-entropy' ? 0 : cfg.negatives;
  let loss: TF.Scalar | null = null, gE: TF.Tensor | null = null, gR: TF.Tensor | null = null;
  for (let c = from; c < to; c += chunk) {
    const e = Math.min(to, c + chunk);
    const negs = negatives && k > 0 ? negatives.subarray((c - from) * k, (e - from) * k) : null;
    const batch = buildQueryBatch(queries, order, c, e, negs, k);
    const { value, grads } = tf.variableGrads(() => batchLoss(tf, cfg.model, s, E, R, batch, scale, c === from ? rejected : null), [E, R]);
    loss = loss ? (loss.add(value) as TF.Scalar) : value;
    gE = gE ? gE.add(grads[E.name]) : grads[E.name];
    gR = gR ? gR.add(grads[R.name]) : grads[R.name];
  }
  return { loss: loss!, gE: gE!, gR: gR! };
}

/**
 * Gradient of `scale * (losses of queries order[from..to))` by autodiff, for given params: the tf
 * counterpart of accumulateBatchGradient (negatives indexed from `from`), plus the rejected-triple term
 * when given. `chunk` overrides the queries per gradient pass. Returns dense gradients.
 */
export function tfjsBatchGradient(
  tf: Tf, params: EmbeddingParams, cfg: TrainingConfig, queries: QuerySet, order: Int32Array, from: number, to: number,
  negatives: Int32Array | null, scale: number, opts: { chunk?: number; rejected?: TfRejectedBatch } = {},
): { loss: number; entities: Float32Array; relations: Float32Array } {
  const E = variableOf(tf, params.entities, [params.numEntities, params.entityWidth]);
  const R = variableOf(tf, params.relations, [relationRowCount(params), params.relationWidth]);
  try {
    return tf.tidy(() => {
      const g = batchGradients(tf, cfg, batchSettings(cfg), E, R, queries, order, from, to, negatives, scale, opts.rejected ?? null, opts.chunk ?? chunkQueries(cfg, params.numEntities, params.entityWidth));
      return { loss: g.loss.dataSync()[0], entities: g.gE.dataSync() as Float32Array, relations: g.gR.dataSync() as Float32Array };
    });
  } finally {
    E.dispose();
    R.dispose();
  }
}

/** A trainable variable holding `values` (the initial tensor is freed; the variable keeps its data). */
function variableOf(tf: Tf, values: Float32Array, shape: [number, number]): TF.Variable {
  const init = tf.tensor2d(values, shape);
  try {
    return tf.variable(init, true);
  } finally {
    init.dispose();
  }
}

function createTfOptimizer(tf: Tf, cfg: TrainingConfig): TF.Optimizer {
  // Adam with the CPU engine's epsilon (tf's default is the backend epsilon); Adagrad from a zero accumulator as optimizers.ts.
  return cfg.optimizer === 'adam' ? tf.train.adam(cfg.learningRate, 0.9, 0.999, 1e-8) : tf.train.adagrad(cfg.learningRate, 0);
}

/** Train with TensorFlow.js ops on `tf`; same result shape (TrainResult) as trainEmbeddings, kernels 'tfjs'. */
export async function trainEmbeddingsTfjs(tf: Tf, ds: KgDataset, cfg: TrainingConfig, control: TrainControl = {}): Promise<TrainResult> {
  await tf.ready();
  const rng = createPrng(cfg.seed);
  const numRelations = ds.relations.length;
  // Same initial rows as the CPU engine for the same seed.
  const params = createParams({ model: cfg.model, dim: cfg.dim, reciprocal: cfg.reciprocal, numEntities: ds.entities.length, numRelations });
  initialiseParams(params, cfg, rng);
  if (cfg.unitEntities) normaliseRows(params.entities, params.entityWidth);
  const ctx = trainingContext(ds, cfg);
  const queries = queriesForTriples(ds.train, numRelations, cfg.reciprocal);
  const nq = queries.anchors.length;
  const order = new Int32Array(nq);
  for (let i = 0; i < nq; i++) order[i] = i;
  const k = cfg.loss === 'cross-entropy' ? 0 : cfg.negatives;
  const negatives = new Int32Array(Math.max(1, cfg.batchSize * k));
  const settings = batchSettings(cfg);
  const chunk = chunkQueries(cfg, params.numEntities, params.entityWidth);
  const rejected = ds.rejected && ds.rejected.heads.length > 0 ? new RejectedNegativeSampler(ds.rejected, params) : null;
  const ranking = { queries: ctx.validation, filter: ctx.filter };

  const E = variableOf(tf, params.entities, [params.numEntities, params.entityWidth]);
  const R = variableOf(tf, params.relations, [relationRowCount(params), params.relationWidth]);
  const optimizer = createTfOptimizer(tf, cfg);
  const readParams = async (): Promise<EmbeddingParams> => {
    params.entities.set(await E.data() as Float32Array);
    params.relations.set(await R.data() as Float32Array);
    return params;
  };
  const validate = async (): Promise<number> => summariseRanks(await rankInParallel(await readParams(), ranking, cfg.threads)).mrr;

  const tracker = new EpochTracker(cfg, ctx.validation.anchors.length > 0, Math.ceil(nq / cfg.batchSize), control);
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= cfg.epochs; epoch++) {
      shuffleInPlace(order, rng);
      let epochLoss: TF.Scalar = tf.scalar(0);
      let cancelled = false;
      for (let b = 0; b < nq; b += cfg.batchSize) {
        if (await tracker.cancelRequested()) {
          cancelled = true;
          break;
        }
        const e = Math.min(nq, b + cfg.batchSize);
        if (k > 0) sampleNegatives(e - b, k, params.numEntities, rng, negatives);
        let rej: TfRejectedBatch | null = null;
        if (rejected) {
          const rows = rejected.nextBatch();
          rej = rejectedBatch(rejected.rejected, rows, numRelations, cfg.reciprocal);
          rejected.used += rows.length;
        }
        const prev = epochLoss;
        epochLoss = tf.tidy(() => {
          if (cfg.unitEntities) {
            // Zero rows stay zero, as normaliseRows leaves them.
            E.assign(E.div(E.square().sum(1, true).sqrt().maximum(1e-30)));
          }
          const g = batchGradients(tf, cfg, settings, E, R, queries, order, b, e, k > 0 ? negatives : null, 1 / (e - b), rej, chunk);
          optimizer.applyGradients({ [E.name]: g.gE, [R.name]: g.gR });
          return prev.add(g.loss);
        });
        prev.dispose();
        // Let timers, pause and cancel requests in between batches.
        if ((b / cfg.batchSize) % 8 === 7) await new Promise((r) => setImmediate(r));
      }
      const loss = (await epochLoss.data())[0];
      epochLoss.dispose();
      if (cancelled) {
        await tracker.cancelled(epoch, validate, () => params);
        break;
      }
      if (await tracker.endEpoch(epoch, loss, validate, () => params)) break;
    }
    const final = tracker.best ?? cloneParams(await readParams());
    return {
      params: final,
      config: cfg,
      epochsRun: tracker.epochsRun(epoch),
      bestEpoch: tracker.bestEpoch,
      bestValidMrr: tracker.bestMrr >= 0 ? tracker.bestMrr : null,
      trainSeconds: tracker.seconds(),
      history: tracker.history,
      stoppedBy: tracker.stoppedBy,
      threads: cfg.threads,
      rejectedNegatives: { triples: rejected?.size ?? 0, uses: rejected?.used ?? 0 },
      kernels: { name: 'tfjs', detail: `TensorFlow.js backend '${tf.getBackend()}' (autodiff, tf.train.${cfg.optimizer})` },
    };
  } finally {
    E.dispose();
    R.dispose();
    optimizer.dispose();
  }
}
