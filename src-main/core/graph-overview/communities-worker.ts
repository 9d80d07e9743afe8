import { parentPort, workerData } from 'node:worker_threads';
import type { SliceFilter } from '../../contract/types.js';
import { KgStore } from '../store/kg-store.js';
import { computeCommunities } from './communities.js';
import type { CommunitiesAnswer } from './communities-in-worker.js';

/**
 * One communities computation on its own read-only connection to the KG file, off the service's event loop; progress
 * goes back as messages. It writes nothing, so a Cancel simply terminates the thread.
 */
const { path, filter } = workerData as { path: string; filter: SliceFilter };
const answer = (m: CommunitiesAnswer): void => parentPort!.postMessage(m);
let store: KgStore | null = null;
try {
  store = KgStore.open(path, { mustExist: true, readonly: true });
  answer({ result: computeCommunities(store, filter, { onProgress: (progress) => answer({ progress }) }) });
} catch (err) {
  answer({ error: err instanceof Error ? err.message : String(err) });
} finally {
  store?.close();
  parentPort!.close();
}
