import { RequestWorker } from '../run/run-in-worker.js';
import { kgChangeCounter } from '../store/change-counter.js';
import type { KgStore } from '../store/kg-store.js';
import type { DatasetOptions } from './kg-dataset.js';
import { SparqlSyntaxError } from './sparql-query.js';
import type { SparqlFormat, SparqlResult } from '../../contract/sparql-types.js';
import type { WorkerAnswer, WorkerQuery } from './query-worker.js';

export interface RunnerOptions extends DatasetOptions {
  format?: SparqlFormat;
  /** Stop the query after this long (the engine cannot be interrupted in place: its worker is ended). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A query stopped by its time limit. */
export class QueryTimeoutError extends Error {
  constructor(ms: number) {
    super(`the query ran past ${ms / 1000} s and was stopped`);
    this.name = 'QueryTimeoutError';
  }
}

/**
 * Runs SPARQL queries over a KG file in a worker thread that keeps the loaded store, so a long query never blocks
 * the service (the server's and the app's other calls go on) and Cancel or a time limit can stop it: the worker is
 * ended, and the next query starts a fresh one (and loads the KG again).
 */
export class SparqlQueryRunner {
  private worker: RequestWorker<SparqlResult> | null = null;

  private ensureWorker(): RequestWorker<SparqlResult> {
    if (this.worker) return this.worker;
    const worker: RequestWorker<SparqlResult> = new RequestWorker<SparqlResult>(new URL('./query-worker.mjs', import.meta.url), {
      name: 'the SPARQL worker',
      read: (raw) => {
        const m = raw as WorkerAnswer;
        if ('result' in m) return m;
        const { syntax } = m.error;
        return { id: m.id, error: syntax ? new SparqlSyntaxError(syntax.line, syntax.column, syntax.problem) : new Error(m.error.message) };
      },
      onStop: () => {
        if (this.worker === worker) this.worker = null;
      },
    });
    this.worker = worker;
    return worker;
  }

  query(kg: KgStore, query: string, options: RunnerOptions = {}): Promise<SparqlResult> {
    const message: Omit<WorkerQuery, 'id'> = {
      path: kg.path,
      counter: kgChangeCounter(kg.db),
      view: { derived: options.derived ?? false, entityColumns: options.entityColumns ?? true, graphs: options.graphs ?? 'union' },
      query,
      format: options.format ?? 'json',
    };
    const { timeoutMs } = options;
    return this.ensureWorker().request(message, {
      signal: options.signal,
      cancel: 'terminate',
      timeoutMs: timeoutMs || undefined,
      timeoutError: () => new QueryTimeoutError(timeoutMs!),
    });
  }

  close(): void {
    this.worker?.stop(new Error('the service closed'));
  }
}
