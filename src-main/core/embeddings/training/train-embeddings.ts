import type { KgDataset } from '../datasets/triple-datasets.js';
import { concatTriples } from '../datasets/triple-datasets.js';
import type { TrainingConfig } from './training-config.js';
import { createPrng, shuffleInPlace } from '../../random/mulberry32.js';
import { createParams, initialiseParams, normaliseRows, cloneParams, relationRowCount, type EmbeddingParams } from '../models/embedding-params.js';
import { queriesForTriples } from '../datasets/link-queries.js';
import { createOptimizer } from './optimizers.js';
import { sampleNegatives } from './negative-sampling.js';
import { buildFilterIndex, evaluationQueries, summariseRanks, type FilterIndex, type EvaluationQueries } from './filtered-evaluation.js';
import type { GradientBuffers } from './batch-gradient.js';
import { createComputePool, type ComputePool } from './compute-pool.js';
import { RejectedNegativeSampler } from './rejected-negatives.js';
import { EpochTracker } from './early-stopping.js';
import { resolveModel } from '../models/model-resolver.js';
import { DenseDotKernels } from '../kernels/onnx-dot-kernels.js';
import { createDensePool, denseKernelsApply } from './onnx-compute-pool.js';

export interface EpochReport {
  epoch: number;
  loss: number;
  validMrr?: number;
  elapsedSeconds: number;
  /** Seconds left if every remaining epoch runs (early stopping may end sooner). */
  etaSeconds: number;
}

export interface TrainControl {
  onEpoch?: (r: EpochReport) => void;
  /** Checked between batches: true stops training and keeps the best parameters so far. */
  shouldCancel?: () => boolean;
  /** Awaited between batches (Pause: resolves when resumed). */
  waitWhilePaused?: () => Promise<void>;
}

export interface TrainResult {
  params: EmbeddingParams;
  config: TrainingConfig;
  epochsRun: number;
  bestEpoch: number;
  bestValidMrr: number | null;
  trainSeconds: number;
  history: EpochReport[];
  stoppedBy: 'epochs' | 'early-stopping' | 'cancelled';
  threads: number;
  /** Rejected predictions in the dataset, and how many times one was used as an extra negative. */
  rejectedNegatives: { triples: number; uses: number };
  /** Which kernels did the dense work: 'onnxruntime' (1-vs-all dot models), 'typed-arrays' or 'tfjs' (tfjs/tfjs-trainer.ts), and why. */
  kernels: { name: 'onnxruntime' | 'typed-arrays' | 'tfjs'; detail: string };
}

/** The relation-count, filter and validation queries a run needs besides its params. */
export interface TrainingContext {
  filter: FilterIndex;
  validation: EvaluationQueries;
}

export function trainingContext(ds: KgDataset, cfg: TrainingConfig): TrainingContext {
  const filter = buildFilterIndex(concatTriples(ds.train, ds.valid, ds.test), ds.relations.length);
  // Early stopping on at most validationLimit queries: every k-th validation triple, spread over the file.
  const n = ds.valid.heads.length;
  const keep = cfg.validationLimit > 0 ? Math.max(1, Math.floor(cfg.validationLimit / 2)) : n;
  const stride = Math.max(1, Math.ceil(n / keep));
  const pick = (a: Int32Array) => a.filter((_, i) => i % stride === 0);
  const validation = evaluationQueries(stride === 1 ? ds.valid : { heads: pick(ds.valid.heads), relations: pick(ds.valid.relations), tails: pick(ds.valid.tails) });
  return { filter, validation };
}

function touchedRows(flags: Uint8Array, rows: Int32Array): number {
  let n = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i]) {
    rows[n++] = i;
    flags[i] = 0;
  }
  return n;
}

/** Adds worker w's gradient rows into the first buffer (for the rows w touched) and merges the flags. */
function reduceInto(dst: GradientBuffers, src: GradientBuffers, ew: number, rw: number): void {
  const merge = (d: Float32Array, s: Float32Array, fd: Uint8Array, fs: Uint8Array, w: number) => {
    for (let r = 0; r < fs.length; r++) {
      if (!fs[r]) continue;
      fs[r] = 0;
      fd[r] = 1;
      for (let i = r * w; i < (r + 1) * w; i++) {
        d[i] += s[i];
        s[i] = 0;
      }
    }
  };
  merge(dst.entities, src.entities, dst.entityTouched, src.entityTouched, ew);
  merge(dst.relations, src.relations, dst.relationTouched, src.relationTouched, rw);
}

/**
 * Mini-batch training with early stopping on filtered validation MRR. Batches are split across the
 * compute pool's threads (data parallel, shared params); the optimiser step runs on the calling thread.
 */
export async function trainEmbeddings(ds: KgDataset, cfg: TrainingConfig, control: TrainControl = {}): Promise<TrainResult> {
  const rng = createPrng(cfg.seed);
  const numRelations = ds.relations.length;
  const dense = denseKernelsApply(cfg)
    ? await DenseDotKernels.create(resolveModel(cfg.model).entityWidth(cfg.dim), cfg.threads)
    : { kernels: null, detail: `${cfg.model} with ${cfg.loss} loss runs on the typed-array kernels` };
  const shared = cfg.threads > 1 && !dense.kernels;
  const params = createParams({ model: cfg.model, dim: cfg.dim, reciprocal: cfg.reciprocal, numEntities: ds.entities.length, numRelations }, shared);
  initialiseParams(params, cfg, rng);
  if (cfg.unitEntities) normaliseRows(params.entities, params.entityWidth);
  const ctx = trainingContext(ds, cfg);
  const queries = queriesForTriples(ds.train, numRelations, cfg.reciprocal);
  const nq = queries.anchors.length;
  const order = shared ? new Int32Array(new SharedArrayBuffer(4 * nq)) : new Int32Array(nq);
  for (let i = 0; i < nq; i++) order[i] = i;
  const k = cfg.loss === 'cross-entropy' ? 0 : cfg.negatives;
  const negatives = shared ? new Int32Array(new SharedArrayBuffer(4 * Math.max(1, cfg.batchSize * k))) : new Int32Array(Math.max(1, cfg.batchSize * k));
  const ranking = { queries: ctx.validation, filter: ctx.filter };
  const pool: ComputePool = dense.kernels
    ? createDensePool(dense.kernels, params, cfg, queries, order, ranking)
    : await createComputePool(cfg.threads, params, cfg, queries, order, negatives, ranking);
  const entOpt = createOptimizer(cfg.optimizer, params.entities.length, cfg.learningRate);
  const relOpt = createOptimizer(cfg.optimizer, params.relations.length, cfg.learningRate);
  const entRows = new Int32Array(params.numEntities);
  const relRows = new Int32Array(relationRowCount(params));
  const rejected = ds.rejected && ds.rejected.heads.length > 0 ? new RejectedNegativeSampler(ds.rejected, params) : null;
  const tracker = new EpochTracker(cfg, ctx.validation.anchors.length > 0, Math.ceil(nq / cfg.batchSize), control);
  const validate = async () => summariseRanks(await pool.rank()).mrr;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= cfg.epochs; epoch++) {
      shuffleInPlace(order, rng);
      let loss = 0;
      let cancelled = false;
      for (let b = 0; b < nq; b += cfg.batchSize) {
        if (await tracker.cancelRequested()) {
          cancelled = true;
          break;
        }
        const e = Math.min(nq, b + cfg.batchSize);
        if (k > 0) sampleNegatives(e - b, k, params.numEntities, rng, negatives);
        if (cfg.unitEntities) normaliseRows(params.entities, params.entityWidth);
        loss += await pool.batchGradient(b, e, 1 / (e - b));
        const grads = pool.gradients;
        for (let w = 1; w < grads.length; w++) reduceInto(grads[0], grads[w], params.entityWidth, params.relationWidth);
        if (rejected) loss += rejected.accumulate(1 / (e - b), grads[0]);
        entOpt.step(params.entities, grads[0].entities, params.entityWidth, entRows, touchedRows(grads[0].entityTouched, entRows));
        relOpt.step(params.relations, grads[0].relations, params.relationWidth, relRows, touchedRows(grads[0].relationTouched, relRows));
      }
      if (cancelled) {
        await tracker.cancelled(epoch, validate, () => params);
        break;
      }
      if (await tracker.endEpoch(epoch, loss, validate, () => params)) break;
    }
  } finally {
    await pool.close();
  }
  return {
    params: tracker.best ? { ...tracker.best } : cloneParams(params),
    config: cfg,
    epochsRun: tracker.epochsRun(epoch),
    bestEpoch: tracker.bestEpoch,
    bestValidMrr: tracker.bestMrr >= 0 ? tracker.bestMrr : null,
    trainSeconds: tracker.seconds(),
    history: tracker.history,
    stoppedBy: tracker.stoppedBy,
    threads: pool.threads,
    rejectedNegatives: { triples: rejected?.size ?? 0, uses: rejected?.used ?? 0 },
    kernels: { name: dense.kernels ? 'onnxruntime' : 'typed-arrays', detail: dense.detail },
  };
}
