/**
 * Work on a worker thread, with the rules every caller needs in one place: each promise is settled once (by the
 * answer, an error, the thread's exit, Cancel or a time limit), the abort listener and timer are removed when it is,
 * an idle thread does not keep the process alive, and Cancel either ends the thread (work that writes nothing) or
 * asks the worker to stop (a write that must roll back, answered with the worker's own CancelledError).
 *
 * Two shapes: runInWorker starts a thread for one job (progress messages, then a result or an error);
 * RequestWorker keeps one thread answering requests by id (a read pool's thread, a SPARQL store kept loaded).
 */
import { Worker } from 'node:worker_threads';
import type { ProgressEvent } from '../../contract/types.js';
import { CancelledError } from './cancelled-error.js';
import type { RunOptions } from './run-options.js';

/** One message from a job's worker, as its caller reads it; null for a message to ignore. */
export type JobMessage<T> = { result: T } | { error: Error } | { progress: ProgressEvent } | null;

export interface RunInWorkerOptions<T> extends RunOptions {
  /** Named in the error when the thread stops without answering ("the materialisation worker"). */
  name: string;
  workerData?: unknown;
  /**
   * What Cancel does: 'terminate' ends the thread at once; 'message' posts `{ cancel: true }` and waits for the
   * worker's answer (it rolls back and answers a CancelledError).
   */
  cancel: 'terminate' | 'message';
  /**
   * Scheduling niceness of the thread (Linux: 0 normal, 19 lowest): background work such as a rule run gives way to
   * the threads answering reads. Set from inside the thread, where it applies to that thread alone.
   */
  niceness?: number;
  read: (message: unknown) => JobMessage<T>;
}

/**
 * A worker for `url`. With a niceness the thread first lowers its own priority (setpriority with pid 0 is the
 * calling thread on Linux), then loads the entry; where that is refused (another OS) it runs at normal priority.
 */
function startWorker(url: URL, workerData: unknown, niceness: number | undefined): Worker {
  if (niceness === undefined) return new Worker(url, { workerData });
  const bootstrap = `try { require('node:os').setPriority(0, ${Math.trunc(niceness)}); } catch {}\nimport(${JSON.stringify(url.href)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** A once-only settle for one promise: removes the abort listener and timer, then resolves or rejects. */
function settleOnce(signal: AbortSignal | undefined, onAbort: () => void): { settled: () => boolean; settle: (fn: () => void) => void; timer: (t: NodeJS.Timeout) => void } {
  let done = false;
  let timeout: NodeJS.Timeout | null = null;
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    settled: () => done,
    timer: (t) => (timeout = t),
    settle: (fn) => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      if (timeout) clearTimeout(timeout);
      fn();
    },
  };
}

/** One job on a thread of its own: resolves with its result, rejects with its error, CancelledError on Cancel. */
export function runInWorker<T>(url: URL, options: RunInWorkerOptions<T>): Promise<T> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const worker = startWorker(url, options.workerData, options.niceness);
    const cancel = (): void => {
      if (options.cancel === 'message') {
        worker.postMessage({ cancel: true });
        return;
      }
      run.settle(() => reject(new CancelledError()));
      void worker.terminate();
    };
    const run = settleOnce(signal, cancel);
    worker.on('message', (raw: unknown) => {
      const m = options.read(raw);
      if (!m) return;
      if ('progress' in m) {
        if (!run.settled()) onProgress?.(m.progress);
      } else run.settle(() => ('result' in m ? resolve(m.result) : reject(m.error)));
    });
    worker.once('error', (err) => run.settle(() => reject(err)));
    worker.once('exit', (code) => run.settle(() => reject(new Error(`${options.name} stopped (exit code ${code})`))));
  });
}

/** A request worker's answer to request `id`, as its owner reads it. */
export type RequestAnswer<T> = { id: number; result: T } | { id: number; error: Error };

export interface RequestOptions {
  signal?: AbortSignal;
  /** What Cancel does: 'terminate' ends the thread (every request on it fails); 'drop' answers this request alone. */
  cancel?: 'terminate' | 'drop';
  /** Ends the thread after this long, failing its requests with `timeoutError()`. */
  timeoutMs?: number;
  timeoutError?: () => Error;
  /** Buffers of the request moved to the thread, not copied. */
  transfer?: ArrayBuffer[];
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (err: Error) => void;
}

/**
 * One long-lived thread answering requests: each request is posted as `{ id, ...body }` and answered by a message
 * `read` maps to `{ id, result }` or `{ id, error }`. When the thread fails or exits, every request waiting on it
 * fails and `onStop` tells the owner (which starts a fresh one for the next request).
 */
export class RequestWorker<T> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending<T>>();
  private nextId = 1;
  private stopped = false;

  constructor(
    url: URL,
    private readonly options: { name: string; read: (message: unknown) => RequestAnswer<T> | null; onStop?: () => void },
  ) {
    this.worker = new Worker(url);
    // An idle thread does not keep the process alive (a CLI command, a test run ends when its work does).
    this.worker.unref();
    this.worker.on('message', (raw: unknown) => {
      const m = this.options.read(raw);
      const p = m && this.pending.get(m.id);
      if (!m || !p) return;
      this.take(m.id);
      if ('result' in m) p.resolve(m.result);
      else p.reject(m.error);
    });
    this.worker.on('error', (err) => this.stop(err));
    this.worker.on('exit', (code) => this.stop(new Error(`${this.options.name} stopped (exit code ${code})`)));
  }

  /** Requests sent and not yet answered. */
  get waiting(): number {
    return this.pending.size;
  }

  private take(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }

  request(body: object, options: RequestOptions = {}): Promise<T> {
    const { signal } = options;
    if (this.stopped) return Promise.reject(new Error(`${this.options.name} has stopped`));
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const cancel = (): void => {
        if (options.cancel === 'terminate') this.stop(new CancelledError());
        else if (this.pending.has(id)) {
          this.take(id);
          call.settle(() => reject(new CancelledError()));
        }
      };
      const call = settleOnce(signal, cancel);
      if (options.timeoutMs !== undefined) {
        const ms = options.timeoutMs;
        call.timer(setTimeout(() => this.stop(options.timeoutError?.() ?? new Error(`${this.options.name} ran past ${ms} ms`)), ms));
      }
      this.pending.set(id, { resolve: (v) => call.settle(() => resolve(v)), reject: (e) => call.settle(() => reject(e)) });
      this.worker.ref();
      this.worker.postMessage({ id, ...body }, options.transfer ?? []);
    });
  }

  /** Ends the thread: every request waiting on it fails with `reason`. */
  stop(reason: Error): void {
    if (!this.stopped) {
      this.stopped = true;
      void this.worker.terminate();
      this.options.onStop?.();
    }
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(reason);
  }

  /** Ends the thread and waits for it to exit. */
  async close(reason = new Error(`${this.options.name} was closed`)): Promise<void> {
    const exited = new Promise<void>((ok) => (this.stopped ? ok() : this.worker.once('exit', () => ok())));
    this.stop(reason);
    await exited;
  }
}
