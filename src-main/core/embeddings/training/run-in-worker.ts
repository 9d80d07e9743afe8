import { Worker } from 'node:worker_threads';
import type { KgDataset } from '../datasets/triple-datasets.js';
import type { TrainingOverrides } from './training-config.js';
import type { TrainAndEvaluateResult } from './train-and-evaluate.js';
import type { EpochReport } from './train-embeddings.js';

/** Runs trainAndEvaluate off the calling thread, so the app's main process stays responsive. */
export interface TrainingJob {
  dataset: KgDataset;
  overrides: TrainingOverrides;
}

export type TrainingMessage = { type: 'epoch'; report: EpochReport } | { type: 'done'; result: TrainAndEvaluateResult } | { type: 'error'; message: string };

export interface TrainingHandle {
  pause(): void;
  resume(): void;
  /** Stops after the current batch; the result keeps the best parameters so far. */
  cancel(): void;
  result: Promise<TrainAndEvaluateResult>;
}

const RUN = 0, PAUSE = 1, CANCEL = 2;

export function startTrainingWorker(job: TrainingJob, onEpoch?: (r: EpochReport) => void): TrainingHandle {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./training-worker.mjs', import.meta.url), { workerData: { job, control } });
  const set = (v: number) => {
    Atomics.store(control, 0, v);
    Atomics.notify(control, 0);
  };
  const result = new Promise<TrainAndEvaluateResult>((resolve, reject) => {
    worker.on('message', (m: TrainingMessage) => {
      if (m.type === 'epoch') onEpoch?.(m.report);
      else if (m.type === 'done') resolve(m.result);
      else reject(new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`training worker exited with code ${code}`)));
  }).finally(() => void worker.terminate());
  return { pause: () => set(PAUSE), resume: () => set(RUN), cancel: () => set(CANCEL), result };
}
