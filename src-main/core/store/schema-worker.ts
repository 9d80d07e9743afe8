import { parentPort, workerData } from 'node:worker_threads';
import { KgStore } from './kg-store.js';
import { computeKgSchema } from './kg-schema.js';

/** Computes a KG file's schema on its own read-only connection, off the service's event loop. */
const { path } = workerData as { path: string };
try {
  const kg = KgStore.open(path, { mustExist: true, readonly: true });
  try {
    parentPort!.postMessage({ schema: computeKgSchema(kg.db) });
  } finally {
    kg.close();
  }
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
