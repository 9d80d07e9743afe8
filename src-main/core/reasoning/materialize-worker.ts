import { parentPort, workerData } from 'node:worker_threads';
import { KgStore } from '../store/kg-store.js';
import { materializeRules } from './kg-reasoning.js';
import { serializeError, type MaterializeJob, type MaterializeAnswer } from './materialize-in-worker.js';

/**
 * One materialisation on its own connection to the KG file, off the service's event loop: the service's connection
 * keeps reading the last committed state (WAL) until this one commits. A `cancel` message aborts the run (checked
 * between evaluation slices and every 10,000 facts while writing, which yields to take it): the write rolls back.
 */
const job = workerData as MaterializeJob;
const controller = new AbortController();
parentPort!.on('message', (m: { cancel?: boolean }) => {
  if (m.cancel) controller.abort();
});
const answer = (m: MaterializeAnswer): void => parentPort!.postMessage(m);
let store: KgStore | null = null;
try {
  store = KgStore.open(job.path, { mustExist: true });
  const result = await materializeRules(store, job.rules, {
    name: job.name,
    schema: job.schema,
    limits: { ...job.limits, signal: controller.signal },
  });
  answer({ result });
} catch (err) {
  answer({ error: serializeError(err) });
} finally {
  store?.close();
  parentPort!.close();
}
