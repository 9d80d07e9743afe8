import { parentPort, workerData } from 'node:worker_threads';
import { trainAndEvaluate } from './train-and-evaluate.js';
import type { TrainingJob, TrainingMessage } from './run-in-worker.js';

/** Worker body: one training run; pause/cancel arrive through a shared flag (0 run, 1 pause, 2 cancel). */
const { job, control } = workerData as { job: TrainingJob; control: Int32Array };
const post = (m: TrainingMessage) => parentPort!.postMessage(m);

try {
  const result = await trainAndEvaluate(job.dataset, job.overrides, {
    onEpoch: (report) => post({ type: 'epoch', report }),
    shouldCancel: () => Atomics.load(control, 0) === 2,
    waitWhilePaused: async () => {
      // Blocking here is fine: this thread only trains.
      while (Atomics.load(control, 0) === 1) Atomics.wait(control, 0, 1, 200);
    },
  });
  post({ type: 'done', result });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
