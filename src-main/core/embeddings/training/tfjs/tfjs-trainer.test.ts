import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readBenchmarkFolder, type KgDataset } from '../../datasets/triple-datasets.js';
import { resolveTrainingConfig, type TrainingConfig, type TrainingOverrides } from '../training-config.js';
import { createParams, initialiseParams } from '../../models/embedding-params.js';
import { createPrng, shuffleInPlace } from '../../../random/mulberry32.js';
import { queriesForTriples } from '../../datasets/link-queries.js';
import { sampleNegatives } from '../negative-sampling.js';
import { filterKey } from '../filtered-evaluation.js';
import { trainingContext, trainEmbeddings, type TrainResult } from '../train-embeddings.js';
import { accumulateBatchGradient, createBatchScratch, createGradientBuffers } from '../batch-gradient.js';
import { batchSettings } from '../compute-pool.js';
import { RejectedNegativeSampler } from '../rejected-negatives.js';
import { chooseEngine } from '../choose-engine.js';
import { trainAndEvaluate } from '../train-and-evaluate.js';
import { tfjsBatchGradient, trainEmbeddingsTfjs, rejectedBatch } from './tfjs-trainer.js';
import type { Tf } from './tfjs-ops.js';
import { datasetPath } from '../../../../../test-support/paths.js';

/**
 * The TensorFlow.js training engine on '@tensorflow/tfjs' with its pure-JS 'cpu' backend (the app
 * passes tfjs-node-gpu's module instead). Nations: 14 entities, 55 relations, small dims so each
 * test stays within a few seconds on two loaded cores.
 */
const T = tf as unknown as Tf;
let ds: KgDataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  ds = readBenchmarkFolder(datasetPath('nations'));
});

const cfgFor = (o: TrainingOverrides): TrainingConfig => resolveTrainingConfig({ threads: 1, evalEvery: 5, patience: 10, ...o });

/** Expected filtered MRR of a uniformly random ranking of the validation queries (mean of H(n)/n over each query's n candidates). */
function randomFilteredMrr(d: KgDataset, cfg: TrainingConfig): number {
  const { filter, validation: q } = trainingContext(d, cfg);
  const N = d.entities.length;
  let sum = 0;
  for (let i = 0; i < q.anchors.length; i++) {
    const slot = filter.keys.get(filterKey(q.anchors[i], q.relations[i], q.directions[i], filter.numRelations));
    const known = slot === undefined ? 0 : filter.starts[slot + 1] - filter.starts[slot];
    const n = N - known + 1; // the answer itself is among the known triples
    let h = 0;
    for (let r = 1; r <= n; r++) h += 1 / r;
    sum += h / n;
  }
  return sum / q.anchors.length;
}

describe('tfjs batch gradient equals the typed-array engine', () => {
  const cases: TrainingOverrides[] = [
    { model: 'complex', dim: 8, loss: 'cross-entropy', reciprocal: true, regularizer: 'n3', regularizerWeight: 0.05 },
    { model: 'distmult', dim: 6, loss: 'softplus', negatives: 3, reciprocal: false, regularizer: 'n3', regularizerWeight: 0.05 },
    { model: 'transe', dim: 6, loss: 'margin-ranking', negatives: 3, margin: 2, reciprocal: false, regularizer: 'none' },
    { model: 'rotate', dim: 8, loss: 'self-adversarial', negatives: 3, margin: 3, reciprocal: false, regularizer: 'none' },
    { model: 'transe', dim: 6, loss: 'cross-entropy', reciprocal: true, regularizer: 'n3', regularizerWeight: 0.05 },
  ];
  it.each(cases)('$model with $loss loss (reciprocal $reciprocal, $regularizer)', (o) => {
    const cfg = cfgFor({ ...o, initScale: 0.5 });
    const rng = createPrng(11);
    const p = createParams({ model: cfg.model, dim: cfg.dim, reciprocal: cfg.reciprocal, numEntities: ds.entities.length, numRelations: ds.relations.length });
    initialiseParams(p, cfg, rng);
    const queries = queriesForTriples(ds.train, ds.relations.length, cfg.reciprocal);
    const order = Int32Array.from(queries.anchors, (_, i) => i);
    shuffleInPlace(order, rng);
    const from = 40, to = 72, k = cfg.loss === 'cross-entropy' ? 0 : cfg.negatives;
    const negatives = k > 0 ? sampleNegatives(to - from, k, p.numEntities, rng, new Int32Array((to - from) * k)) : null;
    const scale = 1 / (to - from);
    const grads = createGradientBuffers(p);
    let loss = accumulateBatchGradient(p, batchSettings(cfg), queries, order, from, to, negatives, from, scale, grads, createBatchScratch(p, Math.max(1, k)));
    // Rejected triples as extra negatives, on the same rows.
    const rejected = { heads: Int32Array.from([0, 5, 9]), relations: Int32Array.from([3, 7, 1]), tails: Int32Array.from([4, 2, 13]) };
    const sampler = new RejectedNegativeSampler(rejected, p);
    loss += sampler.accumulate(scale, grads);
    const rej = rejectedBatch(rejected, [0, 1, 2], ds.relations.length, cfg.reciprocal);
    // Chunks of 7 queries exercise the gradient accumulation used for batches too big for one pass.
    for (const chunk of [undefined, 7]) {
      const g = tfjsBatchGradient(T, p, cfg, queries, order, from, to, negatives, scale, { chunk, rejected: rej });
      expect(Math.abs(g.loss - loss)).toBeLessThan(1e-4 * (1 + Math.abs(loss)));
      let maxE = 0, maxR = 0;
      for (let i = 0; i < g.entities.length; i++) maxE = Math.max(maxE, Math.abs(g.entities[i] - grads.entities[i]));
      for (let i = 0; i < g.relations.length; i++) maxR = Math.max(maxR, Math.abs(g.relations[i] - grads.relations[i]));
      expect(maxE).toBeLessThan(1e-4);
      expect(maxR).toBeLessThan(1e-4);
    }
    // Not trivially zero.
    expect(grads.entities.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });
});

/**
 * tfjs's pure-JS 'cpu' kernel for UnsortedSegmentSum (the gradient of gather) loops over every
 * segment with whole-tensor ops, three quarters of these tests' time; the training tests swap in this
 * linear-time one (tfjs-node-gpu's is native). The gradient tests above run on the stock kernel.
 */
function linearSegmentSum({ inputs, backend, attrs }: { inputs: Record<string, tf.TensorInfo>; backend: unknown; attrs?: unknown }): tf.TensorInfo {
  const cpu = backend as { readSync(id: unknown): ArrayLike<number>; makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo };
  const { x, segmentIds } = inputs;
  const n = (attrs as { numSegments: number }).numSegments;
  const xs = cpu.readSync(x.dataId), ids = cpu.readSync(segmentIds.dataId);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * inner);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0 || id >= n) continue;
    for (let j = 0; j < inner; j++) out[id * inner + j] += xs[i * inner + j];
  }
  return cpu.makeTensorInfo([n, ...innerShape], x.dtype, out);
}

/** Same seed, same init, same shuffles and negatives: the typed-array engine's curve, up to optimiser details (dense vs lazy, epsilons). */
async function expectSameAsCpuEngine(r: TrainResult, cfg: TrainingConfig): Promise<void> {
  const c = await trainEmbeddings(ds, cfg);
  expect(r.history.length).toBe(c.history.length);
  r.history.forEach((h, i) => expect(Math.abs(h.loss - c.history[i].loss)).toBeLessThan(0.03 * c.history[i].loss));
  expect(Math.abs(r.bestValidMrr! - c.bestValidMrr!)).toBeLessThan(0.04);
}

describe('tfjs training engine on Nations', () => {
  let stock: tf.KernelConfig;
  beforeAll(() => {
    const x = tf.randomNormal([9, 3, 2]), ids = tf.tensor1d([4, 0, 4, 2, 1, 0, 3, 4, 2], 'int32');
    const expected = tf.unsortedSegmentSum(x, ids, 6).dataSync();
    stock = tf.getKernel('UnsortedSegmentSum', 'cpu');
    tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'cpu', kernelFunc: linearSegmentSum as unknown as tf.KernelFunc });
    const got = tf.unsortedSegmentSum(x, ids, 6).dataSync();
    tf.dispose([x, ids]);
    expect(got.length).toBe(expected.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });
  afterAll(() => {
    tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
    tf.registerKernel(stock);
  });

  it('ComplEx 1-vs-all cross-entropy (reciprocal, N3, Adagrad): loss falls, validation MRR well above random, as the CPU engine', async () => {
    const cfg = cfgFor({ model: 'complex', dim: 32, epochs: 10, batchSize: 256, initScale: 0.1, learningRate: 0.1 });
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const r = await trainEmbeddingsTfjs(T, ds, cfg, { onEpoch: (e) => epochs.push(e.epoch) });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.kernels.name).toBe('tfjs');
    expect(r.kernels.detail).toMatch(/backend 'cpu'/);
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.stoppedBy).toBe('epochs');
    // 1-vs-all over 14 entities starts at ln 14 = 2.64; Nations' many true answers per query keep it high.
    expect(r.history[0].loss).toBeCloseTo(Math.log(14), 1);
    expect(r.history.at(-1)!.loss).toBeLessThan(0.88 * r.history[0].loss);
    const random = randomFilteredMrr(ds, cfg);
    expect(random).toBeGreaterThan(Math.log(14) / 14); // filtering removes candidates
    expect(r.bestValidMrr!).toBeGreaterThan(random + 0.25);
    await expectSameAsCpuEngine(r, cfg);
    expect(r.params.entities.length).toBe(ds.entities.length * 32);
    expect(r.params.relations.length).toBe(2 * ds.relations.length * 32);
    expect(r.params.entities.every(Number.isFinite)).toBe(true);
  }, 120_000);

  it('TransE margin ranking (negative sampling, head queries, unit entities, Adam): loss falls, validation MRR above random', async () => {
    const cfg = cfgFor({ model: 'transe', dim: 32, epochs: 10, batchSize: 256, negatives: 4 });
    expect(cfg.loss).toBe('margin-ranking');
    expect(cfg.reciprocal).toBe(false);
    const before = tf.memory().numTensors;
    const r = await trainEmbeddingsTfjs(T, ds, cfg);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.history.at(-1)!.loss).toBeLessThan(0.8 * r.history[0].loss);
    // TransE is weak on Nations (about 0.45 after 10 epochs on either engine) but clearly above random.
    expect(r.bestValidMrr!).toBeGreaterThan(randomFilteredMrr(ds, cfg) + 0.05);
    await expectSameAsCpuEngine(r, cfg);
  }, 120_000);

  it('cancel stops between batches, keeps validated params and frees its tensors', async () => {
    const cfg = cfgFor({ model: 'distmult', dim: 16, epochs: 50, batchSize: 512, initScale: 0.1 });
    const before = tf.memory().numTensors;
    let batches = 0, pauses = 0;
    const r = await trainEmbeddingsTfjs(T, ds, cfg, { shouldCancel: () => ++batches > 15, waitWhilePaused: async () => void pauses++ });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.stoppedBy).toBe('cancelled');
    // 3184 queries / 512 = 7 batches an epoch: two whole epochs, cancelled in the third.
    expect(r.epochsRun).toBe(2);
    expect(r.bestEpoch).toBe(2);
    expect(r.bestValidMrr).not.toBeNull();
    expect(pauses).toBe(16);
  }, 120_000);
});

describe('engine wire-up', () => {
  const fakeTfjsNodeGpu = async () => ({ ...tf, getBackend: () => 'tensorflow' });

  it("chooseEngine picks tfjs-node-gpu when it loads with backend 'tensorflow'", async () => {
    const c = await chooseEngine('auto', fakeTfjsNodeGpu);
    expect(c.engine).toBe('tfjs-node-gpu');
    expect(c.gpu.available).toBe(true);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('trainAndEvaluate trains on the tfjs engine and evaluates as before', async () => {
    const r = await trainAndEvaluate(ds, { model: 'complex', dim: 16, epochs: 2, evalEvery: 1, threads: 1 }, {}, fakeTfjsNodeGpu);
    expect(r.engine.engine).toBe('tfjs-node-gpu');
    expect(r.train.kernels.name).toBe('tfjs');
    expect(r.engine.reason).toMatch(/TensorFlow\.js backend 'tensorflow'/);
    expect(r.test.count).toBe(2 * ds.test.heads.length);
    expect(r.test.mrr).toBeGreaterThan(0);
  }, 120_000);
});
