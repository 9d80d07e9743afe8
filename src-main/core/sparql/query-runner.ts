import { Worker } from 'node:worker_threads';
import { CancelledError } from '../run/cancelled-error.js';
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
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { worker: Worker; resolve: (r: SparqlResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./query-worker.mjs', import.meta.url));
    worker.on('message', (m: WorkerAnswer) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (![...this.pending.values()].some((q) => q.worker === worker)) worker.unref();
      if ('result' in m) p.resolve(m.result);
      else p.reject(m.error.syntax ? new SparqlSyntaxError(m.error.syntax.line, m.error.syntax.column, m.error.syntax.problem) : new Error(m.error.message));
    });
    const fail = (err: Error): void => {
      if (this.worker === worker) this.worker = null;
      this.rejectAll(worker, err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SPARQL worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Fails every query sent to `worker`. */
  private rejectAll(worker: Worker, err: Error): void {
    for (const [id, p] of [...this.pending]) {
      if (p.worker !== worker) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }

  /** Ends a worker: every query sent to it fails with `reason`. */
  private stop(worker: Worker | null, reason: Error): void {
    if (!worker) return;
    if (this.worker === worker) this.worker = null;
    this.rejectAll(worker, reason);
    void worker.terminate();
  }

  query(kg: KgStore, query: string, options: RunnerOptions = {}): Promise<SparqlResult> {
    if (options.signal?.aborted) return Promise.reject(new CancelledError());
    const message: WorkerQuery = {
      id: this.nextId++,
      path: kg.path,
      counter: kgChangeCounter(kg.db),
      view: { derived: options.derived ?? false, entityColumns: options.entityColumns ?? true, graphs: options.graphs ?? 'union' },
      query,
      format: options.format ?? 'json',
    };
    const worker = this.ensureWorker();
    return new Promise<SparqlResult>((resolve, reject) => {
      const timer = options.timeoutMs ? setTimeout(() => this.stop(worker, new QueryTimeoutError(options.timeoutMs!)), options.timeoutMs) : null;
      const onAbort = (): void => this.stop(worker, new CancelledError());
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(message.id, { worker, resolve: (r) => (done(), resolve(r)), reject: (e) => (done(), reject(e)) });
      worker.ref();
      worker.postMessage(message);
    });
  }

  close(): void {
    this.stop(this.worker, new Error('the service closed'));
  }
}
