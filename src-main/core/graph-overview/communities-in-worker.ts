/**
 * graph.overview's communities as the service runs them: for a KG file of more than COMMUNITIES_WORKER_MIN_TRIPLES
 * triples the computation runs in a worker thread on a read-only connection of its own (progress comes back as
 * messages, Cancel terminates the thread: it writes nothing), so other calls are answered meanwhile; the answer is
 * stored in the KG file's cache from this thread, as an in-thread computation's is.
 */
import { Worker } from 'node:worker_threads';
import type { CommunityOverview } from '../../contract/community-types.js';
import type { ProgressEvent, SliceFilter } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { maxRowId } from '../store/kg-lookup.js';
import { cachedCommunities, communitiesCacheKey, storeCommunities } from '../store/community-reads.js';
import { CancelledError } from '../run/cancelled-error.js';
import type { RunOptions } from '../run/run-options.js';
import { communityOverview, type ComputedCommunities } from './communities.js';

export type CommunitiesAnswer = { progress: ProgressEvent } | { result: ComputedCommunities } | { error: string };

/** KG files with more triples than this compute their communities in a worker (a smaller one takes less than its start). */
export const COMMUNITIES_WORKER_MIN_TRIPLES = 20_000;

/** computeCommunities over the KG file at `path` in a worker thread. */
export function computeCommunitiesInWorker(path: string, filter: SliceFilter, options: RunOptions = {}): Promise<ComputedCommunities> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./communities-worker.mjs', import.meta.url), { workerData: { path, filter } });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      fn();
    };
    const cancel = (): void => {
      settle(() => reject(new CancelledError()));
      void worker.terminate();
    };
    signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (m: CommunitiesAnswer) => {
      if ('progress' in m) {
        if (!settled) onProgress?.(m.progress);
      } else settle(() => ('result' in m ? resolve(m.result) : reject(new Error(m.error))));
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the communities worker stopped (exit code ${code})`))));
  });
}

/** communityOverview (same cache), computed in a worker for a large KG file or whenever `worker` is true. */
export async function communityOverviewOffThread(
  store: KgStore,
  input: { filter?: SliceFilter; refresh?: boolean; worker?: boolean } = {},
  options: RunOptions = {},
): Promise<CommunityOverview> {
  const file = store.path !== ':memory:' && store.path !== '';
  const useWorker = file && (input.worker ?? maxRowId(store.db, 'triples') > COMMUNITIES_WORKER_MIN_TRIPLES);
  if (!useWorker) return communityOverview(store, input, options);
  const started = performance.now();
  const filter = input.filter ?? {};
  // Read before the computation: a KG changed meanwhile is computed again on the next call.
  const key = communitiesCacheKey(store, filter);
  const cached = input.refresh ? null : cachedCommunities<ComputedCommunities>(store, key);
  if (cached) return { ...cached, seconds: (performance.now() - started) / 1000, cached: true };
  const computed = await computeCommunitiesInWorker(store.path, filter, options);
  storeCommunities(store, key, computed);
  return { ...computed, seconds: (performance.now() - started) / 1000, cached: false };
}
