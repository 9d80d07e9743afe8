import { parentPort } from 'node:worker_threads';
import type { CallName } from '../../contract/api.js';
import { KgStore } from '../store/kg-store.js';
import { entityDetail, getTriple, kgStats, searchEntities } from '../store/kg-queries.js';
import { neighbourhoodSlice, relationsAmong } from '../store/graph-slices.js';
import { serializeError } from '../reasoning/materialize-in-worker.js';
import { kgChangeCounter } from '../store/change-counter.js';
import type { PooledAnswer, PooledRead } from './read-pool.js';

/**
 * A read-pool thread: answers plain reads on its own read-only connection to the KG file (opened on the first read
 * of that file), serialising each result to JSON here, off the service's thread. kg.stats runs outside a
 * transaction (its answer is kept per change counter); every other read runs in one read transaction, so its several
 * statements see one committed state.
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
/** kg.stats of `store` as JSON, kept until the KG's change counter moves: most stats calls cost one counter read. */
let statsJson: { counter: string; json: string } | null = null;

function storeFor(path: string): KgStore {
  if (store?.path === path && store.db.open) return store;
  store?.close();
  store = null;
  statsJson = null;
  store = KgStore.open(path, { readonly: true, mustExist: true });
  return store;
}


function answer(kg: KgStore, m: PooledRead): string {
  const read = READS[m.call];
  if (!read) throw new Error(`${m.call} is not a pooled read`);
  if (SNAPSHOT_FREE.has(m.call)) {
    const counter = kgChangeCounter(kg.db);
    if (statsJson?.counter !== counter) statsJson = { counter, json: JSON.stringify(read(kg, m.input)) };
    return statsJson.json;
  }
  return JSON.stringify(kg.db.transaction(() => read(kg, m.input))()) ?? 'null';
}

// The JSON goes back as a string: posting one copies its characters, where encoding it to UTF-8 here first
// (TextEncoder) cost ten times as much for a slice with non-ASCII labels; the request thread writes it to the socket.
parentPort!.on('message', (m: PooledRead) => {
  let reply: PooledAnswer;
  try {
    reply = { id: m.id, json: answer(storeFor(m.path), m) };
  } catch (err) {
    reply = { id: m.id, error: serializeError(err) };
  }
  parentPort!.postMessage(reply);
});
