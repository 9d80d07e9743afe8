// "Work on this locally": an entity's neighbourhood in a remote KG, found with bounded queries, then pulled into the
// open KG file by sparql.pull (paged, one transaction, provenance naming the endpoint and the query), so rules,
// embeddings and GNNs run on it like on any local KG.
import type { RemotePullResult } from '../../contract/remote-types.js';
import type { RunOptions } from '../run/run-options.js';
import { pullFromEndpoint } from '../sparql/pull.js';
import type { KgStore } from '../store/kg-store.js';
import type { RemoteKg } from './remote-kg.js';

export interface WorkLocallyOptions {
  iri: string;
  /** 1 or 2 hops around the entity. */
  hops: number;
  /** Most entities pulled (the entity first, then its neighbours); their triples among them, types and literals come along. */
  limit: number;
  timeoutMs?: number;
}

export async function pullNeighbourhood(store: KgStore, remote: RemoteKg, options: WorkLocallyOptions, run: RunOptions = {}): Promise<RemotePullResult> {
  run.onProgress?.({ phase: `finding the ${options.hops}-hop neighbourhood at ${remote.endpoint}`, done: 0, unit: 'items' });
  const slice = await remote.neighbourhood(options.iri, options.hops, options.limit, options.limit, { timeoutMs: options.timeoutMs, signal: run.signal });
  // The entity, then its neighbours best connected within the slice first.
  const iris = [options.iri, ...slice.nodes.filter((n) => n.iri !== options.iri).sort((a, b) => b.degree - a.degree).map((n) => n.iri)].slice(0, options.limit);
  const query = remote.subgraphQuery(iris);
  const pulled = await pullFromEndpoint(store, { endpoint: remote.endpoint, query, timeoutMs: options.timeoutMs }, run);
  return { ...pulled, iri: options.iri, hops: options.hops, entities: iris.length, query };
}
