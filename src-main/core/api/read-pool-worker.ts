import { parentPort } from 'node:worker_threads';
import type { CallName } from '../../contract/api.js';
import { KgStore } from '../store/kg-store.js';
import { entityDetail, getTriple, kgStats, searchEntities } from '../store/kg-queries.js';
import { neighbourhoodSlice, relationsAmong } from '../store/graph-slices.js';
import { serializeError } from '../reasoning/materialize-in-worker.js';
import type { PooledAnswer, PooledRead } from './read-pool.js';

/**
 * A read-pool thread: answers plain reads on its own read-only connection to the KG file (opened on the first read
 * of that file), serialising each result to UTF-8 JSON here, off the service's thread. kg.stats runs outside a
 * transaction (its cache is keyed by the connection's change counter); every other read runs in one read transaction,
 * so its several statements see one committed state.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Read = (store: KgStore, input: any) => unknown;
const READS: Partial<Record<CallName, Read>> = {
  'kg.stats': (store) => kgStats(store),
  'entity.search': (store, input: { text: string; limit?: number }) => searchEntities(store, input.text, input.limit),
  'entity.get': (store, input: { key: string }) => entityDetail(store, input.key),
  'triple.get': (store, input: { id: number }) => getTriple(store, input.id),
  'graph.neighbourhood': (store, input) => neighbourhoodSlice(store, input.key, input.hops, input.limit, input.filter, input.maxEdges),
  'graph.among': (store, input) => relationsAmong(store, input.ids, input.filter, input.maxEdges),
};
const SNAPSHOT_FREE: ReadonlySet<CallName> = new Set<CallName>(['kg.stats']);

let store: KgStore | null = null;

function storeFor(path: string): KgStore {
  if (store?.path === path && store.db.open) return store;
  store?.close();
  store = null;
  store = KgStore.open(path, { readonly: true, mustExist: true });
  return store;
}

const encoder = new TextEncoder();

parentPort!.on('message', (m: PooledRead) => {
  let answer: PooledAnswer;
  try {
    const read = READS[m.call];
    if (!read) throw new Error(`${m.call} is not a pooled read`);
    const kg = storeFor(m.path);
    const result = SNAPSHOT_FREE.has(m.call) ? read(kg, m.input) : kg.db.transaction(() => read(kg, m.input))();
    answer = { id: m.id, json: encoder.encode(JSON.stringify(result) ?? 'null') };
  } catch (err) {
    answer = { id: m.id, error: serializeError(err) };
  }
  parentPort!.postMessage(answer, 'json' in answer ? [answer.json.buffer as ArrayBuffer] : []);
});
