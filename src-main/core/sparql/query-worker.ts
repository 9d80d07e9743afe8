import { parentPort } from 'node:worker_threads';
import { KgStore } from '../store/kg-store.js';
import { loadKgDataset, type DatasetOptions, type KgDataset } from './kg-dataset.js';
import { runSparqlQuery, SparqlSyntaxError } from './sparql-query.js';
import type { SparqlFormat } from '../../contract/sparql-types.js';

/** A query for the worker: the KG file, its change counter as the service saw it, the view and the query. */
export interface WorkerQuery {
  id: number;
  path: string;
  counter: string;
  view: Required<DatasetOptions>;
  query: string;
  format: SparqlFormat;
}

export type WorkerAnswer =
  | { id: number; result: ReturnType<typeof runSparqlQuery> }
  | { id: number; error: { message: string; syntax: { line: number; column: number; problem: string } | null } };

/** The loaded store, kept while the KG file's change counter and the view stay the same. */
let cached: { key: string; dataset: KgDataset } | null = null;

parentPort!.on('message', (m: WorkerQuery) => {
  try {
    const key = JSON.stringify([m.path, m.counter, m.view]);
    let loadMs = 0;
    if (!cached || cached.key !== key) {
      cached = null; // let a replaced store be collected before the next one is built
      const kg = KgStore.open(m.path, { mustExist: true, readonly: true });
      try {
        const dataset = loadKgDataset(kg, m.view);
        cached = { key, dataset };
        loadMs = dataset.loadMs;
      } finally {
        kg.close();
      }
    }
    const result = runSparqlQuery(null, m.query, { format: m.format, dataset: cached.dataset });
    parentPort!.postMessage({ id: m.id, result: { ...result, loadMs } } satisfies WorkerAnswer);
  } catch (err) {
    const syntax = err instanceof SparqlSyntaxError ? { line: err.line, column: err.column, problem: err.problem } : null;
    parentPort!.postMessage({ id: m.id, error: { message: (err as Error).message ?? String(err), syntax } } satisfies WorkerAnswer);
  }
});
