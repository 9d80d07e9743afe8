/**
 * reason.materialize in a worker thread: the rules are evaluated and their triples written on the worker's own
 * connection to the KG file, so the service's thread goes on answering reads (which see the last committed state,
 * WAL) while a rule run takes seconds or minutes. Cancel (the call's AbortSignal) reaches the worker as a message and
 * rolls its write back; errors come back as the same kinds the in-process run throws.
 */
import type { MaterializeResult } from '../../contract/reasoning-types.js';
import { CancelledError } from '../run/cancelled-error.js';
import { runInWorker } from '../run/run-in-worker.js';
import { WriterBusyError, type KgStore } from '../store/kg-store.js';
import { maxRowId } from '../store/kg-lookup.js';
import { BadKeyError } from '../store/triple-writer.js';
import { DatalogError } from './datalog/errors.js';
import type { EvalLimits } from './datalog/limits.js';
import type { RuleText } from './rule-packs.js';
import { materializeRules } from './kg-reasoning.js';

/** What the worker is given: everything materializeRules takes except the signal, which becomes `cancel` messages. */
export interface MaterializeJob {
  path: string;
  rules: RuleText[];
  name?: string;
  schema?: boolean;
  limits: Omit<EvalLimits, 'signal'>;
}

/** An error as it crosses the thread boundary: its class, message and own fields (a limit error's limit, rule, counts). */
export interface SerializedError {
  type: string;
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type MaterializeAnswer = { result: MaterializeResult } | { error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { type: 'Error', name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    try {
      fields[k] = structuredClone(v);
    } catch {
      // Not cloneable (a function, a handle): not part of what the faces show.
    }
  }
  return { type: err.constructor.name, name: err.name, message: err.message, fields };
}

/** A stand-in for an error class this side does not know: not a plain Error, so the faces report it as internal. */
class WorkerError extends Error {}

/** The error again, as an instance of its own class where the faces tell classes apart. */
export function reviveError(e: SerializedError): Error {
  let err: Error;
  if (e.type === 'CancelledError') return new CancelledError();
  if (e.type === 'DatalogError') err = new DatalogError(e.fields.reason as string, e.fields.pos as DatalogError['pos']);
  else if (e.type === 'WriterBusyError') err = new WriterBusyError(e.message);
  else if (e.type === 'BadKeyError') err = new BadKeyError(e.message);
  else if (e.type === 'Error') err = new Error(e.message);
  else err = new WorkerError(e.message);
  err.name = e.name;
  return Object.assign(err, e.fields);
}

/**
 * Runs materializeRules over the KG file at `path` in a worker thread; resolves or throws as the run would. The thread
 * runs at a lower priority (niceness 10): on a machine with few cores the threads answering reads come first, and
 * the rule run takes what they leave.
 */
export function materializeInWorker(job: MaterializeJob, signal?: AbortSignal): Promise<MaterializeResult> {
  return runInWorker(new URL('./materialize-worker.mjs', import.meta.url), {
    signal,
    name: 'the materialisation worker',
    workerData: job,
    cancel: 'message',
    niceness: MATERIALIZE_NICENESS,
    read: (raw) => {
      const m = raw as MaterializeAnswer;
      return 'result' in m ? m : { error: reviveError(m.error) };
    },
  });
}

/** The rule run's thread gives way to the service's (Linux niceness: 0 normal, 19 lowest). */
export const MATERIALIZE_NICENESS = 10;

/** KG files with more triples than this materialise in a worker (a smaller run takes less than a worker's start). */
export const MATERIALIZE_WORKER_MIN_TRIPLES = 20_000;

/**
 * materializeRules as the service runs it: in a worker thread for a KG file of more than
 * MATERIALIZE_WORKER_MIN_TRIPLES triples (or whenever `worker` is true), else in this thread (an in-memory KG has no
 * second connection).
 */
export function materializeRulesOffThread(
  store: KgStore,
  rules: RuleText[],
  opts: { name?: string; schema?: boolean; limits?: EvalLimits; worker?: boolean } = {},
): Promise<MaterializeResult> {
  const file = store.path !== ':memory:' && store.path !== '';
  const useWorker = file && (opts.worker ?? maxRowId(store.db, 'triples') > MATERIALIZE_WORKER_MIN_TRIPLES);
  if (!useWorker) return materializeRules(store, rules, opts);
  const { signal, ...limits } = opts.limits ?? {};
  return materializeInWorker({ path: store.path, rules, name: opts.name, schema: opts.schema, limits }, signal);
}
