/**
 * graph.overview's communities as the service runs them: for a KG file of more than COMMUNITIES_WORKER_MIN_TRIPLES
 * triples the computation runs in a worker thread on a read-only connection of its own (progress comes back as
 * messages, Cancel terminates the thread: it writes nothing), so other calls are answered meanwhile; the answer is
 * stored in the KG file's cache from this thread, as an in-thread computation's is.
 */
import type { CommunityOverview } from '../../contract/community-types.js';
import type { ProgressEvent, SliceFilter } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { maxRowId } from '../store/kg-lookup.js';
import { cachedCommunities, communitiesCacheKey, storeCommunities } from '../store/community-reads.js';
import type { RunOptions } from '../run/run-options.js';
import { runInWorker } from '../run/run-in-worker.js';
import { communityOverview, type ComputedCommunities } from './communities.js';

export type CommunitiesAnswer = { progress: ProgressEvent } | { result: ComputedCommunities } | { error: string };

/** KG files with more triples than this compute their communities in a worker (a smaller one takes less than its start). */
export const COMMUNITIES_WORKER_MIN_TRIPLES = 20_000;

/** computeCommunities over the KG file at `path` in a worker thread. */
export function computeCommunitiesInWorker(path: string, filter: SliceFilter, options: RunOptions = {}): Promise<ComputedCommunities> {
  return runInWorker(new URL('./communities-worker.mjs', import.meta.url), {
    ...options,
    name: 'the communities worker',
    workerData: { path, filter },
    cancel: 'terminate',
    read: (raw) => {
      const m = raw as CommunitiesAnswer;
      return 'error' in m ? { error: new Error(m.error) } : m;
    },
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
