/**
 * Plain reads (search, neighbourhood, stats, an entity, a triple, relations among nodes) on a small pool of worker
 * threads, each with its own read-only connection to the KG file. The thread that called only validates and hands the
 * result's JSON text on: the SQL, the building of the result and its serialisation (a dense neighbourhood is
 * megabytes) run beside it, so one heavy read no longer holds up every other request. A worker's connection reads
 * the last committed state (WAL): never rows of a write still open on another connection, and each read runs in one
 * read transaction (one snapshot).
 */
import { availableParallelism } from 'node:os';
import type { CallName } from '../../contract/api.js';
import { RequestWorker } from '../run/run-in-worker.js';
import { reviveError, type SerializedError } from '../reasoning/materialize-in-worker.js';

/** The calls a pool worker answers: pure reads of the KG file. */
export const POOLED_READS: ReadonlySet<CallName> = new Set<CallName>(['kg.stats', 'entity.search', 'entity.get', 'triple.get', 'graph.neighbourhood', 'graph.among']);

/** One read sent to a worker: the KG file, the call and its validated input. */
export interface PooledRead {
  id: number;
  path: string;
  call: CallName;
  input: unknown;
}

/** A worker's answer: the result as JSON text, or the error. */
export type PooledAnswer = { id: number; json: string } | { id: number; error: SerializedError };

/**
 * Threads a pool starts when not told (RELATA_READ_WORKERS): two, one where the machine has a single core. Two on two
 * cores: the request thread mostly waits on sockets, and a rule run's thread yields to them (it runs niced).
 */
export function defaultReadWorkers(): number {
  const env = Number(process.env.RELATA_READ_WORKERS);
  if (Number.isInteger(env) && env >= 0) return env;
  return Math.min(2, Math.max(1, availableParallelism()));
}

export class ReadPool {
  private readonly slots: Array<RequestWorker<string> | null>;
  private closed = false;

  constructor(readonly size: number = defaultReadWorkers()) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => null);
    // Started now, so that the first reads do not wait for a thread to load.
    for (let i = 0; i < this.slots.length; i++) this.slot(i);
  }

  /** Slot i's thread, started again after one stopped (its reads failed with the reason). */
  private slot(i: number): RequestWorker<string> {
    const existing = this.slots[i];
    if (existing) return existing;
    const worker: RequestWorker<string> = new RequestWorker<string>(new URL('./read-pool-worker.mjs', import.meta.url), {
      name: 'a read worker',
      read: (raw) => {
        const m = raw as PooledAnswer;
        return 'error' in m ? { id: m.id, error: reviveError(m.error) } : { id: m.id, result: m.json };
      },
      onStop: () => {
        if (this.slots[i] === worker) this.slots[i] = null;
      },
    });
    this.slots[i] = worker;
    return worker;
  }

  /**
   * The read's result as JSON text. kg.stats always goes to the first worker (its cache lives there: after a commit
   * only one thread spends the second or so of counting a large KG again); every other read to the worker with the
   * fewest reads waiting, the last one on a tie, so a thread busy counting is passed over. Cancel answers the call at
   * once; the worker finishes the read (one read transaction, writing nothing) and its answer is dropped.
   */
  run(path: string, call: CallName, input: unknown, signal?: AbortSignal): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the read pool is closed'));
    let best = this.slots.length - 1;
    if (call === 'kg.stats') best = 0;
    else for (let i = best - 1; i >= 0; i--) if ((this.slots[i]?.waiting ?? 0) < (this.slots[best]?.waiting ?? 0)) best = i;
    return this.slot(best).request({ path, call, input } satisfies Omit<PooledRead, 'id'>, { signal, cancel: 'drop' });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.slots.filter((s): s is RequestWorker<string> => s !== null);
    this.slots.fill(null);
    await Promise.all(workers.map((w) => w.close(new Error('the read pool is closed'))));
  }
}
