import { parentPort, workerData } from 'node:worker_threads';
import { rankQueries } from './filtered-evaluation.js';
import { accumulateBatchGradient, createBatchScratch } from './batch-gradient.js';
import type { WorkerSetup, WorkerTask } from './compute-pool.js';

/** Worker side of the compute pool: runs one range task at a time over shared buffers. */
const setup = workerData as WorkerSetup;
const scratch = createBatchScratch(setup.params, setup.settings.negatives);
const negatives = setup.settings.loss === 'cross-entropy' ? null : setup.negatives;

parentPort!.on('message', (task: WorkerTask) => {
  if (task.type === 'grad') {
    const loss = accumulateBatchGradient(setup.params, setup.settings, setup.queries!, setup.order!, task.from, task.to, negatives, task.batchStart, task.scale, setup.gradients!, scratch);
    parentPort!.postMessage({ loss });
  } else {
    rankQueries(setup.params, setup.ranking!.queries, task.from, task.to, setup.ranking!.filter, setup.ranks!);
    parentPort!.postMessage({ loss: 0 });
  }
});
