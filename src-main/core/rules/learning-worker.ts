/** Worker body: learns rules on its own copy of the training graph and posts progress and the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { learnRules, type LearnOptions } from './learn-rules.js';
import { TripleGraph } from './triple-graph.js';
import type { LearningJob, LearningMessage } from './learn-in-workers.js';

const { job, control } = workerData as { job: LearningJob; control: Int32Array };
const post = (m: LearningMessage) => parentPort!.postMessage(m);
try {
  const graph = new TripleGraph(job.triples, job.numEntities, job.numRelations);
  const options: LearnOptions = {
    ...job.options,
    shouldStop: () => Atomics.load(control, 0) !== 0,
    onProgress: (p) => post({ type: 'progress', progress: p }),
  };
  post({ type: 'done', result: learnRules(graph, options) });
} catch (e) {
  post({ type: 'error', message: (e as Error).message });
}
