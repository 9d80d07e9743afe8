/**
 * Rule learning off the calling thread and on every core: each worker samples with its own seed over its own copy
 * of the training graph for the same time budget, and the rule sets are merged (a rule found twice is kept once).
 * Cancel reaches the workers through a shared flag they read between samples.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TripleIds } from '../embeddings/datasets/triple-datasets.js';
import { DEFAULT_MAX_RULES, defaultBudgetSeconds, type LearnOptions, type LearnProgress, type LearnResult } from './learn-rules.js';
import { ruleKey, type LearnedRule } from './rule.js';

export interface LearningJob {
  triples: TripleIds;
  numEntities: number;
  numRelations: number;
  options: Omit<LearnOptions, 'signal' | 'onProgress' | 'shouldStop'>;
}

export type LearningMessage = { type: 'progress'; progress: LearnProgress } | { type: 'done'; result: LearnResult } | { type: 'error'; message: string };

export interface ParallelLearnOptions extends Omit<LearnOptions, 'shouldStop'> {
  /** Worker threads (default: the machine's cores, at most 8). */
  workers?: number;
}

function runWorker(job: LearningJob, control: Int32Array, onProgress: (p: LearnProgress) => void): Promise<LearnResult> {
  // A long run on a large KG holds a million rules per worker: give each worker room beyond V8's default heap.
  const worker = new Worker(new URL('./learning-worker.mjs', import.meta.url), { workerData: { job, control }, resourceLimits: { maxOldGenerationSizeMb: 6144 } });
  return new Promise<LearnResult>((resolve, reject) => {
    worker.on('message', (m: LearningMessage) => {
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'done') resolve(m.result);
      else reject(new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`rule-learning worker exited with code ${code}`)));
  }).finally(() => void worker.terminate());
}

export async function learnRulesInWorkers(triples: TripleIds, numEntities: number, numRelations: number, options: ParallelLearnOptions = {}): Promise<LearnResult> {
  const workers = Math.max(1, Math.min(8, options.workers ?? availableParallelism()));
  const seconds = options.seconds ?? defaultBudgetSeconds(triples.heads.length);
  const control = new Int32Array(new SharedArrayBuffer(4));
  const stop = () => Atomics.store(control, 0, 1);
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const { signal: _signal, onProgress, workers: _workers, ...rest } = options;
  const latest: LearnProgress[] = [];
  const report = (i: number, p: LearnProgress) => {
    latest[i] = p;
    const all = latest.filter(Boolean);
    onProgress?.({
      seconds: Math.max(...all.map((x) => x.seconds)),
      budget: seconds,
      rules: all.reduce((s, x) => s + x.rules, 0),
      sampledTriples: all.reduce((s, x) => s + x.sampledTriples, 0),
    });
  };
  const t0 = performance.now();
  try {
    const results = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        runWorker(
          { triples, numEntities, numRelations, options: { ...rest, seconds, seed: (rest.seed ?? 1) + 7919 * i, maxRules: Math.ceil((rest.maxRules ?? DEFAULT_MAX_RULES) / workers) } },
          control,
          (p) => report(i, p),
        ),
      ),
    );
    const seen = new Set<string>();
    const rules: LearnedRule[] = [];
    for (const r of results) {
      for (const rule of r.rules) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
    rules.sort((x, y) => y.stats.confidence - x.stats.confidence || y.stats.support - x.stats.support);
    return {
      rules,
      seconds: (performance.now() - t0) / 1000,
      sampledTriples: results.reduce((s, r) => s + r.sampledTriples, 0),
      candidatesChecked: results.reduce((s, r) => s + r.candidatesChecked, 0),
      cancelled: results.some((r) => r.cancelled),
    };
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}
