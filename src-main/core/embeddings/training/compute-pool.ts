import { Worker } from 'node:worker_threads';
import type { TrainingConfig } from './training-config.js';
import type { EmbeddingParams } from '../models/embedding-params.js';
import type { QuerySet } from '../datasets/link-queries.js';
import { rankQueries, type EvaluationQueries, type FilterIndex } from './filtered-evaluation.js';
import { accumulateBatchGradient, createBatchScratch, createGradientBuffers, type BatchSettings, type GradientBuffers } from './batch-gradient.js';

/**
 * Splits batch gradients and ranking across threads: the calling thread takes the first share,
 * each worker one more. Params, order, negatives and gradient buffers are SharedArrayBuffer-backed
 * when threads > 1, so a task message carries only a range.
 */
export interface ComputePool {
  readonly threads: number;
  /** One gradient buffer per thread; train.ts reduces them into gradients[0]. */
  readonly gradients: GradientBuffers[];
  batchGradient(from: number, to: number, scale: number): Promise<number>;
  /** Filtered ranks of the validation queries. */
  rank(): Promise<Float64Array>;
  close(): Promise<void>;
}

export interface RankingJob {
  queries: EvaluationQueries;
  filter: FilterIndex;
}

/** Plain-object form of a worker's setup (structured-cloned; shared buffers stay shared). */
export interface WorkerSetup {
  params: EmbeddingParams;
  settings: BatchSettings;
  queries: QuerySet | null;
  order: Int32Array | null;
  negatives: Int32Array | null;
  gradients: GradientBuffers | null;
  ranking: RankingJob | null;
  ranks: Float64Array | null;
}

export type WorkerTask = { type: 'grad'; from: number; to: number; batchStart: number; scale: number } | { type: 'rank'; from: number; to: number };

export function batchSettings(cfg: TrainingConfig): BatchSettings {
  const { loss, negatives, margin, adversarialTemperature, regularizer, regularizerWeight } = cfg;
  return { loss, negatives, margin, adversarialTemperature, regularizer, regularizerWeight };
}

const WORKER_URL = new URL('./compute-worker.mjs', import.meta.url);

/** A worker running compute-worker.ts (through compute-worker.mjs, which registers tsx). */
class ComputeWorker {
  private readonly worker: Worker;
  private pending: { resolve: (v: number) => void; reject: (e: Error) => void } | null = null;
  constructor(setup: WorkerSetup) {
    this.worker = new Worker(WORKER_URL, { workerData: setup });
    this.worker.on('message', (m: { loss: number }) => {
      const p = this.pending;
      this.pending = null;
      p?.resolve(m.loss);
    });
    this.worker.on('error', (e) => {
      const p = this.pending;
      this.pending = null;
      p?.reject(e);
    });
  }
  run(task: WorkerTask): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(task);
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

function shares(from: number, to: number, parts: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = to - from;
  for (let i = 0; i < parts; i++) out.push([from + Math.floor((n * i) / parts), from + Math.floor((n * (i + 1)) / parts)]);
  return out;
}

export async function createComputePool(
  threads: number, params: EmbeddingParams, cfg: TrainingConfig, queries: QuerySet, order: Int32Array, negatives: Int32Array,
  ranking: RankingJob,
): Promise<ComputePool> {
  const settings = batchSettings(cfg);
  const shared = threads > 1;
  const gradients = Array.from({ length: threads }, () => createGradientBuffers(params, shared));
  const scratch = createBatchScratch(params, cfg.negatives);
  const ranks = shared ? new Float64Array(new SharedArrayBuffer(8 * ranking.queries.anchors.length)) : new Float64Array(ranking.queries.anchors.length);
  const workers = Array.from({ length: threads - 1 }, (_, i) =>
    new ComputeWorker({ params, settings, queries, order, negatives, gradients: gradients[i + 1], ranking, ranks }),
  );
  const k = cfg.loss === 'cross-entropy' ? null : negatives;
  return {
    threads,
    gradients,
    async batchGradient(from, to, scale) {
      const parts = shares(from, to, threads);
      const remote = workers.map((w, i) => w.run({ type: 'grad', from: parts[i + 1][0], to: parts[i + 1][1], batchStart: from, scale }));
      let loss = accumulateBatchGradient(params, settings, queries, order, parts[0][0], parts[0][1], k, from, scale, gradients[0], scratch);
      for (const l of await Promise.all(remote)) loss += l;
      return loss;
    },
    async rank() {
      const parts = shares(0, ranks.length, threads);
      const remote = workers.map((w, i) => w.run({ type: 'rank', from: parts[i + 1][0], to: parts[i + 1][1] }));
      rankQueries(params, ranking.queries, parts[0][0], parts[0][1], ranking.filter, ranks);
      await Promise.all(remote);
      return ranks;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/** Filtered ranks of `queries` on `threads` threads (evaluation outside training). */
export async function rankInParallel(params: EmbeddingParams, ranking: RankingJob, threads: number): Promise<Float64Array> {
  const n = ranking.queries.anchors.length;
  if (threads <= 1) {
    const ranks = new Float64Array(n);
    rankQueries(params, ranking.queries, 0, n, ranking.filter, ranks);
    return ranks;
  }
  const shared = toShared(params);
  const ranks = new Float64Array(new SharedArrayBuffer(8 * n));
  const settings: BatchSettings = { loss: 'cross-entropy', negatives: 1, margin: 0, adversarialTemperature: 1, regularizer: 'none', regularizerWeight: 0 };
  const workers = Array.from({ length: threads - 1 }, () => new ComputeWorker({ params: shared, settings, queries: null, order: null, negatives: null, gradients: null, ranking, ranks }));
  try {
    const parts = shares(0, n, threads);
    const remote = workers.map((w, i) => w.run({ type: 'rank', from: parts[i + 1][0], to: parts[i + 1][1] }));
    rankQueries(shared, ranking.queries, parts[0][0], parts[0][1], ranking.filter, ranks);
    await Promise.all(remote);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
  return ranks;
}

function toShared(p: EmbeddingParams): EmbeddingParams {
  const copy = (a: Float32Array) => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
    s.set(a);
    return s;
  };
  return { ...p, entities: copy(p.entities), relations: copy(p.relations) };
}
