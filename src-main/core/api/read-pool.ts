/**
 * Plain reads (search, neighbourhood, stats, an entity, a triple, relations among nodes) on a small pool of worker
 * threads, each with its own read-only connection to the KG file. The thread that called only validates and hands the
 * result's JSON bytes on: the SQL, the building of the result and its serialisation (a dense neighbourhood is
 * megabytes) run beside it, so one heavy read no longer holds up every other request. A worker's connection reads
 * the last committed state (WAL): never rows of a write still open on another connection, and each read runs in one
 * read transaction (one snapshot).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CallName } from '../../contract/api.js';
import { CancelledError } from '../run/cancelled-error.js';
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

/** A worker's answer: the result as UTF-8 JSON (its buffer transferred, not copied), or the error. */
export type PooledAnswer = { id: number; json: Uint8Array } | { id: number; error: SerializedError };

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (json: Uint8Array) => void; reject: (err: Error) => void }>;
}

/** Threads a pool starts when not told: two (one where the machine has a single core). */
export function defaultReadWorkers(): number {
  const env = Number(process.env.RELATA_READ_WORKERS);
  if (Number.isInteger(env) && env >= 0) return env;
  return Math.min(2, Math.max(1, availableParallelism() - 1));
}

export class ReadPool {
  private readonly slots: Array<Slot | null>;
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number = defaultReadWorkers()) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => null);
    // Started now, so that the first reads do not wait for a thread to load.
    for (let i = 0; i < this.slots.length; i++) this.slot(i);
  }

  private slot(i: number): Slot {
    const existing = this.slots[i];
    if (existing) return existing;
    const worker = new Worker(new URL('./read-pool-worker.mjs', import.meta.url));
    // An idle pool does not keep the process alive (a CLI command, a test run ends when its work does).
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    const fail = (err: Error): void => {
      if (this.slots[i] === slot) this.slots[i] = null;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on('message', (m: PooledAnswer) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if ('json' in m) p.resolve(m.json);
      else p.reject(reviveError(m.error));
    });
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => fail(new Error(`a read worker stopped (exit code ${code})`)));
    this.slots[i] = slot;
    return slot;
  }

  /**
   * The read's result as UTF-8 JSON. kg.stats always goes to the first worker (its cache lives there: after a commit
   * only one thread spends the second or so of counting a large KG again); every other read to the worker with the
   * fewest reads waiting, the last one on a tie, so a thread busy counting is passed over.
   */
  run(path: string, call: CallName, input: unknown, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error('the read pool is closed'));
    if (signal?.aborted) return Promise.reject(new CancelledError());
    let best = this.slots.length - 1;
    if (call === 'kg.stats') best = 0;
    else for (let i = best - 1; i >= 0; i--) if ((this.slots[i]?.pending.size ?? 0) < (this.slots[best]?.pending.size ?? 0)) best = i;
    const slot = this.slot(best);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, path, call, input } satisfies PooledRead);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.slots.filter((s): s is Slot => s !== null).map((s) => s.worker);
    this.slots.fill(null);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
